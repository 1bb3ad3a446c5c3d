"""Dereferencing: every kind of IRI in every format, 303 and Link headers, 404, 406, languages;
a page's head (canonical, alternates, embedded JSON-LD) and Content-Location."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from conftest import ADMIN_TOKEN, REPOSITORY_ROOT, LiveServer, make_settings, running_client
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from support.linked_data_content import make_content_root

from coopgraph.iris import CANONICAL_BASE

BASE = CANONICAL_BASE
FORMATS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
}
RDFLIB = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt"}
# path, what the HTML page must show, a triple the RDF must hold
KINDS = {
    "ontology term": ("/def/Territory", "territoire", (RDF.type, OWL.Class)),
    "concept": ("/ref/test-energy/solar", "énergie solaire", (SKOS.broader, None)),
    "shape": ("/shapes/TestCommuneShape", "forme de commune", (RDF.type, None)),
    "territory": ("/id/commune/62528", "Loos-en-Gohelle", (RDFS.label, None)),
    "ontology": ("/def", "coopgraph", (RDF.type, OWL.Ontology)),
}


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real ontology and shapes, a geography sample and the Linked Data test sample."""
    return make_content_root(tmp_path_factory.mktemp("content"))


@pytest.fixture(scope="module")
def web(content: Path) -> Iterator[TestClient]:
    """The app with that content loaded into a store in memory."""
    with running_client(make_settings(load_content=True, content_root=content)) as client:
        yield client


def parse(body: bytes, suffix: str) -> Graph:
    """The RDF of a response body, read by rdflib."""
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD parser warns about its own use of ConjunctiveGraph.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=body, format=RDFLIB[suffix])


def _links(response_link: str) -> list[str]:
    return [part.strip() for part in response_link.split(",")]


def _ontology_files() -> Graph:
    graph = Graph()
    for path in sorted((REPOSITORY_ROOT / "ontology").glob("*.ttl")):
        graph.parse(path)
    return graph


def _version_iri() -> str:
    return str(_ontology_files().value(URIRef(BASE + "def"), OWL.versionIRI))


