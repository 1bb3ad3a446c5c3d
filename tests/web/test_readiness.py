"""The readiness gate: while a background start loads the content, every route answers 503
with Retry-After and the progress in French and English; a failed start, 503 naming the error
(never 500); then everything passes. Apps made without ``background_start`` are ready at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import make_settings
from fastapi.testclient import TestClient

from coopgraph.content import Advance
from coopgraph.errors import RdfSyntaxError, SyntaxFault
from coopgraph.store import open_store
from coopgraph.web.app import create_app
from coopgraph.web.readiness import RETRY_AFTER, Readiness

PREFIX = "@prefix ex: <http://example.org/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
GUARDED = [
    ("GET", "/health"),
    ("GET", "/sparql?query=ASK%7B%7D"),
    ("POST", "/sparql"),
    ("GET", "/api/queries"),
    ("GET", "/"),
    ("POST", "/validate"),
    ("POST", "/submissions"),
    ("GET", "/graphs?default"),
    ("GET", "/id/commune/62528"),
]


@pytest.fixture(scope="module")
def gated() -> TestClient:
    """An app of a background start whose start has not run: it is still "starting"."""
    return TestClient(create_app(make_settings(background_start=True)))


def _readiness(client: TestClient) -> Readiness:
    readiness: Readiness = client.app.state.readiness  # type: ignore[attr-defined]
    return readiness


@pytest.mark.parametrize(("method", "path"), GUARDED, ids=lambda value: str(value))
def test_every_route_answers_503_with_the_progress_while_loading(
    gated: TestClient, method: str, path: str
) -> None:
    _readiness(gated).step = Advance(
        "loading", "loading the geography", "chargement de la géographie", 0.4
    )
    answer = gated.request(method, path)
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == str(RETRY_AFTER)
    assert answer.json() == {
        "status": "loading",
        "step": "loading",
        "progress": 0.4,
        "message": {
            "fr": "chargement de la géographie, 40 %",
            "en": "loading the geography, 40 %",
        },
    }


def test_a_head_request_gets_the_status_without_a_body(gated: TestClient) -> None:
    answer = gated.head("/health")
    assert (answer.status_code, answer.content) == (503, b"")


def test_a_failed_start_is_a_503_naming_the_error_in_both_languages() -> None:
    client = TestClient(create_app(make_settings(background_start=True)))
    readiness = _readiness(client)
    readiness.advance(Advance("loading", "loading the ontology", "chargement de l'ontologie", 0.1))
    fault = SyntaxFault("Unexpected end", 3, 8, "end", source="ontology/")
    readiness.failed(RdfSyntaxError.of(fault))
    answer = client.get("/sparql", params={"query": "ASK {}"})
    assert answer.status_code == 503
    assert "retry-after" not in answer.headers  # asking again changes nothing
    body = answer.json()
    assert body["status"] == "failed"
    assert body["message"]["en"].startswith("the start failed (loading the ontology): ontology/")
    assert body["message"]["fr"].startswith("le démarrage a échoué (chargement de l'ontologie)")
    assert "ligne 3" in body["message"]["fr"]


def _project(root: Path, ontology: str) -> Path:
    (root / "ontology").mkdir(parents=True)
    (root / "ontology" / "core.ttl").write_text(PREFIX + ontology, encoding="utf-8")
    (root / "queries").mkdir()
    return root


def _poll_until_not_loading(client: TestClient) -> list[int]:
    statuses = [client.get("/health").status_code]
    deadline = time.monotonic() + 60
    while statuses[-1] == 503 and client.get("/health").json()["status"] == "loading":
        assert time.monotonic() < deadline, "the background start did not end in 60 s"
        time.sleep(0.05)
        statuses.append(client.get("/health").status_code)
    return statuses


def test_a_background_start_opens_then_serves_with_warm_workers(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", "ex:Town a owl:Class .\nex:t1 a ex:Town .\n")
    settings = make_settings(
        store=str(tmp_path / "store"), background_start=True, load_content=True, content_root=root
    )
    with TestClient(create_app(settings)) as client:
        statuses = _poll_until_not_loading(client)
        assert client.get("/health").json() == {"status": "ok"}
        assert "ready in" in _readiness(client).summary
        asked = client.get("/sparql", params={"query": "ASK { ?s a <http://example.org/Town> }"})
        assert asked.status_code == 200
        assert asked.json()["boolean"] is True
    assert set(statuses) <= {200, 503}
    open_store(settings).close()  # closed when the app stopped


def test_a_background_start_that_fails_keeps_answering_503(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", "ex:Town a owl:Class")  # no final "."
    settings = make_settings(
        store=str(tmp_path / "store"), background_start=True, load_content=True, content_root=root
    )
    with TestClient(create_app(settings)) as client:
        _poll_until_not_loading(client)
        answer = client.get("/health")
        assert answer.status_code == 503
        assert answer.json()["status"] == "failed"
        assert "ontology/" in answer.json()["message"]["en"]
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 503
    open_store(settings).close()  # the failed start released the store at the stop
