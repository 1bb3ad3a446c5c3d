"""linked_data: paths and IRIs, formats, and the description read from a real store."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable
from coopgraph.linked_data import uris as linked_data
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


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/id/commune/62528.ttl", ("/id/commune/62528", "ttl")),
        ("/def/0.1.0", ("/def/0.1.0", None)),
        ("/def/0.1.0.html", ("/def/0.1.0", "html")),
        ("/def.jsonld", ("/def", "jsonld")),
        ("/ref/a.b/c", ("/ref/a.b/c", None)),
        ("/ref/x.pdf", ("/ref/x.pdf", None)),
    ],
)
def test_split_suffix(path: str, expected: tuple[str, str | None]) -> None:
    assert linked_data.split_suffix(path) == expected


def test_paths_and_iris_round_trip() -> None:
    iri = linked_data.canonical_iri("/id/epci/246200364")
    assert iri == "https://w3id.org/coopgraph/id/epci/246200364"
    assert linked_data.local_path(iri) == "/id/epci/246200364"
    assert linked_data.local_path("http://example.org/x") is None


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        (None, "html"),
        ("*/*", "html"),
        ("text/turtle", "ttl"),
        ("application/json", "jsonld"),
        ("application/rdf+xml;q=0.9, text/turtle;q=0.5", "rdf"),
        ("text/plain", "nt"),
    ],
)
def test_choose_format_by_accept(accept: str | None, suffix: str) -> None:
    assert linked_data.choose_format(accept).suffix == suffix


def test_choose_format_refuses_what_it_cannot_serve() -> None:
    with pytest.raises(NotAcceptable, match="image/png"):
        linked_data.choose_format("image/png")
    with pytest.raises(InputError, match="'pdf'"):
        linked_data.choose_format("text/turtle", "pdf")


def test_describe_holds_the_bounded_description_and_labels(store: EmbeddedStore) -> None:
    description = linked_data.describe(store, EX + "a")
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
    description = linked_data.describe(store, EX + "a")
    linked_data.add_incoming(store, description)
    assert description.incoming == [(URIRef(EX + "z"), URIRef(EX + "links"))]
    assert not description.incoming_cut


def test_incoming_links_are_sorted_and_cut_past_the_shown_number() -> None:
    target = URIRef(EX + "target")
    many = EmbeddedStore.in_memory()
    lines = [
        f"<{EX}s{n:03d}> <{EX}{predicate}> <{target}> ."
        for n in range(linked_data.INCOMING_SHOWN)
        for predicate in ("zz", "aa")
    ]
    many.load("\n".join(lines).encode(), formats.N_TRIPLES, "urn:x-test:many")
    description = linked_data.describe(many, str(target))
    linked_data.add_incoming(many, description)
    assert description.incoming_cut
    assert len(description.incoming) == linked_data.INCOMING_SHOWN
    assert description.incoming == sorted(description.incoming, key=lambda p: (p[1], p[0]))


def test_a_store_without_an_ontology_has_no_ontology_versions() -> None:
    assert linked_data.ontology_versions(EmbeddedStore.in_memory()) == []


@pytest.mark.parametrize(
    ("sent", "iri_path"),
    [
        ("/id/commune/62528", "/id/commune/62528"),
        ("/ref/%C3%A9nergie", "/ref/énergie"),
        ("/ref/énergie", "/ref/énergie"),
        ("/ref/a%2Fb", "/ref/a%2Fb"),
        ("/ref/%5E%7e%41", "/ref/%5E~A"),
        ("/ref/%FF", "/ref/%FF"),
        ("/ref/%C2%85", "/ref/%C2%85"),
    ],
)
def test_a_sent_path_is_read_as_an_iri(sent: str, iri_path: str) -> None:
    assert linked_data.iri_path(sent) == iri_path


@pytest.mark.parametrize("sent", ["/id/^", "/id/a b", "/id/<x>", "/id/50%", "/id/%4", "/id/\x00"])
def test_a_path_no_iri_holds_is_an_input_error(sent: str) -> None:
    with pytest.raises(InputError, match="not allowed in an IRI"):
        linked_data.iri_path(sent)


def test_unknown_resource_is_empty(store: EmbeddedStore) -> None:
    assert linked_data.describe(store, EX + "nothing").is_empty
    assert not linked_data.exists(store, EX + "nothing")
    assert linked_data.exists(store, EX + "c")


@pytest.mark.parametrize("document_format", linked_data.DOCUMENT_FORMATS[1:], ids=str)
def test_serialise_round_trips(store: EmbeddedStore, document_format: object) -> None:
    assert isinstance(document_format, linked_data.DocumentFormat)
    graph = linked_data.describe(store, EX + "a").graph
    body = linked_data.serialise(graph, document_format)
    reread = EmbeddedStore.in_memory()
    reread.load(body, document_format.media_type, "urn:x-test:reread")
    assert reread.count() == len(graph)


def test_prefixes_come_from_the_context_file() -> None:
    assert linked_data.prefixes()["cg"] == "https://w3id.org/coopgraph/def/"
    assert isinstance(linked_data.new_graph(), Graph)
