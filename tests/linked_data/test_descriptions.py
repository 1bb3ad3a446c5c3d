"""linked_data.descriptions: what a URI describes, read from a real store."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from coopgraph import formats
from coopgraph.iris import ONTOLOGY_GRAPH, ONTOLOGY_IRI
from coopgraph.linked_data import descriptions, uris
from coopgraph.store.embedded import EmbeddedStore

EX = "https://w3id.org/coopgraph/id/example/"
DATA = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{EX}a> rdfs:label "A"@en ; <{EX}links> <{EX}b> ; <{EX}has> [ <{EX}deep> [ <{EX}deeper> 3 ] ] .
<{EX}b> rdfs:label "B"@fr ; <{EX}links> <{EX}c> .
<{EX}c> rdfs:label "C" .
<{EX}links> rdfs:label "links"@en .
<{EX}z> <{EX}links> <{EX}a> .
""".encode()


@pytest.fixture
def store() -> EmbeddedStore:
    """A store in memory with a small linked example in one named graph."""
    loaded = EmbeddedStore.in_memory()
    loaded.load(DATA, formats.TURTLE, "https://w3id.org/coopgraph/graph/data/example")
    return loaded


def test_describe_holds_the_bounded_description_and_labels(store: EmbeddedStore) -> None:
    description = descriptions.describe_resource(store, EX + "a")
    graph = description.graph
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    assert (a, URIRef(EX + "links"), b) in graph
    assert graph.value(b, RDFS.label) == Literal("B", lang="fr")
    assert graph.value(URIRef(EX + "links"), RDFS.label) == Literal("links", lang="en")
    assert (b, URIRef(EX + "links"), None) not in graph  # b's own links are not a's
    nested = graph.value(a, URIRef(EX + "has"))
    assert isinstance(nested, BNode)
    deep = graph.value(nested, URIRef(EX + "deep"))
    assert graph.value(deep, URIRef(EX + "deeper")) == Literal(3)
    assert [s.file for s in description.sources] == [None]


def test_incoming_links_are_added_for_pages(store: EmbeddedStore) -> None:
    description = descriptions.describe_resource(store, EX + "a")
    descriptions.add_incoming(store, description)
    assert description.incoming == [(URIRef(EX + "z"), URIRef(EX + "links"))]
    assert not description.incoming_cut


def test_incoming_links_are_sorted_and_cut_past_the_shown_number() -> None:
    target = URIRef(EX + "target")
    many = EmbeddedStore.in_memory()
    lines = [
        f"<{EX}s{n:03d}> <{EX}{predicate}> <{target}> ."
        for n in range(descriptions.INCOMING_SHOWN)
        for predicate in ("zz", "aa")
    ]
    many.load("\n".join(lines).encode(), formats.N_TRIPLES, "urn:x-test:many")
    description = descriptions.describe_resource(many, str(target))
    descriptions.add_incoming(many, description)
    assert description.incoming_cut
    assert len(description.incoming) == descriptions.INCOMING_SHOWN
    assert description.incoming == sorted(description.incoming, key=lambda p: (p[1], p[0]))


def test_a_store_without_an_ontology_has_no_ontology_versions() -> None:
    assert descriptions.ontology_versions(EmbeddedStore.in_memory()) == []


def test_unknown_resource_is_empty(store: EmbeddedStore) -> None:
    assert descriptions.describe_resource(store, EX + "nothing").is_empty
    assert not descriptions.resource_exists(store, EX + "nothing")
    assert descriptions.resource_exists(store, EX + "c")


def test_the_ontology_answers_for_its_iri_and_its_version() -> None:
    store = EmbeddedStore.in_memory()
    version = ONTOLOGY_IRI + "/0.1.0"
    turtle = f"<{ONTOLOGY_IRI}> a <{OWL.Ontology}> ; <{OWL.versionIRI}> <{version}> ."
    store.load(turtle.encode(), formats.TURTLE, ONTOLOGY_GRAPH)
    assert descriptions.ontology_versions(store) == [ONTOLOGY_IRI, version]
    document = descriptions.ontology_document(store, uris.format_by_suffix("nt"))
    assert f"<{ONTOLOGY_IRI}> <{OWL.versionIRI}> <{version}> .".encode() in document


def test_deprecation_and_objects_are_read_from_a_description() -> None:
    graph = uris.new_graph()
    a, b, z = URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "z")
    graph.add((a, OWL.deprecated, Literal(True)))
    graph.add((a, RDFS.seeAlso, z))
    graph.add((a, RDFS.seeAlso, b))
    graph.add((b, OWL.deprecated, Literal(False)))
    assert descriptions.is_deprecated(graph, a)
    assert not descriptions.is_deprecated(graph, b)
    assert descriptions.objects(graph, a, RDFS.seeAlso) == [b, z]
