"""/api/search and the search box of every page, through the real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_settings, running_client
from fastapi.testclient import TestClient
from support.finding_content import make_finding_root

from coopgraph import iris
from coopgraph.web.routes import search

CG = iris.TERM_BASE
ID = iris.IDENTIFIER_BASE


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with the ontology, the seed data and a few namesakes of the geography."""
    content: Path = make_finding_root(tmp_path_factory.mktemp("content"))
    with running_client(make_settings(load_content=True, content_root=content)) as client:
        yield client


def _ids(web: TestClient, **params: str | int | list[str]) -> list[str]:
    response = web.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return [result["id"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Lens", "commune/62498"),
        ("grande synthe", "commune/59271"),
        ("le mene", "commune/22046"),
        ("loos-en-goh", "commune/62528"),
        ("LOOS EN GOHELLE", "commune/62528"),
        ("62498", "commune/62498"),
    ],
)
def test_search_is_ranked_prefix_and_accent_blind(web: TestClient, q: str, expected: str) -> None:
    assert _ids(web, q=q)[0] == ID + expected


def test_a_postal_code_finds_the_communes_it_serves(web: TestClient) -> None:
    # Loos-en-Gohelle's postal code is the INSEE code of Saint-Hilaire-Cottes: both found whole,
    # the larger commune first.
    assert _ids(web, q="62750") == [ID + "commune/62528", ID + "commune/62750"]
    shared = web.get("/api/search", params={"q": "62300", "type": "Commune"}).json()
    assert [r["name"] for r in shared["results"]] == ["Lens", "Éleu-dit-Leauwette"]
    assert [r["score"] for r in shared["results"]] == [100, 100]


def test_a_communes_siren_finds_it_whole(web: TestClient) -> None:
    assert _ids(web, q="216205286") == [ID + "commune/62528"]  # Loos-en-Gohelle's SIREN
    assert _ids(web, q="200054294", type="Commune") == [ID + "commune/22046"]  # Le Mené
    assert _ids(web, q="2162052") == []  # the start of a SIREN names nothing


def test_a_result_says_what_it_is_and_where_its_page_is(web: TestClient) -> None:
    answer = web.get("/api/search", params={"q": "Lens", "lang": "en", "limit": 1}).json()
    assert answer["query"] == "Lens"
    assert answer["lang"] == "en"
    (lens,) = answer["results"]
    assert lens["name"] == "Lens"
    assert lens["types"] == [{"id": CG + "Commune", "name": "commune"}]
    assert lens["description"].startswith("commune · Pas-de-Calais (62) · 32")
    assert lens["page"] == "/id/commune/62498"
    assert lens["score"] == 100
    assert web.get(lens["page"] + ".html").status_code == 200


@pytest.mark.parametrize("kind", ["Commune", "cg:Commune", CG + "Commune"])
def test_type_keeps_instances_of_a_class(web: TestClient, kind: str) -> None:
    ids = _ids(web, q="grande synthe", type=kind)
    assert ids == [ID + "commune/59271"]


def test_several_types_add_up(web: TestClient) -> None:
    ids = _ids(web, q="grande synthe", type=["Commune", "Actor"])
    assert ID + "commune/59271" in ids
    assert ID + "collective/grande-synthe" in ids


def test_limit_caps_the_results(web: TestClient) -> None:
    assert len(_ids(web, q="lens", limit=2)) == 2


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, ("« q » manque", "'q' is missing")),
        ({"q": "lens", "limit": "0"}, ("« limit »", "'limit' must be an integer from 1 to 50")),
        ({"q": "lens", "limit": "many"}, ("« limit »", "'limit'")),
        ({"q": "lens", "type": "foo:Bar"}, ("préfixe inconnu", "unknown prefix")),
    ],
    ids=["no-q", "zero-limit", "word-limit", "bad-prefix"],
)
def test_bad_parameters_are_a_400_in_both_languages(
    web: TestClient, params: dict[str, str], words: tuple[str, str]
) -> None:
    response = web.get("/api/search", params=params)
    assert response.status_code == 400, response.text
    for word in words:
        assert word in response.text


@pytest.mark.parametrize("path", ["/", "/doc/referential", "/def.html", "/validate"])
def test_every_page_has_the_search_box_and_its_script(web: TestClient, path: str) -> None:
    page = web.get(path, params={"lang": "en"}).text
    assert 'role="search"' in page
    assert 'data-api="/api/search"' in page
    assert 'placeholder="Commune, concept, actor…"' in page
    assert '<script src="/static/site/search.js" defer></script>' in page


def test_the_script_is_served_from_this_host(web: TestClient) -> None:
    response = web.get("/static/site/search.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert 'getAttribute("data-api")' in response.text  # the page says where to ask
    assert "http://" not in response.text
    assert "https://" not in response.text  # nothing from another host


def test_the_router_serves_api_search() -> None:
    assert [getattr(route, "path", None) for route in search.router.routes] == ["/api/search"]
