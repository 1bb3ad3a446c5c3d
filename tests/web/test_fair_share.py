"""Fair share: per-client limits on concurrent queries and query time, 429 and Retry-After past
them; with four abusive clients, well-behaved clients keep their latency."""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import LiveServer, StartServer, make_settings, running_client
from reliability.hostile import slow_count

from coopgraph.web.fair_share import Ledger, Limits, Refusal, Ticket

LIMITS = Limits(concurrency=2, seconds=10, window=60, heavy_seconds=3, heavy_slots=1)
LIGHT = "SELECT * WHERE { ?s ?p ?o } LIMIT 5"
PHASE_SECONDS = 4.0
ROUNDS = 5


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _spend(ledger: Ledger, clock: Clock, client: str, seconds: float) -> None:
    ticket = ledger.admit(client)
    assert isinstance(ticket, Ticket)
    clock.now += seconds
    ledger.release(ticket)


def test_concurrent_requests_past_the_limit_are_refused() -> None:
    ledger = Ledger(LIMITS, Clock())
    ledger.admit("a"), ledger.admit("a")
    refused = ledger.admit("a")
    assert isinstance(refused, Refusal)
    assert refused.retry_after == 1
    assert isinstance(ledger.admit("b"), Ticket)


def test_query_time_past_the_budget_waits_until_the_window_moves() -> None:
    clock = Clock()
    ledger = Ledger(LIMITS, clock)
    _spend(ledger, clock, "a", 4)
    _spend(ledger, clock, "a", 7)
    refused = ledger.admit("a")
    assert isinstance(refused, Refusal)
    assert "COOPGRAPH_FAIR_SHARE_SECONDS" in refused.reason
    assert refused.retry_after == 60 - 7
    clock.now += refused.retry_after
    assert isinstance(ledger.admit("a"), Ticket)


def test_heavy_clients_share_one_slot() -> None:
    clock = Clock()
    ledger = Ledger(LIMITS, clock)
    _spend(ledger, clock, "a", 4)
    _spend(ledger, clock, "b", 4)
    assert isinstance(ledger.admit("a"), Ticket)
    assert isinstance(ledger.admit("b"), Refusal)
    assert isinstance(ledger.admit("light"), Ticket)


def test_the_app_answers_429_with_retry_after() -> None:
    settings = make_settings(fair_share_seconds=0.000001)
    with running_client(settings) as client:
        first = client.get("/sparql", params={"query": "ASK {}"})
        second = client.get("/sparql", params={"query": "ASK {}"})
        health = client.get("/health")
    assert first.status_code == 200
    assert second.status_code == 429
    assert int(second.headers["Retry-After"]) >= 1
    assert "COOPGRAPH_FAIR_SHARE_SECONDS" in second.text
    assert health.status_code == 200


def test_a_bearer_token_is_its_own_client() -> None:
    settings = make_settings(fair_share_seconds=0.000001)
    with running_client(settings) as client:
        client.get("/sparql", params={"query": "ASK {}"})
        other = client.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Authorization": "Bearer reader-1"}
        )
    assert other.status_code == 200


@pytest.fixture(scope="module")
def shared_server(start_server: StartServer) -> Iterator[LiveServer]:
    """Two query workers, a 3 s deadline, clients heavy past 2 s of query time in 10 minutes
    (the abusers stay heavy for the whole test)."""
    with start_server(
        COOPGRAPH_QUERY_WORKERS="2",
        COOPGRAPH_FAIR_SHARE_HEAVY_SECONDS="2",
        COOPGRAPH_FAIR_SHARE_WINDOW="600",
    ) as server:
        yield server


def _well_behaved(base_url: str, name: str, until: float, latencies: list[float]) -> None:
    """A light query every 50 ms or so: a few percent of one worker."""
    headers = {"Authorization": f"Bearer {name}"}
    with httpx.Client(base_url=base_url, timeout=30, headers=headers) as http:
        while time.monotonic() < until:
            started = time.monotonic()
            response = http.get("/sparql", params={"query": LIGHT})
            assert response.status_code == 200, response.text
            latencies.append(time.monotonic() - started)
            time.sleep(0.05)


def _latencies(base_url: str, phase: str, clients: int = 2) -> list[float]:
    """Light-query latencies of ``clients`` well-behaved readers of one phase: new readers
    each phase, which spend a fraction of a second of query time, never heavy."""
    latencies: list[float] = []
    until = time.monotonic() + PHASE_SECONDS
    threads = [
        threading.Thread(
            target=_well_behaved, args=(base_url, f"reader-{phase}-{n}", until, latencies)
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


class _Abusers:
    """Four clients sending deadline-long queries back to back while started, from a process
    of their own (reliability/abusers.py)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.refused = 0
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        script = Path(__file__).parents[1] / "reliability" / "abusers.py"
        self._process = subprocess.Popen(
            [sys.executable, str(script), self.base_url, slow_count()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> None:
        """Stop sending; returns once every abusive query ran out (a deadline at most)."""
        assert self._process is not None
        output, _ = self._process.communicate(timeout=60)
        assert self._process.returncode == 0
        self.refused += int(output)


def _p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20)[-1]


@pytest.mark.slow
def test_abusive_clients_leave_well_behaved_ones_their_latency(shared_server: LiveServer) -> None:
    """Rounds alternate alone and beside four abusers, so the load other work puts on the
    machine weighs on both alike; each side pools about 600 latencies."""
    abusers = _Abusers(shared_server.base_url)
    abusers.start()
    try:
        time.sleep(2 * 3.0 + 1)  # each abuser's first query runs to the deadline: now heavy
    finally:
        abusers.stop()
    alone: list[float] = []
    loaded: list[float] = []
    for round_ in range(ROUNDS):
        alone += _latencies(shared_server.base_url, f"alone-{round_}")
        abusers.start()
        try:
            time.sleep(0.5)  # the abusers are at it
            loaded += _latencies(shared_server.base_url, f"loaded-{round_}")
        finally:
            abusers.stop()
    print(
        f"well-behaved p95 alone {_p95(alone) * 1000:.1f} ms ({len(alone)} queries), "
        f"with 4 abusers {_p95(loaded) * 1000:.1f} ms ({len(loaded)} queries); "
        f"medians {statistics.median(alone) * 1000:.1f} and "
        f"{statistics.median(loaded) * 1000:.1f} ms"
    )
    assert abusers.refused > 0
    assert _p95(loaded) <= 2 * _p95(alone)
