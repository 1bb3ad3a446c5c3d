"""questions.renderings: findings written as JSON, CSV, SPARQL JSON, RDF and a text table."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import RDFS, XSD, Graph, Literal, URIRef

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable
from coopgraph.questions.findings import Findings, Record
from coopgraph.questions.renderings import (
    PLAIN_JSON,
    FindingsPage,
    cell_json,
    findings_csv,
    findings_json,
    findings_media_type,
    findings_rdf,
    findings_sparql_json,
    graph_iris,
    iri_labels,
    iris_of,
    text_table,
)
from coopgraph.store import read_table
from coopgraph.store.embedded import EmbeddedStore

ID = "https://w3id.org/coopgraph/id/"
A, B = URIRef(ID + "actor/a"), URIRef(ID + "actor/b")
LABELLED = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{A}> skos:prefLabel "Acteur A"@fr, "Actor A"@en .
<{B}> rdfs:label "B sans langue", "B auf Deutsch"@de .
""".encode()
RECORDS: list[Record] = [
    {
        "actor": A,
        "count": Literal(3),
        "names": (Literal("un", lang="fr"), Literal("one", lang="en")),
    },
    {"actor": B, "ratio": Literal("0.5", datatype=XSD.decimal)},
]
FINDINGS = Findings(("actor", "count", "ratio", "names"), RECORDS, {"best": A})


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """A store holding the labels of the two actors."""
    loaded = EmbeddedStore.in_memory()
    loaded.load(LABELLED, formats.TURTLE, "http://example.org/labels")
    return loaded


def test_labels_prefer_the_language_then_untagged(store: EmbeddedStore) -> None:
    names = iri_labels(store, iris_of(RECORDS, FINDINGS.summary), "en")
    assert names == {A: Literal("Actor A", lang="en"), B: Literal("B sans langue")}
    assert iri_labels(store, [], "en") == {}


def test_plain_json_has_labels_numbers_and_the_summary(store: EmbeddedStore) -> None:
    names = iri_labels(store, [A, B], "fr")
    document = json.loads(findings_json(FINDINGS, RECORDS, names, "fr", {"query": "q"}))
    assert document["query"] == "q"
    assert document["results"][0] == {
        "actor": {"iri": str(A), "label": "Acteur A"}, "count": 3, "names": ["un"],
    }  # fmt: skip
    assert document["results"][1]["ratio"] == 0.5
    assert document["summary"] == {"best": {"iri": str(A), "label": "Acteur A"}}
    assert document["truncated"] is False


def test_csv_has_a_label_column_after_each_iri_column(store: EmbeddedStore) -> None:
    names = iri_labels(store, [A, B], "en")
    rows = list(csv.reader(io.StringIO(findings_csv(FINDINGS, RECORDS, names, "en").decode())))
    assert rows == [
        ["actor", "actorLabel", "count", "ratio", "names"],
        [str(A), "Actor A", "3", "", "one"],
        [str(B), "B sans langue", "", "0.5", ""],
    ]


def test_sparql_json_is_read_back_as_the_same_rows() -> None:
    table = read_table(findings_sparql_json(FINDINGS, RECORDS, "fr"))
    assert table.variables == FINDINGS.columns
    assert table.rows[0] == {"actor": A, "count": Literal(3), "names": Literal("un")}
    assert table.rows[1] == RECORDS[1]


def test_rdf_carries_the_labels(store: EmbeddedStore) -> None:
    graph = Graph()
    graph.add((A, URIRef(ID + "knows"), B))
    assert graph_iris(graph) == [A, B]
    body = findings_rdf(graph, iri_labels(store, graph_iris(graph), "en"), formats.TURTLE)
    reread = Graph().parse(data=body, format="turtle")
    assert (A, RDFS.label, Literal("Actor A", lang="en")) in reread
    assert len(reread) == 3


@pytest.mark.parametrize(
    ("format_name", "accept", "with_graph", "expected"),
    [
        ("csv", None, False, formats.CSV),
        (None, None, False, PLAIN_JSON),
        (None, "text/turtle, text/csv;q=0.5", True, formats.TURTLE),
        (None, "text/turtle, text/csv;q=0.5", False, formats.CSV),
        ("jsonld", None, True, formats.JSON_LD),
    ],
    ids=["format", "default", "graph", "no-graph", "jsonld"],
)
def test_the_media_type_is_named_or_negotiated(
    format_name: str | None, accept: str | None, with_graph: bool, expected: str
) -> None:
    findings = Findings(("s",), [], graph=Graph() if with_graph else None)
    assert findings_media_type(format_name, accept, findings) == expected


def test_a_media_type_the_findings_cannot_take_is_refused() -> None:
    with pytest.raises(InputError, match="'turtle' is not one of json, csv, sparql-json"):
        findings_media_type("turtle", None, FINDINGS)
    with pytest.raises(NotAcceptable, match="image/png"):
        findings_media_type(None, "image/png", FINDINGS)


def test_pages_slice_the_records() -> None:
    page = FindingsPage(offset=2, limit=2, total=5)
    records: list[Record] = [{"n": Literal(n)} for n in range(5)]
    assert page.slice(records) == records[2:4]
    assert (page.previous_offset, page.next_offset) == (0, 4)
    assert FindingsPage(4, 2, 5).next_offset is None
    assert FindingsPage(0, 2, 5).previous_offset is None


def test_the_text_table_is_aligned_with_labels() -> None:
    table = text_table(Findings(("actor", "count"), RECORDS), RECORDS, {A: Literal("A")}, "en")
    assert table.splitlines() == [
        "actor".ljust(len(f"A <{A}>")) + "  count",
        f"A <{A}>  3",
        str(B),
    ]


def test_a_cell_in_plain_json() -> None:
    assert cell_json([Literal(True), {"x": Literal("1.5", datatype=XSD.double)}],
                     {}, "fr") == [True, {"x": 1.5}]  # fmt: skip
