"""A territory's page gathers what is known of it: trajectory, actions and effects (with how each
is known and its sources), cooperation network, peers, what the places inside it hold; and the
pictures it embeds are legible. One app on the seed data, the illustrative examples and the
geography of the seed's territories."""

from __future__ import annotations

import gzip
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPOSITORY_ROOT, make_settings, running_client
from fastapi import Request
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from coopgraph.linked_data import Description
from coopgraph.questions.pictures import LABEL_WIDTH
from coopgraph.web.territory_page import territory_of

ID = "https://w3id.org/coopgraph/id/"
LOOS = "/id/commune/62528"
LENS_LIEVIN = "/id/epci/246200364"
LENS = "/id/commune/62498"
"""Lens took part in no season of the workshop: nothing is located there."""
TERRITORIES = (
    "commune/62528", "commune/62498", "commune/76402", "commune/59271", "commune/22046",
    "epci/246200364", "epci/200023414", "department/62", "department/76", "region/32",
)  # fmt: skip
SVG_NS = "{http://www.w3.org/2000/svg}"


def _geography_sample() -> bytes:
    subjects = tuple(f"<{ID}{t}> ".encode() for t in TERRITORIES)
    with gzip.open(REPOSITORY_ROOT / "data" / "geography" / "geography-2026.nt.gz") as lines:
        return b"".join(line for line in lines if line.startswith(subjects))


def _content_root(folder: Path) -> Path:
    for name in ("ontology", "shapes", "node_modules", "queries"):
        (folder / name).symlink_to(REPOSITORY_ROOT / name, target_is_directory=True)
    for kind in ("seed", "examples"):
        (folder / "data" / kind).mkdir(parents=True)
        for path in (REPOSITORY_ROOT / "data" / kind).glob("*.ttl"):
            (folder / "data" / kind / path.name).write_bytes(path.read_bytes())
    (folder / "data" / "geography-sample.nt").write_bytes(_geography_sample())
    return folder


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over the seed, the examples and their territories, in a store in memory."""
    root = _content_root(tmp_path_factory.mktemp("territories"))
    settings = make_settings(load_content=True, content_root=root, examples=True)
    with running_client(settings) as client:
        yield client


class _Page(HTMLParser):
    """The ids, the text of each id'd element, the links, images and classes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []
        self.classes: list[str] = []
        self.times: list[str] = []
        self._in_time = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.ids.add(found.get("id") or "")
        self.classes.append(found.get("class") or "")
        if tag == "a":
            self.links.append(found.get("href") or "")
        self._in_time = tag == "time"
        if tag == "img":
            self.images.append(found.get("src") or "")

    def handle_data(self, data: str) -> None:
        if self._in_time:
            self.times.append(data)
            self._in_time = False


def _page(web: TestClient, path: str) -> tuple[str, _Page]:
    response = web.get(path)
    assert response.status_code == 200, response.text
    parsed = _Page()
    parsed.feed(response.text)
    return response.text, parsed


def _section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}"')
    return html[start : html.index("</section>", start)]


def test_the_trajectory_is_a_timeline_in_date_order(web: TestClient) -> None:
    html, page = _page(web, f"{LOOS}.html")
    assert "trajectory" in page.ids
    years = [t[:4] for t in page.times]
    assert years[0] == "1984", years  # the Gohelliades first
    assert years == sorted(years)
    assert "Création du festival des Gohelliades" in _section(html, "trajectory")
    assert "/id/document/fabrique-loos-black-to-green" in _section(html, "trajectory")


def test_effects_say_how_they_are_known_and_cite_their_sources(web: TestClient) -> None:
    html, page = _page(web, "/id/commune/76402.html?lang=en")
    actions = _section(html, "actions")
    assert "effect observed" in page.classes
    assert "effect expected" in page.classes
    assert ">Observed</span>" in actions
    assert ">Expected</span>" in actions
    assert "/id/document/cler-malaunay-autonomy" in actions
    retrofit = actions[actions.index("Energy retrofit of the gymnasium") :]
    assert retrofit.index("effect expected") < retrofit.index("</article>")
    assert "solid line" in actions  # the legend says how statuses look


