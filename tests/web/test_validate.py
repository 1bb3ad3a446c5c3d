"""POST /validate (raw body or multipart) and the form at GET /validate, on the real app."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import LiveServer, StartServer, make_settings, running_client
from fastapi.testclient import TestClient
from reliability.hostile import answers_health

from coopgraph import iris
from coopgraph.content import loading
from coopgraph.store.base import Store
from coopgraph.validation.excerpts import SHOWN_RESULTS
from coopgraph.web.sparql_protocol import MAX_PARTS

BROKEN = b"""@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/coopgraph/id/test/effect> a cg:Effect ;
    rdfs:label "Effet perdu"@fr , "Lost effect"@en .
"""
GOOD = b"""@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/coopgraph/id/test/firm> a cg:Firm ; rdfs:label "Firme"@fr , "Firm"@en .
"""
LIMIT = 4_000
BARE_ACTIONS = 400
"""Actions with a type and nothing else: several results each, well over SHOWN_RESULTS."""


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app on a store in memory holding the ontology and the geography."""
    settings = make_settings(max_validation_bytes=LIMIT)
    with running_client(settings) as started:
        store: Store = started.app.state.services.store  # type: ignore[attr-defined]
        for source in loading.project_sources(settings.content_root):
            if source.graph == iris.ONTOLOGY_GRAPH or "geography" in source.graph:
                loading.load_source(store, source)
        yield started


def _post(client: TestClient, body: bytes, content_type: str = "text/turtle", **headers: str):  # type: ignore[no-untyped-def]
    return client.post("/validate", content=body, headers={"Content-Type": content_type, **headers})


def test_a_raw_body_gets_a_json_report(client: TestClient) -> None:
    response = _post(client, BROKEN)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert document["conforms"] is False
    assert document["results"][0]["line"] == 3
    assert document["language"] == "fr"


def test_conforming_data(client: TestClient) -> None:
    assert _post(client, GOOD).json()["conforms"] is True


@pytest.mark.parametrize(
    ("accept", "media_type", "marker"),
    [
        ("text/turtle", "text/turtle", "sh:ValidationReport"),
        ("application/ld+json", "application/ld+json", "ValidationReport"),
        ("text/csv", "text/csv", "nœud"),
        ("text/html", "text/html", "<table"),
        ("text/plain", "text/plain", "Conforme : non"),
    ],
)
def test_the_report_is_negotiated(
    client: TestClient, accept: str, media_type: str, marker: str
) -> None:
    response = _post(client, BROKEN, Accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert marker in response.text


def test_format_and_lang_parameters(client: TestClient) -> None:
    response = client.post(
        "/validate?format=text&lang=en", content=BROKEN, headers={"Content-Type": "text/turtle"}
    )
    assert response.text.startswith("Conforms: no")
    assert response.headers["content-language"] == "en"


def test_a_multipart_upload(client: TestClient) -> None:
    files = {"file": ("lost.ttl", BROKEN, "application/octet-stream")}
    response = client.post("/validate", files=files, data={"lang": "en"})
    assert response.status_code == 200
    document = response.json()
    assert document["results"][0]["source"] == "lost.ttl"
    assert any("add cg:dimension" in r["message"] for r in document["results"])


@pytest.mark.parametrize("multipart", [True, False], ids=["multipart", "urlencoded"])
def test_the_form_shows_the_report_as_a_table_with_downloads(
    client: TestClient, multipart: bool
) -> None:
    no_file = {"file": ("", b"", "application/octet-stream")} if multipart else None
    response = client.post(
        "/validate",
        data={"text": BROKEN.decode(), "content_type": "text/turtle", "format": "html"},
        files=no_file,
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 200
    assert "<form" in response.text
    assert "<table" in response.text
    assert 'download="validation-report.csv"' in response.text


def test_the_form_page(client: TestClient) -> None:
    response = client.get("/validate?lang=en")
    assert response.status_code == 200
    assert "<textarea" in response.text
    assert f"{LIMIT} bytes" in response.text


def test_unparseable_data_is_a_400_with_line_and_column(client: TestClient) -> None:
    response = _post(client, b'<http://e/a> <http://e/b> "open .\n', Accept="application/json")
    assert response.status_code == 400
    assert "line 1" in json.loads(response.text)["detail"]


def test_an_unsupported_type_is_a_415(client: TestClient) -> None:
    assert _post(client, b"a,b", "application/pdf").status_code == 415
    assert _post(client, b"a,b", "text/csv").status_code == 400  # a CSV not of the template


def test_a_body_past_the_limit_is_a_413_naming_the_limit(client: TestClient) -> None:
    response = _post(client, b"#" * (LIMIT + 1))
    assert response.status_code == 413
    assert str(LIMIT) in response.text


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data; boundary=x", b"--x--\r\n"),
        ("multipart/form-data; boundary=x", b"garbage"),
        ("application/rdf+xml", b"<!DOCTYPE x []><x/>"),
        ("application/ld+json", b'{"@context": "http://example.org/c"}'),
        ("text/turtle", b"\xff\xfe\x00"),
    ],
)
def test_bad_input_is_never_a_500(client: TestClient, content_type: str, body: bytes) -> None:
    assert 400 <= _post(client, body, content_type).status_code < 500


@pytest.fixture(scope="module")
def content_server(start_server: StartServer) -> Iterator[LiveServer]:
    """A live server whose store holds the project's content, which validation reads."""
    with start_server(COOPGRAPH_LOAD_CONTENT="true") as server:
        yield server


def _health_while(work: Callable[[], httpx.Response], base_url: str) -> httpx.Response:
    """Run ``work`` in a thread and poll /health until it ends; each poll answers within 1 s."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(work)
        polls = 0
        while not running.done() or polls == 0:
            answers_health(base_url)
            polls += 1
            time.sleep(0.05)
        return running.result()


def test_health_answers_while_a_multipart_body_of_38000_parts_comes_in(
    live_server: LiveServer,
) -> None:
    part = b'--cut\r\nContent-Disposition: form-data; name="x"\r\n\r\n\r\n'
    body = part * (2 * 1_048_576 // len(part)) + b"--cut--\r\n"
    assert body.count(b"--cut") > 38_000

    def upload() -> httpx.Response:
        content_type = "multipart/form-data; boundary=cut"
        url = f"{live_server.base_url}/validate"
        return httpx.post(url, content=body, headers={"Content-Type": content_type}, timeout=60)

    response = _health_while(upload, live_server.base_url)
    assert response.status_code == 413
    assert f"the limit is {MAX_PARTS}" in response.text


def test_health_answers_while_a_large_report_is_made_and_the_report_is_capped(
    content_server: LiveServer,
) -> None:
    actions = "".join(
        f"<https://w3id.org/coopgraph/id/action/test-bare-{n}> a <{iris.TERM_BASE}Action> .\n"
        for n in range(BARE_ACTIONS)
    ).encode()

    def validate() -> httpx.Response:
        url = f"{content_server.base_url}/validate?format=json&lang=en"
        return httpx.post(
            url, content=actions, headers={"Content-Type": "text/turtle"}, timeout=120
        )

    document = _health_while(validate, content_server.base_url).json()
    total = sum(document["counts"].values())
    assert total > SHOWN_RESULTS
    assert len(document["results"]) == SHOWN_RESULTS
    assert document["resultsLeftOut"] == total - SHOWN_RESULTS
    assert document["notice"].startswith(f"{total - SHOWN_RESULTS} more result(s) not shown")
