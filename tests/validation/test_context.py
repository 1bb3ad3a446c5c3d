"""What validation reads from the store beside a submission: the ontology's hierarchy and labels,
the official territories it names (by IRI or by code), the things it links to; never more."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from support.content_store import content_store

from coopgraph import formats
from coopgraph.store import memory_store
from coopgraph.validation.context import (
    CG,
    SHAPES_NS,
    Named,
    gather_context,
    official_territories,
    ontology_context,
    referenced_things,
)

LOOS = URIRef("https://w3id.org/coopgraph/id/commune/62528")
ACTION = URIRef("https://w3id.org/coopgraph/id/action/test")
OFFICIAL = SHAPES_NS.inOfficialGeography


def _submission(*triples: tuple[URIRef, URIRef, URIRef | Literal]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def test_the_ontology_context_holds_the_hierarchy_and_the_labels() -> None:
    context = ontology_context(content_store())
    assert (CG.Commune, RDFS.subClassOf, CG.Territory) in context.triples
    assert context.term_labels[CG.Commune]["fr"] == "commune"
    assert ontology_context(content_store()) is context  # kept while the store is unchanged


def test_a_territory_named_by_iri_comes_marked_official() -> None:
    submission = _submission((ACTION, CG.takesPlaceIn, LOOS))
    triples = official_territories(Named.of(submission), content_store())
    assert (LOOS, OFFICIAL, Literal(True)) in triples
    assert (LOOS, RDF.type, CG.Commune) in triples
    assert {t[0] for t in triples} == {LOOS}


def test_a_territory_named_by_its_code_comes_marked_official() -> None:
    submission = _submission((ACTION, CG.inseeCode, Literal("62528")))
    triples = official_territories(Named.of(submission), content_store())
    assert (LOOS, OFFICIAL, Literal(True)) in triples
    assert (LOOS, CG.inseeCode, Literal("62528")) in triples


def test_a_submission_naming_no_territory_reads_no_geography() -> None:
    assert (
        official_territories(Named.of(_submission((ACTION, RDF.type, CG.Action))), content_store())
        == []
    )


def test_things_linked_to_come_with_their_types_and_labels_only() -> None:
    store = memory_store()
    actor = URIRef("https://w3id.org/coopgraph/id/actor/elsewhere")
    published = (
        f'<{actor}> a <{CG.Organisation}> ; <{RDFS.label}> "Ailleurs"@fr ; '
        f'<{CG.inseeCode}> "00000" .'
    )
    store.load(published.encode(), formats.TURTLE, "https://w3id.org/coopgraph/graph/data/x")
    submission = _submission((ACTION, RDF.type, CG.Action), (ACTION, CG.involves, actor))
    assert sorted(referenced_things(Named.of(submission), store)) == sorted(
        [(actor, RDF.type, CG.Organisation), (actor, RDFS.label, Literal("Ailleurs", lang="fr"))]
    )
    typed_here = _submission((ACTION, CG.involves, actor), (actor, RDF.type, CG.Organisation))
    assert referenced_things(Named.of(typed_here), store) == []


def test_the_whole_context_joins_the_three_parts() -> None:
    submission = _submission((ACTION, CG.takesPlaceIn, LOOS))
    context = gather_context(submission, content_store())
    assert (CG.Commune, RDFS.subClassOf, CG.Territory) in context.triples
    assert (LOOS, OFFICIAL, Literal(True)) in context.triples
    assert context.term_labels == ontology_context(content_store()).term_labels
