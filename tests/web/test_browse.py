"""Browsing through the real app: a class page lists its instances with paging, a scheme has
an A-Z index and a tree linked from its page and the home page; all kept in the page cache,
bad values answered 4xx in French and English."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient
from support.linked_data_content import make_content_root

from coopgraph.web.browsing import BROWSE_PREFIX, scheme_views
from coopgraph.web.routes.browse import router

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over the real ontology, a geography sample and the Linked Data sample."""
    content: Path = make_content_root(tmp_path_factory.mktemp("content"))
    with running_client(make_settings(load_content=True, content_root=content)) as client:
        yield client


class _Page(HTMLParser):
    """Checks that elements nest and close, ids are unique; gathers links and list items."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    assert not page.errors, page.errors
    assert not page.open, page.open
    assert len(page.ids) == len(set(page.ids)), page.ids
    return page


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_a_class_page_lists_its_instances(web: TestClient) -> None:
    response = web.get("/def/Commune.html?lang=fr")
    assert response.status_code == 200
    instances = _section(response.text, "instances")
    assert "Loos-en-Gohelle" in instances
    assert 'href="/id/commune/62528?lang=fr"' in instances  # the chosen language kept
    assert "1 à 1 sur 1, par libellé" in instances
    assert "instances-pages" not in response.text  # one page: no links to others
    _page(response.text)


def test_a_superclass_lists_its_subclasses_instances_once(web: TestClient) -> None:
    response = web.get("/def/Territory.html?lang=en")
    instances = _section(response.text, "instances")
    assert "Instances (4)" in instances
    for name in ("Loos-en-Gohelle", "Pas-de-Calais", "Hauts-de-France"):
        assert instances.count(f">{name}</a>") == 1, name
    assert "1 to 4 of 4, by label" in instances


def test_paging_is_kept_apart_in_the_cache(web: TestClient) -> None:
    first = web.get("/def/Territory.html?page=1&lang=fr")
    again = web.get("/def/Territory.html?page=1&lang=fr")
    assert first.headers["Coopgraph-Cache"] == "miss"
    assert again.headers["Coopgraph-Cache"] == "hit"
    assert again.text == first.text
    past = web.get("/def/Territory.html?page=2&lang=fr")
    assert past.status_code == 404
    assert "has no page 2: it has 1" in past.text
    assert "n'a pas de page 2" in past.text


def test_pages_link_to_each_other(web: TestClient) -> None:
    """150 instances of a class: two pages, previous and next links, the language kept."""
    rows = "".join(
        f'ex:p{n:03d} a cg:TestBrowsed ; rdfs:label "Lieu {n:03d}" .\n' for n in range(150)
    )
    turtle = (
        "@prefix cg: <https://w3id.org/coopgraph/def/> .\n@prefix ex: <http://example.org/b/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\ncg:TestBrowsed a owl:Class .\n" + rows
    )
    stored = web.put(
        "/graphs",
        params={"graph": "http://example.org/b/graph"},
        content=turtle.encode(),
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    assert stored.status_code in (201, 204), stored.text
    first = web.get("/def/TestBrowsed.html?lang=en")
    nav = _section(first.text, "instances")
    assert "1 to 100 of 150, by label" in nav
    assert 'rel="next" href="?page=2&amp;lang=en"' in nav
    assert 'rel="prev"' not in nav
    assert "Lieu 000" in nav
    assert "Lieu 100" not in nav
    second = web.get("/def/TestBrowsed.html?page=2&lang=en")
    listed = _section(second.text, "instances")
    assert '<ol start="101">' in listed
    assert "Lieu 100" in listed
    assert "Lieu 149" in listed
    assert 'rel="prev" href="?page=1&amp;lang=en"' in listed
    assert 'rel="next"' not in listed
    _page(second.text)


@pytest.mark.parametrize("raw", ["0", "abc", "-2"])
def test_a_bad_page_number_is_400(web: TestClient, raw: str) -> None:
    response = web.get(f"/def/Commune.html?page={raw}")
    assert response.status_code == 400
    assert f"'{raw}' is not a page number" in response.text
    assert "n'est pas un numéro de page" in response.text


def test_a_concept_page_has_no_instances(web: TestClient) -> None:
    response = web.get("/ref/test-energy/solar.html?lang=fr")
    assert response.status_code == 200
    assert 'id="instances"' not in response.text
    assert 'id="browse-scheme"' not in response.text


def test_a_scheme_page_links_its_views(web: TestClient) -> None:
    response = web.get("/ref/test-energy.html?lang=en")
    links = _page(response.text).links
    assert f"{BROWSE_PREFIX}/index/ref/test-energy?lang=en" in links
    assert f"{BROWSE_PREFIX}/tree/ref/test-energy?lang=en" in links
    assert "A-Z index" in _section(response.text, "browse-scheme")


def test_the_home_page_links_each_schemes_views(web: TestClient) -> None:
    links = _page(web.get("/?lang=fr").text).links
    assert f"{BROWSE_PREFIX}/index/ref/test-energy?lang=fr" in links
    assert f"{BROWSE_PREFIX}/tree/ref/referential?lang=fr" in links


def test_the_index_groups_by_folded_letter(web: TestClient) -> None:
    response = web.get(f"{BROWSE_PREFIX}/index/ref/test-energy?lang=fr")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"
    page = _page(response.text)
    letter = _section(response.text, "letter-E")
    assert letter.index("énergie renouvelable") < letter.index("énergie solaire")
    assert "/ref/test-energy/solar?lang=fr" in page.links
    assert "Index de A à Z" in response.text


def test_the_tree_nests_narrower_concepts(web: TestClient) -> None:
    response = web.get(f"{BROWSE_PREFIX}/tree/ref/test-energy?lang=en")
    tree = _section(response.text, "tree")
    assert "renewable energy</a><ul><li>" in tree
    assert "solar energy" in tree
    _page(response.text)
    again = web.get(f"{BROWSE_PREFIX}/tree/ref/test-energy?lang=en")
    assert again.headers["Coopgraph-Cache"] == "hit"


def test_the_referential_tree_loses_no_concept(web: TestClient) -> None:
    index = web.get(f"{BROWSE_PREFIX}/index/ref/referential?lang=en").text
    tree = web.get(f"{BROWSE_PREFIX}/tree/ref/referential?lang=en").text
    in_index = {link for link in _page(index).links if link.startswith("/ref/") and "/" in link[5:]}
    in_tree = {link for link in _page(tree).links if link.startswith("/ref/") and "/" in link[5:]}
    assert len(in_index) > 10
    assert in_tree == in_index


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (f"{BROWSE_PREFIX}/list/ref/test-energy", "no scheme view 'list'"),
        (f"{BROWSE_PREFIX}/index/ref/test-energy/solar", "knows no concept scheme"),
        (f"{BROWSE_PREFIX}/tree/ref/nothing-here", "knows no concept scheme"),
    ],
    ids=["unknown view", "a concept", "nothing"],
)
def test_what_is_no_scheme_view_is_404(web: TestClient, path: str, words: str) -> None:
    response = web.get(path)
    assert response.status_code == 404
    assert words in response.text
    assert "Introuvable" in response.text


def test_one_route_serves_both_views() -> None:
    paths = [getattr(route, "path", "") for route in router.routes]
    assert paths == [f"{BROWSE_PREFIX}/{{view}}/{{rest:path}}"]


def test_scheme_views_only_for_this_deployments_iris() -> None:
    assert scheme_views("https://w3id.org/coopgraph/ref/a", "/site") == [
        ("index", "/site/browse/index/ref/a"),
        ("tree", "/site/browse/tree/ref/a"),
    ]
    assert scheme_views("http://example.org/scheme", "") == []
