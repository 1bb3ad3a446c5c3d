"""The home page, /doc, the JSON-LD context and the VoID/DCAT description."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_settings, running_client
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, VOID
from support.linked_data_content import make_content_root


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with the ontology, shapes and Linked Data samples loaded."""
    content: Path = make_content_root(tmp_path_factory.mktemp("content"))
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
    for target in ("/sparql", "/validate", "/docs", "/def.html", "/doc/referential"):
        assert f'href="{target}' in response.text, target
    assert 'href="/ref/test-energy"' in response.text  # the concept schemes of the store


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
