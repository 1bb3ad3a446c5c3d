"""linked_data.presentation: a description as a reader sees it, built from a real store."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from coopgraph import formats
from coopgraph.linked_data import presentation
from coopgraph.linked_data.descriptions import add_incoming, describe_resource
from coopgraph.store.embedded import EmbeddedStore

REF = "https://w3id.org/coopgraph/ref/example/"
SITE = "http://localhost:8000"
DATA = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<{REF}energy> a skos:Concept ; skos:prefLabel "énergie"@fr, "energy"@en ;
    skos:altLabel "power"@en ; skos:definition "Energy, in English."@en ;
    skos:broader <{REF}resources> ; rdfs:seeAlso <http://example.org/energy> ;
    owl:deprecated true ; <{REF}note> [ rdfs:comment "nested" ] .
<{REF}resources> skos:prefLabel "ressources"@fr .
<{REF}solar> skos:broader <{REF}energy> ; skos:prefLabel "solaire"@fr .
""".encode()


@pytest.fixture(scope="module")
def page_in_english() -> presentation.ResourcePage:
    """The page of the energy concept in English, incoming links included."""
    store = EmbeddedStore.in_memory()
    store.load(DATA, formats.TURTLE, "https://w3id.org/coopgraph/graph/data/example")
    description = describe_resource(store, REF + "energy")
    add_incoming(store, description)
    return presentation.resource_page(description, "en", SITE)


def test_the_title_and_labels_follow_the_language(
    page_in_english: presentation.ResourcePage,
) -> None:
    assert page_in_english.title == "energy"
    assert [v.text for v in page_in_english.other_labels] == ["power", "énergie"]
    assert [(v.text, v.lang) for v in page_in_english.definitions] == [
        ("Energy, in English.", "en")
    ]


def test_types_and_sources_link_out_or_stay_on_the_site(
    page_in_english: presentation.ResourcePage,
) -> None:
    assert [(v.text, v.href) for v in page_in_english.types] == [
        ("skos:Concept", str(SKOS.Concept))
    ]
    assert [v.href for v in page_in_english.sources] == ["http://example.org/energy"]
    assert page_in_english.deprecated


def test_the_hierarchy_reads_both_directions(page_in_english: presentation.ResourcePage) -> None:
    hierarchy = {heading: [(v.text, v.href, v.local) for v in values]
                 for heading, values in page_in_english.hierarchy}  # fmt: skip
    assert hierarchy == {
        "broader": [("ressources", SITE + "/ref/example/resources", True)],
        "narrower": [("solaire", SITE + "/ref/example/solar", True)],
    }


def test_a_blank_node_is_shown_as_nested_rows(page_in_english: presentation.ResourcePage) -> None:
    (note,) = [
        row for row in page_in_english.outgoing if row.predicate.href == SITE + "/ref/example/note"
    ]
    (nested,) = note.values
    assert [(r.predicate.text, [v.text for v in r.values]) for r in nested.rows] == [
        ("rdfs:comment", ["nested"])
    ]


def test_labels_fall_back_to_untagged_then_to_a_prefixed_name() -> None:
    graph = Graph()
    node, other = URIRef(REF + "a"), URIRef(REF + "b")
    graph.add((node, RDFS.label, Literal("sans langue")))
    graph.add((node, RDFS.label, Literal("auf Deutsch", lang="de")))
    assert presentation.label(graph, node, "fr") == "sans langue"
    assert presentation.label(graph, other, "fr") == "ref:example/b"
    assert presentation.curie("http://example.org/x") == "http://example.org/x"


def test_a_literal_and_a_deep_blank_node_as_values() -> None:
    graph = Graph()
    assert presentation.page_value(graph, Literal("x", lang="fr"), "fr", SITE) == (
        presentation.PageValue("x", lang="fr")
    )
    assert presentation.page_value(graph, BNode(), "fr", SITE, depth=4).rows == ()
