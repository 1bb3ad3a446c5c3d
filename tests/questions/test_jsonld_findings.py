"""questions.jsonld_findings: findings as compact JSON-LD naming the project's context by URL.

Each document is expanded and turned into RDF by pyld with a document loader of this test's
own, which serves the project's context file from memory and refuses anything else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from coopgraph.questions.findings import Findings, Record
from coopgraph.questions.jsonld_findings import (
    RESULT_SET,
    JsonLdSite,
    column_iri,
    document_loader,
    findings_jsonld,
    graph_jsonld,
    term_value,
)
from coopgraph.questions.renderings import Names

CONTEXT_FILE = Path(__file__).parents[2] / "src" / "coopgraph" / "linked_data" / "context.jsonld"
CONTEXT: dict[str, Any] = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
CONTEXT_URL = "http://testserver/context.jsonld"
SITE = JsonLdSite("http://testserver/api/sample?lang=en", CONTEXT_URL, CONTEXT)
ID, CG = "https://w3id.org/coopgraph/id/", "https://w3id.org/coopgraph/def/"
A, B, E = URIRef(ID + "actor/a"), URIRef(ID + "actor/b"), URIRef(ID + "effect/e")
RS = RESULT_SET
RECORDS: list[Record] = [
    {"actor": A, "count": Literal(3), "path": (A, E)},
    {"actor": A, "count": Literal(4), "ratio": Literal("0.5", datatype=XSD.decimal)},
    {"actor": B, "names": (Literal("un", lang="fr"), Literal("one", lang="en"))},
]
FINDINGS = Findings(("actor", "count", "ratio", "path", "names"), RECORDS, {"bridging": (A, B)})
NAMES = Names({A: Literal("Acteur A", lang="fr")})


def _load(url: str, options: Any = None) -> dict[str, Any]:
    """This test's loader: the project's context at CONTEXT_URL, nothing else."""
    assert url == CONTEXT_URL, f"tried to load {url}"
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def as_graph(document: dict[str, Any]) -> Graph:
    """The RDF a JSON-LD 1.1 processor reads in the document."""
    quads = jsonld.to_rdf(document, {"documentLoader": _load, "format": "application/n-quads"})
    return Graph().parse(data=quads, format="nt")


@pytest.fixture(scope="module")
def answer() -> dict[str, Any]:
    """The records' result set, as a client reads it."""
    document: dict[str, Any] = json.loads(
        findings_jsonld("sample", FINDINGS, (RECORDS, 10), NAMES, "fr", SITE)
    )
    return document


def test_the_context_is_named_by_its_url_not_inlined(answer: dict[str, Any]) -> None:
    project, local = answer["@context"]
    assert project == CONTEXT_URL
    assert not set(local) & set(CONTEXT["@context"])  # no project prefix copied in
    assert local["actor"] == {"@id": column_iri("sample", "actor"), "@type": "@id"}


def test_values_are_compacted_with_the_project_prefixes(answer: dict[str, Any]) -> None:
    page, label = answer["@graph"]
    first, second, third = page["rs:solution"]
    assert (first["rs:index"], first["actor"], first["count"]) == (11, "id:actor/a", 3)
    assert first["path"] == ["id:actor/a", "id:effect/e"]
    assert second["ratio"] == "0.5"
    assert third["names"] == ["un"]  # the answer's language only, as in the other formats
    assert page["bridging"] == ["id:actor/a", "id:actor/b"]
    assert label == {"@id": "id:actor/a", "rdfs:label": {"@language": "fr", "@value": "Acteur A"}}


def test_each_row_stays_a_row_of_its_own(answer: dict[str, Any]) -> None:
    graph = as_graph(answer)
    page = URIRef(SITE.url)
    assert (page, RDF.type, URIRef(RS + "ResultSet")) in graph
    rows = list(graph.objects(page, URIRef(RS + "solution")))
    count = URIRef(column_iri("sample", "count"))
    counts = {int(str(graph.value(row, URIRef(RS + "index")))): graph.value(row, count)
              for row in rows}  # fmt: skip
    assert counts == {11: Literal(3), 12: Literal(4), 13: None}  # A's two rows are not merged
    decimals = list(graph.objects(None, URIRef(column_iri("sample", "ratio"))))
    assert decimals == [Literal("0.5", datatype=XSD.decimal)]
    assert (A, RDFS.label, Literal("Acteur A", lang="fr")) in graph


def test_an_illustrative_answer_says_so() -> None:
    names = Names({}, illustrative=[A])
    page = json.loads(findings_jsonld("sample", FINDINGS, (RECORDS, 0), names, "en", SITE))
    assert page["rdfs:comment"]["@language"] == "en"
    assert "Illustrative" in page["rdfs:comment"]["@value"]


def test_an_empty_answer_is_a_result_set_without_rows() -> None:
    empty = Findings(("actor",), [])
    page = json.loads(findings_jsonld("sample", empty, ([], 0), Names(), "en", SITE))
    assert page["@type"] == "rs:ResultSet"
    assert (page["rs:resultVariable"], page["rs:solution"]) == (["actor"], [])


def test_a_graph_is_compacted_and_reads_back_the_same() -> None:
    graph = Graph()
    graph.add((A, URIRef(CG + "hasEffect"), E))
    graph.add((E, URIRef(CG + "depth"), Literal(2)))
    document = json.loads(graph_jsonld(graph, Names({E: Literal("Effet", lang="fr")}), SITE))
    assert document["@context"] == CONTEXT_URL
    assert {node["@id"] for node in document["@graph"]} == {"id:actor/a", "id:effect/e"}
    expected = Graph()
    expected += graph
    expected.add((E, RDFS.label, Literal("Effet", lang="fr")))
    assert isomorphic(as_graph(document), expected)


def test_the_loader_serves_the_context_and_nothing_else() -> None:
    load = document_loader(CONTEXT_URL, CONTEXT)
    assert load(CONTEXT_URL)["document"] == CONTEXT
    with pytest.raises(jsonld.JsonLdError, match=r"only http://testserver/context\.jsonld"):
        load("http://example.org/other.jsonld")


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        (Literal(True), {"@value": True}),
        (Literal("2.5E0", datatype=XSD.double), {"@value": 2.5}),
        (Literal("NaN", datatype=XSD.double), {"@value": "NaN", "@type": str(XSD.double)}),
        (Literal("7", datatype=XSD.int), {"@value": "7", "@type": str(XSD.int)}),
        (Literal("x"), {"@value": "x"}),
    ],
    ids=["boolean", "double", "not-a-number", "int-kept-typed", "string"],
)
def test_a_literal_keeps_its_value_and_type(literal: Literal, expected: dict[str, Any]) -> None:
    assert term_value(literal) == expected


def test_columns_named_like_prefixes_keep_their_meaning() -> None:
    records: list[Record] = [{"rs": A, "id": Literal(1)}]
    findings = Findings(("rs", "id"), records)
    document = json.loads(findings_jsonld("q", findings, (records, 0), Names(), "en", SITE))
    graph = as_graph(document)
    row = graph.value(URIRef(SITE.url), URIRef(RS + "solution"))
    assert graph.value(row, URIRef(column_iri("q", "rs"))) == A
    assert graph.value(row, URIRef(column_iri("q", "id"))) == Literal(1)
