"""The stored query queries/action-stakes.rq on the default content (issue 15, hypothesis H3).

H3 says cooperation is acting while taking the other stakeholders' stakes into account: the
query must show, for each action, whose stakes it answers, how many distinct actors that is,
and the document each stake rests on. It runs on the project content as `coopgraph sync` loads
it by default (no examples), with its parameters bound by the engine as the API binds them, so
only the sourced seed (data/seed/stakes.ttl) can make these tests pass. The shapes hold a
stake's source to a described document, as any other fact's (cgsh:SourcedFactShape).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.term import Identifier
from support.content_store import content_store, default_content, project_shapes

from coopgraph.store.embedded import EmbeddedStore
from coopgraph.validation.shacl import validate

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "queries" / "action-stakes.rq").read_text(encoding="utf-8")
ID = "https://w3id.org/coopgraph/id/"
GEOTEXIA = ID + "action/le-mene-geotexia"
WIND_FARM = ID + "action/le-mene-participatory-wind-farm"
LE_MENE = ID + "commune/22046"
# Géotexia's three actors, read by hand in data/seed/stakes.ttl.
GEOTEXIA_ACTORS = {
    ID + "organisation/cuma-mene-energie",
    ID + "organisation/mene-initiatives-rurales",
    ID + "organisation/le-mene-town",
}
Row = dict[str, str]


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The default project content (no examples), synchronised as `coopgraph sync` does."""
    return default_content()


def _rows(store: EmbeddedStore, **bindings: Identifier) -> list[Row]:
    return [{k: str(v) for k, v in row.items()} for row in store.select(TEXT, bindings)]


def _described(store: EmbeddedStore, source: str) -> bool:
    """Whether the source is a described document with the page where it can be read."""
    query = """ASK { ?doc a <https://w3id.org/coopgraph/def/Document> ;
                        <http://xmlns.com/foaf/0.1/page> ?page }"""
    return store.ask(query, {"doc": URIRef(source)})


def test_geotexia_answers_the_stakes_of_three_actors_each_with_a_source(
    store: EmbeddedStore,
) -> None:
    rows = _rows(store, action=URIRef(GEOTEXIA))
    assert {row["actor"] for row in rows} == GEOTEXIA_ACTORS
    assert {row["actorCount"] for row in rows} == {"3"}
    assert len({row["stake"] for row in rows}) == 3
    for row in rows:
        assert _described(store, row["source"]), row
        assert row["status"].endswith("/epistemic-status/observed"), row
        labels = ("actorLabelFr", "actorLabelEn", "stakeLabelFr", "stakeLabelEn")
        assert all(row.get(label) for label in labels), row


def test_the_count_is_the_distinct_actors_of_the_action_s_rows(store: EmbeddedStore) -> None:
    rows = _rows(store)
    actors: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        actors[row["action"]].add(row["actor"])
        counts[row["action"]].add(row["actorCount"])
    assert {action: {str(len(found))} for action, found in actors.items()} == counts
    assert counts[WIND_FARM] == {"2"}  # the families' investor group and the town
    assert rows[0]["action"] == GEOTEXIA  # the most actors first


def test_a_department_gives_the_stakes_of_the_places_inside_it(store: EmbeddedStore) -> None:
    department = ID + "department/22"
    rows = _rows(store, territory=URIRef(department))
    assert {row["place"] for row in rows} == {LE_MENE}
    assert {row["territory"] for row in rows} == {department}
    assert {GEOTEXIA, WIND_FARM} <= {row["action"] for row in rows}
    assert _rows(store, territory=URIRef(ID + "department/62"), action=URIRef(GEOTEXIA)) == []


def test_an_unsourced_stake_is_neither_shown_nor_counted() -> None:
    store = EmbeddedStore.in_memory()
    store.update(
        """PREFIX cg: <https://w3id.org/coopgraph/def/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        INSERT DATA {
          <urn:t:action> prov:atLocation <urn:t:place> ;
              cg:addressesStake <urn:t:sourced> , <urn:t:unsourced> .
          <urn:t:sourced> cg:stakeOf <urn:t:one> ; dcterms:source <urn:t:doc> .
          <urn:t:unsourced> cg:stakeOf <urn:t:two> .
        }"""
    )
    rows = _rows(store)
    assert [(row["stake"], row["actorCount"]) for row in rows] == [("urn:t:sourced", "1")]


STAKE = """@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix doc: <https://w3id.org/coopgraph/id/document/> .
@prefix b: <https://w3id.org/coopgraph/id/test/> .
b:o a cg:Firm ; rdfs:label "O"@fr , "O"@en .
b:s a cg:Stake ; rdfs:label "S"@fr , "S"@en ; cg:stakeOf b:o ;
    cg:epistemicStatus <https://w3id.org/coopgraph/ref/epistemic-status/observed> ;
    dcterms:source """


@pytest.mark.parametrize(
    ("source", "findings"),
    [
        ('"Bulletin municipal, 2012"', [("SourcedFact-source", "Violation")]),
        ("<https://example.org/undescribed-page>", [("SourcedFact-source", "Violation")]),
        ("doc:bioenergie-geotexia", []),
    ],
)
def test_a_stake_cites_a_described_document_as_any_fact(
    source: str, findings: list[tuple[str, str]]
) -> None:
    graph = Graph().parse(data=STAKE + source + " .", format="turtle")
    report = validate(graph, content_store(), project_shapes())
    assert [(str(r.shape).rsplit("/", 1)[-1], r.severity) for r in report.results] == findings
