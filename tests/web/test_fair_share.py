"""Fair share: per-client limits on concurrent queries and query time, 429 and Retry-After past
them; a client is a valid token or else its address; query time is the workers' busy time, not
waiting; with four abusive clients, well-behaved clients keep their latency."""

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
from conftest import (
    ADMIN_TOKEN,
    SHORT_QUERY_TIMEOUT,
    LiveServer,
    StartServer,
    make_settings,
    running_client,
)
from fastapi.testclient import TestClient
from reliability.hostile import slow_count

from coopgraph import iris
from coopgraph.access import Keyring
from coopgraph.content import loading
from coopgraph.store import Store
from coopgraph.web.fair_share import Ledger, Limits, Refusal, Ticket

LIMITS = Limits(concurrency=2, seconds=10, window=60, heavy_seconds=3, heavy_slots=1)
LIGHT = "SELECT * WHERE { ?s ?p ?o } LIMIT 5"
TERRITORY = "https://example.org/id/commune/00000"
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
    ledger.release(ticket, seconds)


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


def test_only_the_time_spent_working_is_counted() -> None:
    clock = Clock()
    ledger = Ledger(LIMITS, clock)
    for _ in range(100):  # 100 requests of 30 s each, waiting for 29.99 s of it
        ticket = ledger.admit("a")
        assert isinstance(ticket, Ticket)
        assert not ticket.heavy
        clock.now += 30
        ledger.release(ticket, 0.01)


