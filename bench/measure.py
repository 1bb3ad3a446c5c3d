"""Latency and throughput of one SPARQL endpoint over HTTP, as any client sees them.

Every request is a SPARQL Protocol GET asking for SPARQL JSON results; the time counted runs
from sending the request to the last byte of the answer. Rows are counted afterwards, so
parsing the JSON is not part of the time.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ACCEPT = {"Accept": "application/sparql-results+json"}


@dataclass(frozen=True)
class Query:
    """One query of the mix: its file name without suffix, and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class Latency:
    """Median seconds of the measured runs (None after a timeout) and the rows answered."""

    median: float | None
    rows: int | None
    runs: int


@dataclass(frozen=True)
class Throughput:
    """Queries answered per second by all clients together, and the requests that failed."""

    per_second: float
    answered: int
    failed: int


@dataclass(frozen=True)
class ServerResult:
    """Everything measured on one server for one size."""

    latencies: dict[str, Latency]
    throughput: Throughput | None
    throughput_queries: list[str]
    ready_seconds: float


def load_mix(folder: Path) -> list[Query]:
    """The queries of ``folder/*.rq``, in file-name order."""
    return [
        Query(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.rq"))
    ]


def ask(client: httpx.Client, url: str, query: Query) -> tuple[float, bytes]:
    """Seconds to answer ``query`` in full, and the answer; raises on any non-200 status."""
    began = time.perf_counter()
    reply = client.get(url, params={"query": query.text}, headers=ACCEPT)
    elapsed = time.perf_counter() - began
    if reply.status_code != 200:
        raise RuntimeError(
            f"{url} answered {reply.status_code} to {query.name}: {reply.text[:500]}"
        )
    return elapsed, reply.content


def count_rows(body: bytes) -> int:
    """The number of solutions in a SPARQL JSON answer."""
    bindings: list[object] = json.loads(body)["results"]["bindings"]
    return len(bindings)


def latency(url: str, query: Query, warmups: int, runs: int, timeout: float) -> Latency:
    """Median of ``runs`` sequential answers after ``warmups``; median None on a timeout."""
    times = []
    rows = None
    with httpx.Client(timeout=timeout) as client:
        try:
            for _ in range(warmups):
                _, body = ask(client, url, query)
                rows = count_rows(body)
            for _ in range(runs):
                elapsed, body = ask(client, url, query)
                times.append(elapsed)
                rows = count_rows(body)
        except httpx.TimeoutException:
            return Latency(None, rows, len(times))
    return Latency(statistics.median(times), rows, runs)


def throughput(
    url: str, mix: list[Query], clients: int, seconds: float, timeout: float
) -> Throughput:
    """Answers per second with ``clients`` threads each cycling through the mix for ``seconds``."""
    answered = [0] * clients
    failed = [0] * clients
    deadline = time.monotonic() + seconds

    def client_loop(number: int) -> None:
        with httpx.Client(timeout=timeout) as client:
            turn = number
            while time.monotonic() < deadline:
                try:
                    ask(client, url, mix[turn % len(mix)])
                    answered[number] += 1
                except (httpx.HTTPError, RuntimeError):
                    failed[number] += 1
                turn += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return Throughput(sum(answered) / elapsed, sum(answered), sum(failed))