def _terms() -> list[str]:
    """Every cg: term and ref: concept the committed ontology/*.ttl types."""
    namespaces = (BASE + "def/", BASE + "ref/")
    subjects = _ontology_files().subjects(RDF.type)
    return sorted({str(s) for s in subjects if str(s).startswith(namespaces)})


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_resource_answers_303_to_the_document_of_the_accepted_format(
    web: TestClient, kind: str, suffix: str
) -> None:
    path = KINDS[kind][0]
    response = web.get(path, headers={"Accept": FORMATS[suffix]}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"{path}.{suffix}"
    links = _links(response.headers["link"])
    assert f'<{BASE}{path.lstrip("/")}>; rel="canonical"' in links
    assert f'<{path}.{suffix}>; rel="describedby"; type="{FORMATS[suffix]}"' in links
    for other, media_type in FORMATS.items():
        assert f'<{path}.{other}>; rel="alternate"; type="{media_type}"' in links
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_document_holds_the_description(web: TestClient, kind: str, suffix: str) -> None:
    path, shown, (predicate, value) = KINDS[kind]
    response = web.get(f"{path}.{suffix}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == FORMATS[suffix]
    assert f'<{BASE}{path.lstrip("/")}>; rel="canonical"' in response.headers["link"]
    if suffix == "html":
        assert shown in response.text.lower() or shown in response.text
        return
    graph = parse(response.content, suffix)
    assert (URIRef(BASE + path.lstrip("/")), predicate, value) in graph


@pytest.mark.parametrize("name", ["ttl", "turtle", "jsonld", "rdf", "rdfxml", "nt", "html"])
def test_format_parameter_overrides_accept(web: TestClient, name: str) -> None:
    response = web.get(
        "/id/commune/62528",
        params={"format": name},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    suffix = {"turtle": "ttl", "rdfxml": "rdf"}.get(name, name)
    assert response.headers["location"] == f"/id/commune/62528.{suffix}"


def test_browser_accept_and_no_accept_get_html(web: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for accept in (browser, "*/*", ""):
        response = web.get("/ref/test-energy/solar", headers={"Accept": accept})
        assert response.status_code == 200
        assert str(response.url).endswith("/ref/test-energy/solar.html")


def test_rdf_holds_the_labels_of_linked_resources(web: TestClient) -> None:
    graph = Graph().parse(data=web.get("/id/commune/62528.ttl").content, format="turtle")
    epci = URIRef(BASE + "id/epci/246200364")
    assert (URIRef(BASE + "id/commune/62528"), URIRef(BASE + "def/isPartOf"), epci) in graph
    assert graph.value(epci, RDFS.label) is not None
    assert graph.value(URIRef(BASE + "def/Commune"), RDFS.label) is not None


def test_rdf_holds_blank_nodes_of_the_bounded_description(web: TestClient) -> None:
    graph = Graph().parse(data=web.get("/shapes/TestCommuneShape.nt").content, format="nt")
    shape = URIRef(BASE + "shapes/TestCommuneShape")
    constraint = graph.value(shape, URIRef("http://www.w3.org/ns/shacl#property"))
    assert constraint is not None
    assert graph.value(constraint, URIRef("http://www.w3.org/ns/shacl#minCount")) is not None


def test_unknown_iri_gets_a_404_page_that_says_so(web: TestClient) -> None:
    response = web.get("/id/commune/00000", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Ressource inconnue" in response.text
    assert f"{BASE}id/commune/00000" in response.text


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/id/commune/00000", "text/turtle"),
        ("/ref/no-such-concept.ttl", "*/*"),
        ("/shapes/NoSuchShape.jsonld", "*/*"),
        ("/def/9.9.9", "text/turtle"),
    ],
)
def test_unknown_iri_for_machines_is_a_plain_404(web: TestClient, path: str, accept: str) -> None:
    response = web.get(path, headers={"Accept": accept})
    assert response.status_code == 404
    assert "knows no resource" in response.text


def test_unknown_html_document_is_a_404_page(web: TestClient) -> None:
    response = web.get("/def/NoSuchTerm.html", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Unknown resource" in response.text


def test_accept_that_cannot_be_served_is_406(web: TestClient) -> None:
    response = web.get("/id/commune/62528", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "image/png" in response.text


def test_unknown_format_parameter_is_400(web: TestClient) -> None:
    response = web.get("/id/commune/62528", params={"format": "pdf"})
    assert response.status_code == 400
    assert "pdf" in response.text


@pytest.mark.parametrize(
    ("headers", "params", "label", "lang"),
    [
        ({}, {}, "énergie solaire", "fr"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, {}, "solar energy", "en"),
        ({"Accept-Language": "en"}, {"lang": "fr"}, "énergie solaire", "fr"),
        ({"Accept-Language": "fr"}, {"lang": "en"}, "solar energy", "en"),
        ({"Accept-Language": "de"}, {}, "solar energy", "en"),
    ],
    ids=["default-fr", "accept-en", "switch-fr", "switch-en", "other-language-en"],
)
def test_page_language(
    web: TestClient, headers: dict[str, str], params: dict[str, str], label: str, lang: str
) -> None:
    response = web.get("/ref/test-energy/solar.html", headers=headers, params=params)
    assert f'<h1 id="title">{label}</h1>' in response.text
    assert response.headers["content-language"] == lang
    assert f'<html lang="{lang}">' in response.text


def test_lang_survives_the_redirect(web: TestClient) -> None:
    response = web.get(
        "/ref/test-energy/solar",
        params={"lang": "en"},
        follow_redirects=False,
        headers={"Accept": "text/html"},
    )
    assert response.headers["location"] == "/ref/test-energy/solar.html?lang=en"


def test_concept_page_shows_hierarchy_links_and_provenance(web: TestClient) -> None:
    page = web.get("/ref/test-energy/renewable.html").text
    assert 'class="narrower"' in page
    assert 'href="/ref/test-energy/solar"' in page
    assert "https://example.org/source-of-definitions" in page
    assert "data/linked-data-sample.ttl" in page
    for suffix in ("ttl", "jsonld", "rdf", "nt"):
        assert f'href="/ref/test-energy/renewable.{suffix}"' in page


def test_territory_page_shows_outgoing_and_incoming_links(web: TestClient) -> None:
    page = web.get("/id/commune/62528.html").text
    assert 'href="/id/epci/246200364"' in page
    assert 'href="/ref/test-energy/solar"' in page  # incoming rdfs:seeAlso
    epci = web.get("/id/epci/246200364.html").text
    assert 'href="/id/commune/62528"' in epci  # incoming cg:isPartOf


def test_class_page_shows_subclasses_from_incoming_links(web: TestClient) -> None:
    page = web.get("/def/Territory.html").text
    assert 'class="subclasses"' in page
    assert 'href="/def/Commune"' in page


def test_deprecated_term_shows_a_notice_and_its_replacement(web: TestClient) -> None:
    response = web.get("/def/TestOldTerritory", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert 'id="deprecated"' in response.text
    assert 'href="/def/Territory"' in response.text
    graph = Graph().parse(data=web.get("/def/TestOldTerritory.ttl").content, format="turtle")
    assert (URIRef(BASE + "def/TestOldTerritory"), OWL.deprecated, None) in graph


def test_ontology_at_its_version_iri_is_the_latest_ontology(web: TestClient) -> None:
    version = _version_iri()
    path = "/" + version.removeprefix(BASE)
    response = web.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert str(response.url).endswith(f"{path}.ttl")
    graph = Graph().parse(data=response.content, format="turtle")
    assert (URIRef(BASE + "def"), OWL.versionIRI, URIRef(version)) in graph
    assert len(graph) == len(Graph().parse(data=web.get("/def.ttl").content, format="turtle"))


def test_ontology_html_is_its_documentation(web: TestClient) -> None:
    page = web.get("/def", headers={"Accept": "text/html", "Accept-Language": "en"}).text
    assert 'id="classes"' in page
    assert 'href="/def/Territory"' in page


def test_public_base_prefixes_locations_and_links(content: Path) -> None:
    settings = make_settings(
        load_content=True, content_root=content, public_base="https://data.example.org/cg/"
    )
    with running_client(settings) as client:
        response = client.get(
            "/id/commune/62528", headers={"Accept": "text/html"}, follow_redirects=False
        )
        assert response.headers["location"] == "https://data.example.org/cg/id/commune/62528.html"
        page = client.get("/id/commune/62528.html").text
    assert 'href="https://data.example.org/cg/id/epci/246200364"' in page


def test_head_answers_like_get(web: TestClient) -> None:
    response = web.head(
        "/id/commune/62528", headers={"Accept": "text/turtle"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert web.head("/id/commune/62528.ttl").status_code == 200


@pytest.mark.parametrize("iri", _terms(), ids=lambda iri: iri.removeprefix(BASE))
def test_every_ontology_term_and_concept_dereferences(web: TestClient, iri: str) -> None:
    path = "/" + iri.removeprefix(BASE)
    page = web.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200, page.text
    assert str(page.url).endswith(f"{path}.html")
    assert iri in page.text
    turtle = web.get(path, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    assert (URIRef(iri), RDF.type, None) in parse(turtle.content, "ttl")


def test_a_named_graph_iri_sees_other_to_its_graph_store_document(client: TestClient) -> None:
    client.put(
        "/graphs",
        params={"graph": "https://w3id.org/coopgraph/graph/data/sample"},
        content=b'<https://w3id.org/coopgraph/id/x> <http://example.org/p> "1" .',
        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    answer = client.get("/graph/data/sample", follow_redirects=False)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location == "/graphs?graph=https%3A%2F%2Fw3id.org%2Fcoopgraph%2Fgraph%2Fdata%2Fsample"
    document = client.get(location, headers={"Accept": "application/n-triples"})
    assert document.status_code == 200
    assert b"<https://w3id.org/coopgraph/id/x>" in document.content


def test_an_unknown_named_graph_iri_is_a_404(client: TestClient) -> None:
    assert client.get("/graph/data/nothing-here", follow_redirects=False).status_code == 404


@pytest.fixture
def writable(content: Path) -> Iterator[TestClient]:
    """A fresh app over the same content, for tests that write."""
    with running_client(make_settings(load_content=True, content_root=content)) as client:
        yield client


ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
SOLAR = "/ref/test-energy/solar"


def test_a_repeated_document_has_the_same_etag_and_if_none_match_gets_304(
    web: TestClient,
) -> None:
    first, second = web.get(f"{SOLAR}.html"), web.get(f"{SOLAR}.html")
    assert first.headers["etag"] == second.headers["etag"]
    assert first.content == second.content
    assert first.headers["link"] == second.headers["link"]
    again = web.get(f"{SOLAR}.html", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


def test_each_format_and_language_has_its_own_etag(web: TestClient) -> None:
    tags = {
        web.get(f"{SOLAR}.html", params={"lang": "fr"}).headers["etag"],
        web.get(f"{SOLAR}.html", params={"lang": "en"}).headers["etag"],
        web.get(f"{SOLAR}.ttl").headers["etag"],
    }
    assert len(tags) == 3
    stale = web.get(f"{SOLAR}.ttl", headers={"If-None-Match": '"not-this-one"'})
    assert stale.status_code == 200


def test_a_sparql_update_is_seen_by_the_next_page(writable: TestClient) -> None:
    before = writable.get(f"{SOLAR}.html", params={"lang": "en"})
    turtle = writable.get(f"{SOLAR}.ttl")
    update = (
        f"INSERT DATA {{ GRAPH <{BASE}graph/data/cache-test> {{ <{BASE}ref/test-energy/solar> "
        f'<{SKOS.altLabel}> "sunshine power"@en }} }}'
    )
    assert writable.post("/sparql", data={"update": update}, headers=ADMIN).status_code < 300
    after = writable.get(f"{SOLAR}.html", params={"lang": "en"})
    assert "sunshine power" not in before.text
    assert "sunshine power" in after.text
    assert after.headers["etag"] != before.headers["etag"]
    revalidated = writable.get(f"{SOLAR}.ttl", headers={"If-None-Match": turtle.headers["etag"]})
    assert revalidated.status_code == 200
    assert b"sunshine power" in revalidated.content


def test_a_graph_store_put_is_seen_by_the_next_page_and_the_303(writable: TestClient) -> None:
    path = "/id/cache-test/new-thing"
    assert writable.get(path, follow_redirects=False).status_code == 404
    assert writable.get(f"{path}.ttl").status_code == 404
    triple = f'<{BASE}id/cache-test/new-thing> <{RDFS.label}> "a new thing" .'
    put = writable.put(
        "/graphs",
        params={"graph": f"{BASE}graph/data/cache-test"},
        content=triple.encode(),
        headers={"Content-Type": "application/n-triples", **ADMIN},
    )
    assert put.status_code in (201, 204)
    assert writable.get(path, follow_redirects=False).status_code == 303
    assert "a new thing" in writable.get(f"{path}.html").text
    deleted = writable.delete("/graphs", params={"graph": f"{BASE}graph/data/cache-test"},
                              headers=ADMIN)  # fmt: skip
    assert deleted.status_code == 204
    assert writable.get(f"{path}.html").status_code == 404


# A store without content, and paths no IRI of ours has: a clear 4xx each, never a 500.


@pytest.mark.parametrize(
    "path", ["/def", "/def.html", "/id/commune/62528", "/ref/anything", "/shapes/Any"]
)
def test_a_store_without_content_answers_a_404_page(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "Ressource inconnue" in response.text


@pytest.mark.parametrize("path", ["/def", "/def.ttl", "/def/0.1.0.nt", "/id/x.jsonld"])
def test_a_store_without_content_answers_rdf_clients_a_plain_404(
    client: TestClient, path: str
) -> None:
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert "knows no resource" in response.text


ODD_UNKNOWN = {
    "escaped caret": "/def/%5E",
    "escaped caret suffix": "/def.%5E",
    "escaped percent": "/id/%25",
    "escaped slash": "/ref/a%2Fb",
    "dot dot": "/ref/..%2F..",
    "empty rest": "/id/",
    "empty suffix": "/def.",
    "empty suffix of a term": "/shapes/Thing.",
    "unicode": "/ref/énergie-solaire",
    "escaped unicode": "/ref/%C3%A9nergie",
    "not UTF-8": "/ref/%FF%FE",
    "very long": "/id/" + "x" * 6000,
}


@pytest.mark.parametrize("path", ODD_UNKNOWN.values(), ids=ODD_UNKNOWN)
@pytest.mark.parametrize("with_content", [False, True], ids=["empty", "content"])
def test_an_odd_unknown_path_answers_a_404_page(
    client: TestClient, web: TestClient, path: str, with_content: bool
) -> None:
    response = (web if with_content else client).get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404, response.text[:300]
    assert "Ressource inconnue" in response.text


MALFORMED = {"caret": ("/def/^", "'^'"), "lone percent": ("/id/50%", "'%'"),
             "percent and one digit": ("/ref/%5", "'%'"), "pipe": ("/shapes/a|b", "'|'"),
             "caret suffix": ("/def.^", "'^'"), "backslash": ("/id/a\\b", "'\\\\'")}  # fmt: skip


@pytest.mark.parametrize(("path", "named"), MALFORMED.values(), ids=MALFORMED)
@pytest.mark.parametrize("with_content", [False, True], ids=["empty", "content"])
def test_a_path_no_iri_can_hold_is_a_400_naming_the_character(
    client: TestClient, web: TestClient, path: str, named: str, with_content: bool
) -> None:
    response = (web if with_content else client).get(path, headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert named in response.text
    assert "not allowed in an IRI" in response.text


@pytest.mark.parametrize("lang", ["\x1f", "\x80", "de", "fr\nX-Injected: 1", ""])
def test_an_unknown_lang_is_left_out_of_the_redirect(web: TestClient, lang: str) -> None:
    response = web.get(
        "/def/Territory", params={"lang": lang}, headers={"Accept": "text/html"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"] == "/def/Territory.html"
    assert "x-injected" not in response.headers


def test_an_iri_with_escapes_and_unicode_dereferences(writable: TestClient) -> None:
    slashed, accented = f"{BASE}id/odd/a%2Fb", f"{BASE}id/odd/énergie"
    triples = f'<{slashed}> <{RDFS.label}> "slashed" .\n<{accented}> <{RDFS.label}> "accented" .\n'
    put = writable.put(
        "/graphs",
        params={"graph": f"{BASE}graph/data/odd"},
        content=triples.encode(),
        headers={"Content-Type": "application/n-triples", **ADMIN},
    )
    assert put.status_code in (201, 204)
    moved = writable.get("/id/odd/a%2Fb", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == "/id/odd/a%2Fb.ttl"
    assert f'<{slashed}>; rel="canonical"' in moved.headers["link"]
    assert writable.get("/id/odd/a/b.ttl").status_code == 404
    document = writable.get("/id/odd/énergie.ttl")
    assert document.status_code == 200
    assert (URIRef(accented), RDFS.label, None) in parse(document.content, "ttl")
    assert f'<{BASE}id/odd/%C3%A9nergie>; rel="canonical"' in document.headers["link"]
    page = writable.get("/id/odd/%C3%A9nergie.html")
    assert page.status_code == 200
    assert "accented" in page.text


def test_odd_paths_and_languages_on_a_live_server(live_server: LiveServer) -> None:
    thing = f"{BASE}id/live-odd/thing"
    graph = {"graph": f"{BASE}graph/data/live-odd"}
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        put = http.put(
            "/graphs", params=graph, content=f'<{thing}> <{RDFS.label}> "thing" .'.encode(),
            headers={"Content-Type": "application/n-triples", **live_server.admin},
        )  # fmt: skip
        assert put.status_code in (201, 204)
        try:
            for lang in ("\x1f", "\x80", "€"):
                moved = http.get(
                    "/id/live-odd/thing", params={"lang": lang},
                    headers={"Accept": "text/html"}, follow_redirects=False,
                )  # fmt: skip
                assert moved.status_code == 303, moved.text
                assert moved.headers["location"] == "/id/live-odd/thing.html"
            assert http.get("/id/live-odd/^").status_code == 400
            assert http.get("/id/live-odd/%5E").status_code == 404
            assert http.get("/id/live-odd/€.html").status_code == 404
            assert http.get("/def.%5E").status_code == 404
        finally:
            http.delete("/graphs", params=graph, headers=live_server.admin)


# The head of a page (<link> canonical and alternates, the embedded JSON-LD) and
# Content-Location on documents.


class _Head(HTMLParser):
    """The <link> elements of a page and the text of its JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.links.append(dict(attrs))
        self._in_jsonld = tag == "script" and ("type", "application/ld+json") in attrs
        if self._in_jsonld:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.scripts[-1] += data


def _head(page: str) -> _Head:
    head = _Head()
    head.feed(page)
    return head


PAGE_KINDS = [kind for kind in KINDS if kind != "ontology"]  # /def.html is its documentation


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_a_page_links_its_persistent_iri_and_each_rdf_document(web: TestClient, kind: str) -> None:
    path = KINDS[kind][0]
    links = _head(web.get(f"{path}.html").text).links
    canonical = [link["href"] for link in links if link["rel"] == "canonical"]
    assert canonical == [f"{BASE}{path.lstrip('/')}"]
    alternates = {(link["href"], link["type"]) for link in links if link["rel"] == "alternate"}
    expected = {
        (f"{path}.{suffix}", media) for suffix, media in FORMATS.items() if suffix != "html"
    }
    assert alternates == expected


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_a_page_embeds_its_jsonld_document(web: TestClient, kind: str) -> None:
    path, _, (predicate, value) = KINDS[kind]
    scripts = _head(web.get(f"{path}.html").text).scripts
    assert len(scripts) == 1
    embedded = json.loads(scripts[0])
    assert embedded["@context"]["cg"] == f"{BASE}def/"  # compact, with the project's prefixes
    graph = parse(scripts[0].encode(), "jsonld")
    assert (URIRef(BASE + path.lstrip("/")), predicate, value) in graph
    document = parse(web.get(f"{path}.jsonld").content, "jsonld")
    assert isomorphic(graph, document)


def test_a_label_cannot_break_out_of_the_embedded_jsonld(writable: TestClient) -> None:
    thing = f"{BASE}id/odd/script"
    tricky = "</script><script>alert(1)</script> & 'x' <!-- y"
    put = writable.put(
        "/graphs",
        params={"graph": f"{BASE}graph/data/script"},
        content=f"<{thing}> <{RDFS.label}> {json.dumps(tricky)} .".encode(),
        headers={"Content-Type": "application/n-triples", **ADMIN},
    )
    assert put.status_code in (201, 204)
    page = writable.get("/id/odd/script.html")
    assert page.status_code == 200
    # The page's own two scripts (the embedded JSON-LD and the search box's), no third.
    assert page.text.lower().count("<script") == 2
    assert page.text.lower().count("</script") == 2
    assert "<!--" not in page.text
    head = _head(page.text)
    assert len(head.scripts) == 1
    graph = parse(head.scripts[0].encode(), "jsonld")
    assert (URIRef(thing), RDFS.label, Literal(tricky)) in graph
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page.text  # the title, escaped as HTML


@pytest.mark.parametrize(
    ("url", "headers", "location"),
    [
        ("/id/commune/62528.ttl", {}, "/id/commune/62528.ttl"),
        ("/id/commune/62528.nt", {"Accept": "text/html"}, "/id/commune/62528.nt"),
        ("/def.jsonld", {}, "/def.jsonld"),
        (f"{SOLAR}.html?lang=en", {}, f"{SOLAR}.html?lang=en"),
        (f"{SOLAR}.html", {"Accept-Language": "en"}, f"{SOLAR}.html?lang=en"),
        (f"{SOLAR}.html", {}, f"{SOLAR}.html?lang=fr"),
        ("/def.html", {"Accept-Language": "en-GB"}, "/def.html?lang=en"),
    ],
    ids=["turtle", "n-triples", "ontology", "page-lang", "page-accept-language", "page-default",
         "ontology-page"],
)  # fmt: skip
def test_a_document_names_itself_in_content_location(
    web: TestClient, url: str, headers: dict[str, str], location: str
) -> None:
    response = web.get(url, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-location"] == location


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_negotiated_document_names_the_url_the_303_gave(web: TestClient, suffix: str) -> None:
    accept = {"Accept": FORMATS[suffix], "Accept-Language": "en"}
    moved = web.get("/id/commune/62528", headers=accept, follow_redirects=False)
    assert moved.status_code == 303
    document = web.get(moved.headers["location"], headers=accept)
    expected = moved.headers["location"] + ("?lang=en" if suffix == "html" else "")
    assert document.headers["content-location"] == expected


def test_content_location_and_links_are_in_uri_form(writable: TestClient) -> None:
    accented = f"{BASE}id/odd/énergie"
    put = writable.put(
        "/graphs",
        params={"graph": f"{BASE}graph/data/odd"},
        content=f'<{accented}> <{RDFS.label}> "accented" .'.encode(),
        headers={"Content-Type": "application/n-triples", **ADMIN},
    )
    assert put.status_code in (201, 204)
    page = writable.get("/id/odd/%C3%A9nergie.html", params={"lang": "fr"})
    assert page.headers["content-location"] == "/id/odd/%C3%A9nergie.html?lang=fr"
    links = _head(page.text).links
    assert {"rel": "canonical", "href": f"{BASE}id/odd/%C3%A9nergie"} in links
    assert {"rel": "alternate", "href": "/id/odd/%C3%A9nergie.ttl", "type": FORMATS["ttl"]} in links
