"""linked_data.uris: request paths and IRIs, document suffixes, formats and negotiation."""

from __future__ import annotations

import pytest
from rdflib import Graph

from coopgraph.errors import InputError, NotAcceptable
from coopgraph.linked_data import uris
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
    assert uris.split_suffix(path) == expected


def test_paths_and_iris_round_trip() -> None:
    iri = uris.canonical_iri("/id/epci/246200364")
    assert iri == "https://w3id.org/coopgraph/id/epci/246200364"
    assert uris.local_path(iri) == "/id/epci/246200364"
    assert uris.local_path("http://example.org/x") is None


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
def test_choose_document_format_by_accept(accept: str | None, suffix: str) -> None:
    assert uris.choose_document_format(accept).suffix == suffix


def test_choose_document_format_refuses_what_it_cannot_serve() -> None:
    with pytest.raises(NotAcceptable, match="image/png"):
        uris.choose_document_format("image/png")
    with pytest.raises(InputError, match="'pdf'"):
        uris.choose_document_format("text/turtle", "pdf")


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
    assert uris.iri_path(sent) == iri_path


@pytest.mark.parametrize("sent", ["/id/^", "/id/a b", "/id/<x>", "/id/50%", "/id/%4", "/id/\x00"])
def test_a_path_no_iri_holds_is_an_input_error(sent: str) -> None:
    with pytest.raises(InputError, match="not allowed in an IRI"):
        uris.iri_path(sent)


@pytest.mark.parametrize("document_format", uris.DOCUMENT_FORMATS[1:], ids=str)
def test_serialise_round_trips(document_format: object) -> None:
    assert isinstance(document_format, uris.DocumentFormat)
    graph = uris.new_graph().parse(data=DATA, format="turtle")
    body = uris.serialise_document(graph, document_format)
    reread = EmbeddedStore.in_memory()
    reread.load(body, document_format.media_type, "urn:x-test:reread")
    assert reread.count() == len(graph)


def test_prefixes_come_from_the_context_file() -> None:
    assert uris.prefixes()["cg"] == "https://w3id.org/coopgraph/def/"
    assert isinstance(uris.new_graph(), Graph)