def test_each_action_embeds_and_links_its_causal_picture(web: TestClient) -> None:
    _, page = _page(web, "/id/commune/22046.html")
    action = f"{ID}action/le-mene-participatory-wind-farm"
    svgs = [src for src in page.images if src.startswith("/api/action-effects.svg")]
    assert action in [parse_qs(urlsplit(src).query)["action"][0] for src in svgs]
    assert any(link.startswith("/pictures/action-effects?action=") for link in page.links)
    for src in svgs:
        assert web.get(src).status_code == 200


def test_the_cooperation_network_shows_actors_bridges_and_its_picture(web: TestClient) -> None:
    html, page = _page(web, f"{LOOS}.html")
    cooperation = _section(html, "cooperation")
    assert "Ville de Loos-en-Gohelle" in cooperation
    assert "Acteurs passerelles" in cooperation
    network = [src for src in page.images if src.startswith("/api/cooperation-system.svg")]
    assert len(network) == 1
    picture = web.get(network[0])
    assert picture.status_code == 200
    assert picture.headers["content-type"] == "image/svg+xml"


def test_peers_are_ranked_with_their_reasons(web: TestClient) -> None:
    html, _ = _page(web, f"{LOOS}.html?lang=en")
    peers = _section(html, "peers")
    assert "Peer territories to learn from" in peers
    assert "/id/commune/22046" in peers
    assert "same kind of territory: +2" in peers
    assert "même type" not in peers  # reasons in the page's language only


def test_an_epci_counts_what_its_communes_hold(web: TestClient) -> None:
    html, _ = _page(web, f"{LENS_LIEVIN}.html")
    holdings = _section(html, "holdings")
    row = holdings[holdings.index(f'href="{LOOS}"') :]
    counts = [int(n) for n in re.findall(r'<td class="count">(\d+)</td>', row)[:3]]
    commune, _ = _page(web, f"{LOOS}.html")
    assert counts[1] == commune.count("<time ")  # milestones
    assert counts[0] == _section(commune, "actions").count('<article class="action">')
    assert counts[2] > 0
    assert "Création du festival des Gohelliades" in _section(html, "trajectory")


def test_a_commune_with_nothing_says_so_briefly_and_is_fast(web: TestClient) -> None:
    web.get(f"{LOOS}.html?lang=fr&warm=1")  # the query workers started
    started = time.perf_counter()
    html, page = _page(web, f"{LENS}.html?lang=en")
    elapsed = time.perf_counter() - started
    assert "territory-nothing" in page.ids
    assert "No milestone, action or cooperation is recorded here yet." in html
    assert not {"trajectory", "actions", "cooperation", "holdings"} & page.ids
    assert "peers" in page.ids  # ranked for any territory
    assert elapsed < 3.0, f"the page of a commune with nothing took {elapsed:.2f} s"


def test_headings_follow_the_page_language(web: TestClient) -> None:
    french, _ = _page(web, f"{LOOS}.html?lang=fr")
    english, _ = _page(web, f"{LOOS}.html?lang=en")
    assert "Ce que l&#39;on sait de ce territoire" in french
    assert "Trajectoire" in french
    assert "What is known of this territory" in english
    assert "Trajectory" in english


def test_only_territories_get_the_overview(web: TestClient) -> None:
    _, page = _page(web, "/id/action/loos-fifty-fifty.html")
    assert "territory" not in page.ids
    action = Description(URIRef(f"{ID}action/loos-fifty-fifty"), Graph())
    assert territory_of(Request({"type": "http"}), action, "fr") is None


def _texts(svg: bytes) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG_NS}text"))


def test_pictures_are_legible(web: TestClient) -> None:
    action = f"{ID}action/le-mene-participatory-wind-farm"
    for url, params in (
        ("/api/action-effects.svg", {"action": action, "lang": "en"}),
        ("/api/cooperation-system.svg", {"territory": f"{ID}commune/62528", "lang": "fr"}),
    ):
        response = web.get(url, params=params)
        assert response.status_code == 200, response.text
        texts = _texts(response.content)
        assert texts
        for text in texts:
            words = text.text or ""
            assert "https://" not in words
            assert len(words) <= LABEL_WIDTH, words
            assert float(text.get("font-size", "0")) >= 10
    network = " ".join(t.text or "" for t in _texts(response.content))
    assert "Ville de Loos-en-Gohelle" in network  # a label in French, on two lines at most
