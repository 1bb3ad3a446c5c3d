"""Inconsistencies are found in the engine's closure, with their triples: every case owlrl
reports, and the project's own disjoint classes (owl:disjointWith, owl:AllDisjointClasses);
a submission with an individual in two disjoint classes is refused."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from support.owl_reference import INCONSISTENT_CASES, case, example, owlrl_closure, owlrl_errors
from support.steward_content import LOOS, ROOT, steward_file, steward_store

from coopgraph import formats
from coopgraph.access.identity import Identity
from coopgraph.reasoning import derivation
from coopgraph.reasoning.consistency import inconsistencies
from coopgraph.reasoning.engine import owl_rl_closure
from coopgraph.reasoning.triples import Triples
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.submissions.versions import Archive
from coopgraph.submissions.workflow import Workspace, submit
from coopgraph.validation import Upload
from coopgraph.validation.shapes import load_shapes

CG = "https://w3id.org/coopgraph/def/"
ID = "https://w3id.org/coopgraph/id/"
GRAPH = "https://w3id.org/coopgraph/graph/data/confused"


@pytest.mark.parametrize("name", sorted(INCONSISTENT_CASES))
def test_what_owlrl_reports_is_found(name: str) -> None:
    given = case(INCONSISTENT_CASES[name])
    assert owlrl_errors(owlrl_closure([given]))  # the reference finds it too
    found = inconsistencies(owl_rl_closure([given]))
    assert len(found) == 1, found
    assert found[0].triples
    assert all(triple in owl_rl_closure([given]) for triple in found[0].triples)


def test_a_consistent_closure_has_no_finding() -> None:
    given = case(":A owl:disjointWith :B . :x a :A . :y a :B . :a owl:differentFrom :b .")
    assert inconsistencies(owl_rl_closure([given])) == ()


def test_disjoint_classes_are_reported_once_per_individual() -> None:
    given = case(":A owl:disjointWith :B . :B owl:disjointWith :A . :x a :A , :B .")
    found = inconsistencies(owl_rl_closure([given]))
    assert len(found) == 1
    assert "disjoint" in found[0].message
    assert set(found[0].triples) == {
        (example("x"), RDF.type, example("A")),
        (example("x"), RDF.type, example("B")),
    }


def test_a_value_where_none_is_allowed() -> None:
    given = case(
        ':R owl:onProperty :p ; owl:maxCardinality "0"^^xsd:nonNegativeInteger . :x a :R ; :p :y .'
    )
    found = inconsistencies(Triples(owl_rl_closure([given])))
    assert [f.message for f in found] == [
        "http://example.org/x has a value of http://example.org/p where its class allows none"
    ]


def test_the_members_of_owl_nothing_come_with_their_types() -> None:
    closed = Triples(
        [(example("x"), RDF.type, OWL.Nothing), (example("x"), RDF.type, example("K"))]
    )
    (finding,) = inconsistencies(closed)
    assert finding.message == "http://example.org/x is a member of owl:Nothing"
    assert (example("x"), RDF.type, example("K")) in finding.triples


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    """The ontology and the sample geography."""
    opened = steward_store()
    yield opened
    opened.close()


def _findings(store: EmbeddedStore, turtle: str) -> list[str]:
    source = Graph().parse(data=f"@prefix cg: <{CG}> . @prefix id: <{ID}> .\n{turtle}")
    return [finding.message for finding in derivation(store, GRAPH, source)[1]]


def test_the_ontology_s_disjoint_classes(store: EmbeddedStore) -> None:
    """cax-dw (cg:Person owl:disjointWith cg:Organisation) and cax-adc (territories of
    different levels, and actors, actions and effects, are pairwise disjoint)."""
    person = _findings(
        store, "<https://w3id.org/coopgraph/id/person/x> a cg:Person , cg:Organisation ."
    )
    level = _findings(
        store, "<https://w3id.org/coopgraph/id/commune/x> a cg:Commune , cg:Department ."
    )
    kinds = _findings(store, "<https://w3id.org/coopgraph/id/action/x> a cg:Action , cg:Effect .")
    assert [len(person), len(level), len(kinds)] == [1, 1, 1]
    assert "Person" in person[0]
    assert "Organisation" in person[0]
    assert "Commune" in level[0]
    assert "Department" in level[0]
    assert "Action" in kinds[0]
    assert "Effect" in kinds[0]
    inhabitant = _findings(
        store, "<https://w3id.org/coopgraph/id/person/y> a cg:Inhabitant , cg:Organisation ."
    )
    assert len(inhabitant) == 1  # through cg:Inhabitant rdfs:subClassOf cg:Person


def test_a_submission_with_an_individual_in_two_disjoint_classes_is_refused(
    store: EmbeddedStore,
) -> None:
    loos = steward_file("loos-en-gohelle.ttl")
    confused = b"""
<https://w3id.org/coopgraph/id/organisation/test-loos-town-hall>
    a <https://w3id.org/coopgraph/def/Person> .
"""
    before = store.count()
    with tempfile.TemporaryDirectory() as folder:
        space = Workspace(store, Archive(Path(folder)), load_shapes(ROOT / "shapes"), 1_000_000)
        upload = Upload(loos + confused, formats.TURTLE, "loos.ttl")
        outcome = submit(space, Identity("alice", (LOOS,)), LOOS, [upload])
    assert outcome.version is None
    assert not outcome.report.conforms
    assert store.count() == before
    source = Graph().parse(data=loos + confused, format="turtle")
    found = derivation(store, GRAPH, source)[1]
    town_hall = URIRef(ID + "organisation/test-loos-town-hall")
    assert [finding.triples[0][0] for finding in found] == [town_hall]
