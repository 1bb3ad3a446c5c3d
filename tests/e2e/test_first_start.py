"""``coopgraph serve`` opens its port at once: /health answers 503 with Retry-After and the
progress while the content loads, then 200; a start that fails is a 503 naming the error and
one log line, without a traceback, and the process stays up to say so."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import REPOSITORY_ROOT, _free_port, _server_environment, _stop

PREFIX = "@prefix ex: <http://example.org/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
pytestmark = pytest.mark.slow  # each test starts a real server
POLL_SECONDS = 0.02
DEADLINE = 120.0
"""Far above a start of the sample project (seconds), so that a slow machine fails nothing."""


def _project(folder: Path, data: str) -> Path:
    """A small project: a two-class ontology, one data file, the real stored queries."""
    folder.mkdir()
    (folder / "queries").symlink_to(REPOSITORY_ROOT / "queries", target_is_directory=True)
    for name, text in {
        "ontology/core.ttl": "ex:Town a owl:Class ; owl:equivalentClass ex:Commune .\n",
        "data/seed/towns.ttl": data,
    }.items():
        (folder / name).parent.mkdir(parents=True)
        (folder / name).write_text(PREFIX + text, encoding="utf-8")
    return folder


@contextmanager
def _serving(folder: Path, project: Path) -> Iterator[tuple[str, Path]]:
    """The real ``coopgraph serve`` on a free port, loading ``project`` into a fresh store."""
    port = _free_port()
    log = folder / "server.log"
    environment = {
        "COOPGRAPH_LOAD_CONTENT": "true",
        "COOPGRAPH_CONTENT_ROOT": str(project),
        "COOPGRAPH_QUERY_WORKERS": "1",
        "COOPGRAPH_VALIDATION_WORKERS": "1",
        "COOPGRAPH_RESERVED_VALIDATION_WORKERS": "0",
    }
    command = [str(Path(sys.executable).parent / "coopgraph"), "serve", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            env=_server_environment(folder / "store", environment),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield f"http://127.0.0.1:{port}", log
        assert process.poll() is None, log.read_text()
    finally:
        _stop(process)


def _watch(base_url: str) -> list[httpx.Response]:
    """Every /health answer from the port's opening until one that is not "loading"."""
    answers: list[httpx.Response] = []
    deadline = time.monotonic() + DEADLINE
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            try:
                answers.append(client.get(f"{base_url}/health"))
            except httpx.TransportError:
                time.sleep(POLL_SECONDS)  # the port is not open yet
                continue
            if answers[-1].status_code != 503 or answers[-1].json()["status"] != "loading":
                return answers
            time.sleep(POLL_SECONDS)
    raise AssertionError(f"/health still loading after {DEADLINE:g} s")


def test_the_port_opens_at_once_and_health_tells_the_progress(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", "ex:t1 a ex:Town .\nex:t2 a ex:Town .\n")
    with _serving(tmp_path, project) as (base_url, log):
        answers = _watch(base_url)
        loading = [answer for answer in answers if answer.status_code == 503]
        assert loading, "no 503 seen while the content loaded"
        assert all(answer.headers["retry-after"] for answer in loading)
        bodies = [answer.json() for answer in loading]
        assert {body["status"] for body in bodies} == {"loading"}
        progress = [body["progress"] for body in bodies]
        assert progress == sorted(progress)
        assert all(body["message"]["fr"].endswith(" %") for body in bodies)
        assert all(body["message"]["en"].endswith(" %") for body in bodies)
        assert answers[-1].status_code == 200
        assert answers[-1].json() == {"status": "ok"}
        query = "ASK { <http://example.org/t1> a <http://example.org/Commune> }"
        asked = httpx.get(f"{base_url}/sparql", params={"query": query}, timeout=30)
        assert asked.status_code == 200
        assert asked.json()["boolean"] is True  # loaded and reasoned before the 200
    text = log.read_text()
    assert "INFO: loading ontology/ into" in text
    assert "INFO: ready: " in text
    assert " graphs in the store; ready in " in text


def test_a_start_that_fails_is_told_on_health_without_a_traceback(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", "ex:t1 a ex:Town")  # no final "."
    with _serving(tmp_path, project) as (base_url, log):
        failed = _watch(base_url)[-1]
        assert failed.status_code == 503
        body = failed.json()
        assert body["status"] == "failed"
        assert "data/seed/towns.ttl" in body["message"]["en"]
        assert "data/seed/towns.ttl" in body["message"]["fr"]
        query = httpx.get(f"{base_url}/sparql", params={"query": "ASK {}"}, timeout=5)
        assert query.status_code == 503
    text = log.read_text()
    assert "ERROR: the start failed" in text
    assert "Traceback" not in text
