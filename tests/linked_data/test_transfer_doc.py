"""transfer_doc: the page of the model of transfer, on the real app and in the static site."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ADMIN_TOKEN, REPOSITORY_ROOT, make_settings, running_client
from fastapi.testclient import TestClient
from support.linked_data_content import make_content_root
from typer.testing import CliRunner

from coopgraph.cli.main import app
from coopgraph.linked_data.transfer_doc import EXAMPLE_QUERY, TERMS, expand

PHASES = {
    "fr": ("1. Décontextualiser", "2. S&#39;approprier", "3. Recontextualiser"),
    "en": ("1. Decontextualisation", "2. Appropriation", "3. Recontextualisation"),
}
"""The phases as the diagram names them (Graphviz writes an apostrophe as &#39;)."""
LINKED = ("/def/Transfer", "/def/TransferStep", "/def/phase", "/def/metResistance",
          "/def/hasOutcome", "/ref/transfer-phases", "/ref/change-step/generalise")  # fmt: skip
"""Pages of terms the page of transfer must link (as the other documentation pages do)."""
JSON = {"Accept": "application/sparql-results+json"}
TRANSFERS = REPOSITORY_ROOT / "data" / "examples" / "transfers.ttl"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with the committed ontology and shapes loaded (the terms the page names)."""
    content: Path = make_content_root(tmp_path_factory.mktemp("content"))
    with running_client(make_settings(load_content=True, content_root=content)) as client:
        yield client


def _svg(page: str) -> str:
    """The inline picture of ``page``, from ``<svg`` to ``</svg>``."""
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    return page[start:end]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_page_draws_the_three_phases_in_its_language(web: TestClient, lang: str) -> None:
    response = web.get("/doc/transfer", params={"lang": lang})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == lang
    page = response.text
    assert page.count("<svg") == 1
    assert "<?xml" not in page  # inline, not a file
    assert "<!DOCTYPE svg" not in page
    picture = _svg(page)
    ET.fromstring(picture)  # well-formed, ready to sit in the page
    other = "en" if lang == "fr" else "fr"
    for phase, foreign in zip(PHASES[lang], PHASES[other], strict=True):
        assert phase in picture, phase
        assert foreign not in picture, foreign
    alternative = "Schéma du modèle du transfert" if lang == "fr" else "Diagram of the model"
    assert f'<svg role="img" aria-label="{alternative}' in picture
    assert f"<title>{alternative}" in picture


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_page_links_the_terms_it_names(web: TestClient, lang: str) -> None:
    page = web.get("/doc/transfer", params={"lang": lang}).text
    for path in LINKED:
        assert f'href="{path}"' in page, path
    assert 'xlink:href="/def/Resistance"' in _svg(page)  # the picture's boxes link too
    label = "a rencontré la résistance" if lang == "fr" else "met resistance"
    assert label in page  # the property's label read from the ontology
    assert ("Généraliser" if lang == "fr" else "Generalise") in page


def test_every_named_term_is_in_the_ontology(web: TestClient) -> None:
    """A renamed term would leave the page linking nowhere: each one answers in the store."""
    ours = [expand(curie) for curie in TERMS if not curie.startswith("prov:")]
    values = " ".join(f"<{iri}>" for iri in ours)
    query = f"SELECT DISTINCT ?term {{ VALUES ?term {{ {values} }} GRAPH ?g {{ ?term ?p ?o }} }}"
    found = web.get("/sparql", params={"query": query}, headers=JSON).json()
    named = {row["term"]["value"] for row in found["results"]["bindings"]}
    assert sorted(set(ours) - named) == []


def test_language_comes_from_accept_language(web: TestClient) -> None:
    response = web.get("/doc/transfer", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.headers["content-language"] == "en"
    assert PHASES["en"][0] in response.text


def test_documentation_index_links_the_page(web: TestClient) -> None:
    index = web.get("/doc").text
    assert 'href="/doc/transfer?lang=fr"' in index
    assert 'href="/doc/transfer?lang=en"' in index
    assert "Modèle du transfert" in index


def test_example_query_follows_each_transfer_phase_by_phase(web: TestClient) -> None:
    stored = web.put(
        "/graphs",
        params={"graph": "https://w3id.org/coopgraph/graph/test-transfers"},
        content=TRANSFERS.read_bytes(),
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    assert stored.status_code in (201, 204), stored.text
    response = web.post("/sparql", data={"query": EXAMPLE_QUERY}, headers=JSON)
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    fifty = "https://w3id.org/coopgraph/id/transfer/fifty-fifty-loos-to-grande-synthe"
    steps = [r for r in rows if r["transfer"]["value"] == fifty]
    phases = [r["phase"]["value"].rsplit("/", 1)[1] for r in steps]
    assert phases == ["decontextualisation", "appropriation", "recontextualisation"]
    assert {r["outcomeKind"]["value"].rsplit("/", 1)[1] for r in steps} == {"adapted"}


def test_docs_command_writes_the_page_in_both_languages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(app, ["docs", str(site)])
    assert result.exit_code == 0, result.output
    for lang in ("fr", "en"):
        page = (site / lang / "transfer.html").read_text(encoding="utf-8")
        assert PHASES[lang][2] in _svg(page)
        assert 'href="https://w3id.org/coopgraph/def/Transfer"' in page  # persistent IRIs
    assert 'href="fr/transfer.html"' in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "label"), [("fr", "Modèle du transfert"), ("en", "Model of transfer")]
)
def test_every_page_header_links_the_page_of_transfer(
    web: TestClient, lang: str, label: str
) -> None:
    for path in ("/", "/doc/referential", "/def/Transfer.html"):
        page = web.get(path, params={"lang": lang}).text
        header = page[page.index("<nav>") : page.index("</nav>")]
        assert f'/doc/transfer?lang={lang}">{label}</a>' in header, path
