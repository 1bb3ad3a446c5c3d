"""What every HTML answer needs: the site prefix, the page context, the language and its headers."""

from __future__ import annotations

import json

import pytest
from fastapi import Request, Response
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from coopgraph.templating import environment
from coopgraph.web.html import (
    Alternate,
    embedded_jsonld,
    localised,
    page_context,
    request_language,
    resource_links,
    site_of,
)


def _request(accept_language: str | None = None, root_path: str = "") -> Request:
    headers = [(b"accept-language", accept_language.encode())] if accept_language else []
    return Request({"type": "http", "method": "GET", "path": "/", "root_path": root_path,
                    "headers": headers, "query_string": b""})  # fmt: skip


def test_the_site_is_the_public_base_else_the_root_path() -> None:
    assert site_of(_request(root_path="/coop/"), "https://example.org/graph/") == (
        "https://example.org/graph"
    )
    assert site_of(_request(root_path="/coop/"), None) == "/coop"
    assert site_of(_request(), None) == ""


@pytest.mark.parametrize(
    ("header", "choices", "expected"),
    [
        (None, (), "fr"),
        ("en-GB,en;q=0.9,fr;q=0.5", (), "en"),
        ("de", (), "en"),
        ("en", ("fr",), "fr"),
        ("fr", ("xx", None, "en"), "en"),
        ("en", ("xx",), "en"),
    ],
    ids=["default", "header", "neither", "chosen", "first-valid-choice", "invalid-choice"],
)
def test_the_request_language(header: str | None, choices: tuple[str, ...], expected: str) -> None:
    assert request_language(_request(header), *choices) == expected


def test_the_page_context_holds_the_words_of_its_language() -> None:
    context = page_context("en", "/coop")
    assert context["lang"] == "en"
    assert context["site"] == "/coop"
    assert context["t"].home == "Home"  # type: ignore[attr-defined]
    assert page_context("fr", "")["t"].home == "Accueil"  # type: ignore[attr-defined]


def test_a_localised_answer_says_its_language_and_what_it_varies_on() -> None:
    response = localised(Response("x"), "en")
    assert (response.headers["content-language"], response.headers["vary"]) == (
        "en",
        "Accept-Language",
    )
    assert localised(Response("x"), "fr", "Accept, Accept-Language").headers["vary"] == (
        "Accept, Accept-Language"
    )


def test_pages_speak_the_chosen_language(client: TestClient) -> None:
    home = client.get("/", headers={"Accept-Language": "en"})
    assert home.headers["content-language"] == "en"
    assert home.headers["vary"].startswith("Accept-Language")  # CORS adds Origin
    assert '<html lang="en">' in home.text
    forced = client.get("/doc", params={"lang": "fr"}, headers={"Accept-Language": "en"})
    assert forced.headers["content-language"] == "fr"


def test_an_alternate_is_a_link_of_the_page_head() -> None:
    link = Alternate("/id/x.ttl", "text/turtle", "Turtle")
    assert (link.rel, link.type) == ("alternate", "text/turtle")


def test_a_resource_links_its_iri_as_canonical_then_its_rdf_documents() -> None:
    links = resource_links("/coop", "/ref/énergie", "https://w3id.org/coopgraph/ref/énergie")
    assert (links[0].rel, links[0].href) == (
        "canonical",
        "https://w3id.org/coopgraph/ref/%C3%A9nergie",
    )
    assert [(link.rel, link.href, link.type) for link in links[1:]] == [
        ("alternate", "/coop/ref/%C3%A9nergie.ttl", "text/turtle"),
        ("alternate", "/coop/ref/%C3%A9nergie.jsonld", "application/ld+json"),
        ("alternate", "/coop/ref/%C3%A9nergie.rdf", "application/rdf+xml"),
        ("alternate", "/coop/ref/%C3%A9nergie.nt", "application/n-triples"),
    ]


def test_embedded_jsonld_is_compact_and_safe_in_a_script_element() -> None:
    thing = URIRef("https://w3id.org/coopgraph/id/x")
    tricky = "</script><!-- & '"
    graph = Graph()
    graph.add((thing, RDFS.label, Literal(tricky)))
    document = embedded_jsonld(graph)
    assert document["@context"]["rdfs"] == str(RDFS)
    assert document["rdfs:label"] == tricky
    written = environment.from_string("{{ value | tojson }}").render(value=document)
    assert not set("<>&'") & set(written), written  # escaped as \\u003c, \\u003e, ...
    assert json.loads(written) == document
