"""The home page, /doc, the JSON-LD context and the VoID/DCAT description."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPOSITORY_ROOT, make_settings, running_client
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, VOID
from support.linked_data_content import make_content_root


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with the ontology, shapes and Linked Data samples loaded, and the stored queries."""
    content: Path = make_content_root(tmp_path_factory.mktemp("content"))
    (content / "queries").symlink_to(REPOSITORY_ROOT / "queries", target_is_directory=True)
    with running_client(make_settings(load_content=True, content_root=content)) as client:
        yield client


@pytest.mark.parametrize(
    ("lang", "title"),
    [("fr", "Le graphe des territoires en transition"), ("en", "The knowledge graph")],
)
def test_home_page_links_the_services(web: TestClient, lang: str, title: str) -> None:
    response = web.get("/", params={"lang": lang})
    assert response.status_code == 200
    assert title in response.text
    for target in ("/sparql", "/validate", "/docs", "/def.html", "/doc/referential", "/dumps",
                   "/steward/template.xlsx"):  # fmt: skip
        assert f'href="{target}' in response.text, target
    assert 'href="/ref/test-energy"' in response.text  # the concept schemes of the store


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_home_page_links_the_stored_queries_and_their_pictures(web: TestClient, lang: str) -> None:
    page = web.get("/", params={"lang": lang}).text
    assert 'href="/api/queries"' in page
    assert 'href="/validate"' in page
    catalogue = web.get("/api/queries").json()
    assert catalogue  # the link leads to the stored queries
    pictures = re.findall(r'href="(/pictures/[^"?]+)\?lang=(\w+)"', page)
    assert sorted(pictures) == [
        ("/pictures/action-effects", lang),
        ("/pictures/cooperation-system", lang),
    ]  # the stored queries whose analysis draws: effects, network
    for target, _ in pictures:
        form = web.get(target, params={"lang": lang})
        assert "<form" in form.text, target  # a form to fill, then the picture
    summary = "Effets directs" if lang == "fr" else "Direct and indirect effects"
    assert summary in page


@pytest.mark.parametrize("kind", ["ontology", "referential", "shapes"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_documentation_pages(web: TestClient, kind: str, lang: str) -> None:
    response = web.get(f"/doc/{kind}", params={"lang": lang})
    assert response.status_code == 200
    assert response.headers["content-language"] == lang
    assert 'id="title"' in response.text


def test_documentation_index_and_unknown_kind(web: TestClient) -> None:
    assert 'href="/doc/shapes?lang=en"' in web.get("/doc").text
    missing = web.get("/doc/recipes")
    assert missing.status_code == 404
    assert "recipes" in missing.text


def test_context_is_json_ld_that_compacts_our_terms(web: TestClient) -> None:
    response = web.get("/context.jsonld")
    assert response.headers["content-type"].startswith("application/ld+json")
    context = response.json()["@context"]
    assert context["ref"] == "https://w3id.org/coopgraph/ref/"
    assert context["isPartOf"]["@type"] == "@id"


@pytest.mark.parametrize("path", ["/.well-known/void", "/void"])
def test_void_and_dcat_describe_the_dataset(web: TestClient, path: str) -> None:
    response = web.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="turtle")
    dataset = URIRef("http://testserver/.well-known/void#coopgraph")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef("http://testserver/sparql")) in graph
    triples = graph.value(dataset, VOID.triples)
    assert isinstance(triples, Literal)
    assert triples.toPython() > 1000
    assert len(list(graph.objects(dataset, VOID.subset))) >= 3


def test_void_refuses_what_it_cannot_serve(web: TestClient) -> None:
    assert web.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize(
    ("params", "accept", "location", "parsed_as"),
    [
        ({}, "text/turtle", "/.well-known/void?format=ttl", "turtle"),
        ({}, "application/n-triples", "/.well-known/void?format=nt", "nt"),
        ({"format": "rdf"}, "text/turtle", "/.well-known/void?format=rdf", "xml"),
        ({"format": "jsonld"}, None, "/.well-known/void?format=jsonld", "json-ld"),
    ],
    ids=["accept-turtle", "accept-n-triples", "format-over-accept", "format-alone"],
)
def test_void_names_the_format_it_chose_in_content_location(
    web: TestClient, params: dict[str, str], accept: str | None, location: str, parsed_as: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = web.get("/.well-known/void", params=params, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-location"] == location
    again = web.get(location)
    assert again.headers["content-type"] == response.headers["content-type"]
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD parser warns about its own use of ConjunctiveGraph.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        assert len(Graph().parse(data=response.content, format=parsed_as)) > 0


def test_void_names_the_formats_it_offers_for_an_unknown_one(web: TestClient) -> None:
    response = web.get("/.well-known/void", params={"format": "html"})
    assert response.status_code == 400
    assert "'html'" in response.text
    assert "ttl, jsonld, rdf, nt" in response.text
