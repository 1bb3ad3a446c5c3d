"""The ontology as the engine is given it: axioms without annotations, made once per version
of the ontology graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from support.owl_reference import case, example

from coopgraph import formats, iris
from coopgraph.reasoning import derivation
from coopgraph.reasoning.schema import axioms_for, current, held, schema_of
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


def test_a_held_schema_is_the_schema_until_the_block_ends() -> None:
    store = memory_store()
    store.load(b"<http://example.org/A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
               b"<http://example.org/B> .", formats.N_TRIPLES, iris.ONTOLOGY_GRAPH)  # fmt: skip
    with held(store) as schema:
        assert current(store) is schema
        store.load(b"<http://example.org/B> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                   b"<http://example.org/C> .", formats.N_TRIPLES, iris.ONTOLOGY_GRAPH)  # fmt: skip
        assert current(store) is schema  # not read again inside the block
    after = current(store)
    assert after is not schema
    assert len(after.graph) == 2


SKOS_IN_SCHEME = URIRef("http://www.w3.org/2004/02/skos/core#inScheme")
_LINKED = (
    b"<http://example.org/C> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    b"<http://www.w3.org/2002/07/owl#Class> .\n"
    b"<http://example.org/C> <http://www.w3.org/2004/02/skos/core#inScheme> "
    b"<http://example.org/Scheme> .\n"
)


def test_triples_no_axiom_reads_are_left_out_unless_the_source_names_their_property() -> None:
    store = memory_store()
    store.load(_LINKED, formats.N_TRIPLES, iris.ONTOLOGY_GRAPH)
    schema = current(store)
    assert schema.unread == {SKOS_IN_SCHEME}
    source = case(":x a :C .")
    reduced = axioms_for(schema, source)
    assert isinstance(reduced, list)
    assert (example("C"), SKOS_IN_SCHEME, example("Scheme")) not in reduced
    assert (example("C"), RDF.type, OWL.Class) in reduced
    naming = [*source, (SKOS_IN_SCHEME, RDF.type, OWL.TransitiveProperty)]
    assert axioms_for(schema, naming) is schema.prepared


def test_with_an_owl_same_as_the_left_out_triples_are_reasoned_with_again() -> None:
    """Equality copies every triple of a node: here the scheme of the class onto its twin."""
    store = memory_store()
    store.load(_LINKED, formats.N_TRIPLES, iris.ONTOLOGY_GRAPH)
    source = case(":D owl:sameAs :C .")
    data, _found = derivation(store, "http://example.org/graph/data", source, Graph())
    derived = set(Graph().parse(data=data, format="nt"))
    assert (example("D"), SKOS_IN_SCHEME, example("Scheme")) in derived


def test_with_an_owl_same_as_free_text_is_reasoned_with_too() -> None:
    """The engine is given a source without its labels (``input.unread_left_out``) unless
    equality can copy them: then the label of one twin is the other's too."""
    store = memory_store()
    store.load(_LINKED.splitlines()[0], formats.N_TRIPLES, iris.ONTOLOGY_GRAPH)
    assert current(store).unread == frozenset()
    source = case(':a a :C ; rdfs:label "Loos"@fr . :b owl:sameAs :a .')
    data, _found = derivation(store, "http://example.org/graph/data", source, Graph())
    derived = set(Graph().parse(data=data, format="nt"))
    assert (example("b"), RDFS.label, Literal("Loos", lang="fr")) in derived
    assert (example("b"), RDF.type, example("C")) in derived
