"""The steward's workspace through the app: the page in French and English, and the preview
of a submission (labelled additions, removals and changed values; 401, 403; nothing stored)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx2
import pytest
from conftest import make_settings, running_client
from fastapi.testclient import TestClient
from support.steward_content import LILLE, LOOS, content_root, steward_file

from coopgraph.access.keyring import Keyring
from coopgraph.languages import word_book
from coopgraph.web.routes.workspace import preview_submission, workspace_page

PREVIEW = "/territories/commune/62528/preview"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Site:
    """The app with a private folder, and the bearer header of each steward."""

    client: TestClient
    headers: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app over the ontology and the sample geography; Alice holds Loos, Bob Lille."""
    folder = tmp_path_factory.mktemp("workspace-web")
    private = folder / "private"
    keyring = Keyring(private)
    secrets = {"alice": keyring.create("alice", [LOOS], False),
               "bob": keyring.create("bob", [LILLE], False)}  # fmt: skip
    settings = make_settings(
        load_content=True,
        content_root=content_root(folder / "project"),
        private_folder=private,
        max_validation_bytes=100_000,
    )
    with running_client(settings) as client:
        headers = {name: {"Authorization": f"Bearer {s}"} for name, s in secrets.items()}
        yield Site(client, headers | {"reader": {}})


def _preview(site: Site, who: str, name: str, path: str = PREVIEW) -> httpx2.Response:
    return site.client.post(
        path,
        params={"lang": "en"},
        content=steward_file(name),
        headers={"Content-Type": "text/turtle", "Accept": "application/json", **site.headers[who]},
    )


def _count(site: Site) -> int:
    answer = site.client.get("/sparql", params={"query": COUNT},
                             headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def _said(item: dict[str, dict[str, str]]) -> tuple[str, str, str]:
    return item["subject"]["label"], item["predicate"]["label"], item["object"]["label"]


@pytest.mark.parametrize(("lang", "title"), [("fr", "intendant des données"),
                                              ("en", "Data steward")])  # fmt: skip
def test_the_page_speaks_french_and_english(site: Site, lang: str, title: str) -> None:
    response = site.client.get("/steward", headers={"Accept-Language": lang})
    assert response.status_code == 200
    assert response.headers["content-language"] == lang
    assert title in response.text
    assert "/static/site/workspace.js" in response.text
    assert "cdn" not in response.text.lower()
    assert site.client.get("/static/site/workspace.js").status_code == 200


def test_the_home_page_links_the_workspace(site: Site) -> None:
    assert 'href="/steward?lang=en"' in site.client.get("/?lang=en").text


def test_every_word_of_the_workspace_is_in_both_languages() -> None:
    assert all(set(texts) == {"fr", "en"} for texts in word_book("workspace").values())
    assert workspace_page.__doc__
    assert preview_submission.__doc__


def test_a_first_preview_adds_everything_with_labels_and_stores_nothing(site: Site) -> None:
    before = _count(site)
    response = _preview(site, "alice", "loos-en-gohelle.ttl")
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["version"] is None
    assert found["conforms"] is True
    assert found["removed"] == []
    assert found["changed"] == []
    said = {_said(item) for item in found["added"]}
    assert ("Solar roofs of the church", "rdfs:label", "Solar roofs of the church") in said
    assert any(s == "Solar roofs of the church" and o == "Loos-en-Gohelle" for s, _p, o in said)
    assert ("_:b1", "rdf:type", "time:Instant") in said  # a blank node, named for reading
    assert _count(site) == before
    versions = site.client.get("/territories/commune/62528/versions").json()["versions"]
    assert versions == []


def test_a_preview_against_the_published_version(site: Site) -> None:
    published = site.client.post(
        "/submissions",
        params={"territory": LOOS},
        content=steward_file("loos-en-gohelle.ttl"),
        headers={"Content-Type": "text/turtle", **site.headers["alice"]},
    )
    assert published.status_code == 201, published.text
    before = _count(site)
    found = _preview(site, "alice", "loos-en-gohelle-v2.ttl").json()
    assert found["version"] == 1
    [change] = found["changed"]
    assert change["before"]["label"] == "Solar roofs of the church"
    assert change["after"]["label"] == "Solar panels on the church roof"
    [added] = found["added"]
    assert added["predicate"]["value"].endswith("#comment")
    assert added["object"] == {"value": "Mesuré en 2014.", "label": "Mesuré en 2014.",
                               "kind": "literal", "language": "fr"}  # fmt: skip
    assert found["removed"] == []
    assert _count(site) == before
    assert len(site.client.get("/territories/commune/62528/versions").json()["versions"]) == 1


def test_a_broken_file_previews_with_its_verdict(site: Site) -> None:
    found = _preview(site, "alice", "loos-en-gohelle-broken.ttl").json()
    assert found["conforms"] is False
    assert found["counts"]["Violation"] == 1
    [change] = found["changed"]
    assert change["predicate"]["label"] == "polarity"


@pytest.mark.parametrize(
    ("who", "status", "words"),
    [("reader", 401, "token"), ("bob", 403, "62528")],
    ids=["no-token", "other-territory"],
)
def test_the_preview_needs_the_territory_s_token(
    site: Site, who: str, status: int, words: str
) -> None:
    response = _preview(site, who, "loos-en-gohelle.ttl")
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [(b"<a> <b> .", "text/turtle", 400), (b"x", "application/pdf", 415),
     (b"# nothing", "text/turtle", 400), (b"#" * 100_001, "text/turtle", 413)],
    ids=["unparseable", "unsupported", "empty", "too-large"],
)  # fmt: skip
def test_bad_input_is_a_clear_4xx(site: Site, body: bytes, content_type: str, status: int) -> None:
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    response = site.client.post(PREVIEW, content=body, headers=headers | site.headers["alice"])
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_a_preview_is_refused_as_its_submission_would_be(site: Site) -> None:
    foreign = steward_file("loos-en-gohelle.ttl") + (
        b"\n<https://w3id.org/coopgraph/id/commune/59350> "
        b'<http://www.w3.org/2000/01/rdf-schema#comment> "Loos writes about Lille"@en .\n'
    )
    before = _count(site)
    headers = {"Content-Type": "text/turtle", "Accept": "application/json"}
    response = site.client.post(
        PREVIEW, params={"lang": "en"}, content=foreign, headers=headers | site.headers["alice"]
    )
    assert response.status_code == 403, response.text
    assert "59350" in response.json()["detail"]
    assert _count(site) == before