def _ask(client: TestClient, token: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/sparql", params={"query": "ASK {}"}, headers=headers).status_code


def test_made_up_tokens_are_counted_as_their_address() -> None:
    settings = make_settings(fair_share_seconds=0.000001)
    with running_client(settings) as client:
        first = _ask(client, "made-up-1")
        others = [_ask(client, f"made-up-{n}") for n in range(2, 6)]
        anonymous = _ask(client)
    assert first == 200
    assert others == [429] * 4
    assert anonymous == 429


def test_a_valid_token_is_its_own_client(tmp_path: Path) -> None:
    settings = make_settings(fair_share_seconds=0.000001, private_folder=tmp_path)
    keyring = Keyring(tmp_path)
    steward = keyring.create("steward", [TERRITORY], admin=False)
    with running_client(settings) as client:
        assert _ask(client) == 200
        assert _ask(client) == 429
        assert _ask(client, ADMIN_TOKEN) == 200
        assert _ask(client, steward) == 200
        assert _ask(client, steward) == 429  # a share of its own, spent
        later = keyring.create("later", [TERRITORY], admin=False)
        assert _ask(client, later) == 200  # a token created while the server runs
        keyring.revoke("later")
        assert _ask(client, later) == 429  # revoked: counted as its address again


def test_waiting_for_a_worker_is_not_counted() -> None:
    """One worker, held for the deadline by another client: the light query that waited for
    it is charged its own run, not its wait, and its client stays within a 1 s budget."""
    settings = make_settings(fair_share_seconds=1.0, query_timeout=SHORT_QUERY_TIMEOUT)
    with running_client(settings) as client:
        blocker = threading.Thread(
            target=client.get,
            args=("/sparql",),
            kwargs={"params": {"query": slow_count()}, "headers": _bearer(ADMIN_TOKEN)},
        )
        blocker.start()
        time.sleep(0.3)
        started = time.monotonic()
        waited = client.get("/sparql", params={"query": LIGHT})
        waited_seconds = time.monotonic() - started
        blocker.join()
        after = [_ask(client) for _ in range(3)]
    assert waited.status_code in (200, 503), waited.text
    assert waited_seconds > 1.5
    assert after == [200] * 3


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def shared_server(start_server: StartServer) -> Iterator[LiveServer]:
    """Two query workers, a 3 s deadline, clients heavy past 2 s of query time in 10 minutes
    (the abusers stay heavy for the whole module)."""
    with start_server(
        COOPGRAPH_QUERY_TIMEOUT=str(SHORT_QUERY_TIMEOUT),
        COOPGRAPH_QUERY_WORKERS="2",
        COOPGRAPH_FAIR_SHARE_HEAVY_SECONDS="2",
        COOPGRAPH_FAIR_SHARE_WINDOW="600",
    ) as server:
        yield server


def _steward(server: LiveServer, name: str) -> str:
    """A valid token of the live server's keyring: a steward, no admin rights."""
    return Keyring(server.store / "private").create(name, [TERRITORY], admin=False)


def _well_behaved(
    base_url: str, token: str, until: float, latencies: list[float], pause: float = 0.05
) -> None:
    """A light query every 50 ms or so (``pause``): a few percent of one worker."""
    with httpx.Client(base_url=base_url, timeout=30, headers=_bearer(token)) as http:
        while time.monotonic() < until:
            started = time.monotonic()
            response = http.get("/sparql", params={"query": LIGHT})
            assert response.status_code == 200, response.text
            latencies.append(time.monotonic() - started)
            time.sleep(pause)


def _latencies(
    server: LiveServer, phase: str, clients: int = 2, pause: float = 0.05
) -> list[float]:
    """Light-query latencies of ``clients`` well-behaved readers of one phase: new readers
    each phase, which spend a fraction of a second of query time, never heavy."""
    latencies: list[float] = []
    until = time.monotonic() + PHASE_SECONDS
    threads = [
        threading.Thread(
            target=_well_behaved,
            args=(server.base_url, _steward(server, f"reader-{phase}-{n}"), until, latencies),
            kwargs={"pause": pause},
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


class _Abusers:
    """Clients sending deadline-long queries back to back while started, from a process of
    their own (reliability/abusers.py): one per token, ``-`` for a made-up token per request."""

    def __init__(self, base_url: str, tokens: list[str]) -> None:
        self.base_url = base_url
        self.tokens = tokens
        self.refused = 0
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        script = Path(__file__).parents[1] / "reliability" / "abusers.py"
        self._process = subprocess.Popen(
            [sys.executable, str(script), self.base_url, slow_count(), *self.tokens],
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

    def make_heavy(self) -> None:
        """Long enough for each abuser's first query to run to the deadline: now heavy."""
        self.start()
        try:
            time.sleep(2 * SHORT_QUERY_TIMEOUT + 1)
        finally:
            self.stop()


@pytest.fixture(scope="module")
def abusers(shared_server: LiveServer) -> _Abusers:
    """Four abusers with valid tokens of their own, heavy already."""
    tokens = [_steward(shared_server, f"abuser-{n}") for n in range(4)]
    abusers = _Abusers(shared_server.base_url, tokens)
    abusers.make_heavy()
    return abusers


def _p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20)[-1]


@pytest.mark.slow
def test_abusive_clients_leave_well_behaved_ones_their_latency(
    shared_server: LiveServer, abusers: _Abusers
) -> None:
    """Rounds alternate alone and beside four abusers, so the load other work puts on the
    machine weighs on both alike; each side pools about 600 latencies."""
    alone: list[float] = []
    loaded: list[float] = []
    for round_ in range(ROUNDS):
        alone += _latencies(shared_server, f"alone-{round_}")
        abusers.start()
        try:
            time.sleep(0.5)  # the abusers are at it
            loaded += _latencies(shared_server, f"loaded-{round_}")
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


@pytest.mark.slow
def test_light_clients_stay_light_under_load(shared_server: LiveServer, abusers: _Abusers) -> None:
    """Two readers sending light queries back to back beside four heavy abusers: their wall
    time would pass the 2 s that makes a client heavy (and refused, the heavy slot being
    taken), their workers' busy time does not."""
    abusers.start()
    try:
        time.sleep(0.5)
        latencies = _latencies(shared_server, "back-to-back", pause=0.0)
    finally:
        abusers.stop()
    assert len(latencies) > 100
    assert sum(latencies) > 2 * 2.0  # waits and all, past the heavy threshold twice over


@pytest.mark.slow
def test_made_up_tokens_are_one_client(shared_server: LiveServer) -> None:
    """Six loops sending a made-up token per request are one client, their address: it soon
    turns heavy and is refused, and a reader with a valid token keeps its answers."""
    loops = _Abusers(shared_server.base_url, ["-"] * 6)
    loops.start()
    try:
        time.sleep(2 * SHORT_QUERY_TIMEOUT + 1)  # first queries run to the deadline: heavy
        latencies = _latencies(shared_server, "beside-made-up", clients=1)
    finally:
        loops.stop()
    assert loops.refused > 0
    assert len(latencies) > 20


def _validate(client: TestClient) -> int:
    data = "<http://example.org/a> <http://example.org/p> 1 ."
    response = client.post("/validate", content=data, headers={"Content-Type": "text/turtle"})
    return response.status_code


def test_validations_are_metered_in_a_book_of_their_own() -> None:
    """POST /validate spends the validation workers' time: past the budget, 429 with the
    reason; queries and the form (GET) keep their own share."""
    settings = make_settings(fair_share_seconds=0.000001)
    with running_client(settings) as client:
        store: Store = client.app.state.services.store  # type: ignore[attr-defined]
        for source in loading.project_sources(settings.content_root):
            if source.graph == iris.ONTOLOGY_GRAPH:  # what validation needs of the store
                loading.load_source(store, source)
        first, second = _validate(client), _validate(client)
        refused = client.post("/validate", content="<a:b> <a:c> 1 .",
                              headers={"Content-Type": "text/turtle"})  # fmt: skip
        form = client.get("/validate").status_code
        query = _ask(client)
    assert first == 200
    assert second == 429
    assert "COOPGRAPH_FAIR_SHARE_SECONDS" in refused.text
    assert int(refused.headers["Retry-After"]) >= 1
    assert form == 200
    assert query == 200
