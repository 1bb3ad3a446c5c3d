"""Every public query ends by the deadline; hostile queries never take the service down.

Run against a real ``coopgraph serve`` (2 query workers, 3 s deadline, 1 GiB per worker).
While each hostile query runs, and after it, /health answers within a second; the next
ordinary query is answered normally.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from conftest import SHORT_QUERY_TIMEOUT, LiveServer, StartServer

from reliability.hostile import (
    answers_health,
    cartesian,
    deep_nesting,
    nested_doubling,
    slow_count,
    string_doubling,
)

pytestmark = pytest.mark.slow

DEADLINE_MARGIN = 2.0
"""Seconds past the deadline a caller may wait: killing and replacing a worker."""

HOSTILE = {
    "cartesian product": cartesian(),
    "count of a cartesian product": slow_count(),
    "string doubling": string_doubling(32),
    "string doubling in subqueries": nested_doubling(30),
    "huge OFFSET": cartesian(tail="OFFSET 1000000000000"),
    "OFFSET past 64 bits": "SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999999999999999999",
    "pathological regex": cartesian(40, 4, "").replace(
        "ORDER BY",
        'FILTER(REGEX(CONCAT(STR(?v0), "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), '
        '"^(a+)+$|(a|aa)+b|(.*a){20}")) ORDER BY',
    ),
    "huge regex": 'SELECT * WHERE { BIND("a" AS ?s) FILTER(REGEX(?s, "(a{1000}){1000}")) }',
    "deep nesting": deep_nesting(5000),
}


@pytest.fixture(scope="module")
def hostile_server(start_server: StartServer) -> Iterator[LiveServer]:
    """A live server for hostile queries: small workers, fair share out of the way."""
    with start_server(
        COOPGRAPH_QUERY_TIMEOUT=str(SHORT_QUERY_TIMEOUT),
        COOPGRAPH_QUERY_WORKERS="2",
        COOPGRAPH_WORKER_MEMORY_MB="1024",
        COOPGRAPH_FAIR_SHARE_SECONDS="100000",
        COOPGRAPH_FAIR_SHARE_HEAVY_SECONDS="100000",
    ) as server:
        yield server


def _query(server: LiveServer, text: str) -> httpx.Response:
    return httpx.post(
        server.sparql,
        content=text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        timeout=SHORT_QUERY_TIMEOUT + 30,
    )


def _run_while_watching(server: LiveServer, text: str) -> tuple[httpx.Response, float, float]:
    """The hostile query's response, its duration, and the slowest /health while it ran."""
    answer: list[httpx.Response] = []
    worker = threading.Thread(target=lambda: answer.append(_query(server, text)))
    started = time.monotonic()
    worker.start()
    slowest = 0.0
    while worker.is_alive():
        slowest = max(slowest, answers_health(server.base_url))
        time.sleep(0.2)
    worker.join()
    return answer[0], time.monotonic() - started, slowest


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_query_leaves_the_service_up(hostile_server: LiveServer, text: str) -> None:
    response, elapsed, _slowest = _run_while_watching(hostile_server, text)
    assert response.status_code in (200, 400, 503), response.text
    assert "Traceback" not in response.text
    assert elapsed < SHORT_QUERY_TIMEOUT + DEADLINE_MARGIN
    answers_health(hostile_server.base_url)
    assert _query(hostile_server, "ASK { }").status_code == 200


def test_slow_query_ends_by_the_deadline_with_a_timeout_status(
    hostile_server: LiveServer,
) -> None:
    response, elapsed, _slowest = _run_while_watching(hostile_server, slow_count())
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "deadline" in response.text
    assert SHORT_QUERY_TIMEOUT - 0.5 < elapsed < SHORT_QUERY_TIMEOUT + DEADLINE_MARGIN
    assert _query(hostile_server, "SELECT (1 AS ?one) { }").text.splitlines() == ["one", "1"]


def test_deep_nesting_is_refused_before_the_engine(hostile_server: LiveServer) -> None:
    started = time.monotonic()
    response = _query(hostile_server, deep_nesting(5000))
    assert response.status_code == 400
    assert "nests brackets deeper than 200" in response.text
    assert time.monotonic() - started < 0.5


def test_every_worker_busy_does_not_stop_health(hostile_server: LiveServer) -> None:
    threads = [
        threading.Thread(target=_query, args=(hostile_server, slow_count())) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    for _ in range(5):
        answers_health(hostile_server.base_url)
        time.sleep(0.3)
    for thread in threads:
        thread.join()
    assert _query(hostile_server, "ASK { }").status_code == 200
