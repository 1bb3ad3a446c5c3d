"""The ontology as the engine is given it: axioms without annotations, made once per version
of the ontology graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS
from support.owl_reference import case, example

from coopgraph import formats, iris
from coopgraph.reasoning.schema import current, schema_of
from coopgraph.store import memory_store


def test_annotations_are_left_out_and_axiom_literals_kept() -> None:
    ontology = case(
        ':C a owl:Class ; rdfs:label "C"@en ; rdfs:comment "a class" .'
        ' :R owl:onProperty :p ; owl:maxCardinality "1"^^xsd:nonNegativeInteger .'
    )
    kept = schema_of(ontology)
    assert (example("C"), RDF.type, OWL.Class) in kept
    assert not any(isinstance(o, Literal) and p == RDFS.label for _, p, o in kept)
    assert any(p == OWL.maxCardinality for _, p, _ in kept)


def test_the_schema_is_made_again_only_when_the_ontology_changes() -> None:
    store = memory_store()
    store.load(b"<http://example.org/A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
               b"<http://example.org/B> .", formats.N_TRIPLES, iris.ONTOLOGY_GRAPH)  # fmt: skip
    first = current(store)
    assert current(store) is first
    assert Path(first.prepared.path).exists()
    assert example("A") in first.named
    store.load(b"<http://example.org/B> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
               b"<http://example.org/C> .", formats.N_TRIPLES, iris.ONTOLOGY_GRAPH)  # fmt: skip
    second = current(store)
    assert second is not first
    assert second.digest != first.digest
    assert len(second.graph) == 2


def test_a_write_elsewhere_keeps_the_schema_and_a_write_to_the_ontology_remakes_it() -> None:
    store = memory_store()
    store.load(b"<http://example.org/A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
               b"<http://example.org/B> .", formats.N_TRIPLES, iris.ONTOLOGY_GRAPH)  # fmt: skip
    first = current(store)
    assert first.generation == store.generation() > 0
    store.load(b"<http://example.org/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
               b"<http://example.org/A> .", formats.N_TRIPLES,
               "http://example.org/graph/data")  # fmt: skip
    after_data = current(store)
    assert after_data.prepared is first.prepared
    assert after_data.generation == store.generation() > first.generation
    store.update(
        "INSERT DATA { GRAPH <" + iris.ONTOLOGY_GRAPH + "> { <http://example.org/B> "
        "<http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://example.org/C> } }"
    )
    remade = current(store)
    assert remade.prepared is not first.prepared
    assert len(remade.graph) == 2
