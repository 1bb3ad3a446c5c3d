"""Latency and throughput of SPARQL endpoints over HTTP, as any client sees them.

Every request is a SPARQL Protocol GET asking for SPARQL JSON results; the time counted runs
from sending the request to the last byte of the answer. Rows are counted afterwards, so
parsing the JSON is not part of the time. Servers measured together take turns, so that a
machine shared with other work slows each of them alike.
"""

from __future__ import annotations

import itertools
import json
import statistics
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

ACCEPT = {"Accept": "application/sparql-results+json"}
UNIQUE_REQUESTS = False
"""When set (``--cache-miss``), every request's text ends with a comment of its own number, so
that no answer cache can serve it: each answer is computed, as on a cache miss."""
_numbers = itertools.count()


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
    text = f"{query.text}\n# request {next(_numbers)}" if UNIQUE_REQUESTS else query.text
    began = time.perf_counter()
    reply = client.get(url, params={"query": text}, headers=ACCEPT)
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


def latencies(
    urls: Mapping[str, str], query: Query, warmups: int, runs: int, timeout: float
) -> dict[str, Latency]:
    """Median of ``runs`` sequential answers per server after ``warmups``, the servers taking
    turns so that whatever else loads the machine weighs on each alike; a server that times
    out gets a median of None and no more turns."""
    times: dict[str, list[float]] = {name: [] for name in urls}
    rows: dict[str, int | None] = dict.fromkeys(urls)
    live = list(urls)
    with httpx.Client(timeout=timeout) as client:
        for turn in range(warmups + runs):
            for name in _rotated(live, turn):
                try:
                    elapsed, body = ask(client, urls[name], query)
                except httpx.TimeoutException:
                    live.remove(name)
                    continue
                rows[name] = count_rows(body)
                if turn >= warmups:
                    times[name].append(elapsed)
    return {
        name: Latency(statistics.median(times[name]) if name in live else None, rows[name], runs)
        for name in urls
    }


def _rotated(names: list[str], turn: int) -> list[str]:
    """``names`` starting from a different one each turn, so none always goes first."""
    shift = turn % len(names) if names else 0
    return [*names[shift:], *names[:shift]]


def throughput(
    urls: Mapping[str, str],
    mixes: Mapping[str, list[Query]],
    clients: int,
    seconds: float,
    timeout: float,
    slices: int = 4,
) -> dict[str, Throughput]:
    """Answers per second with ``clients`` threads cycling through each server's mix, the
    servers taking turns in ``slices`` slices of ``seconds / slices`` each."""
    totals = dict.fromkeys(urls, (0, 0, 0.0))
    for turn in range(slices):
        for name in _rotated(list(urls), turn):
            answered, failed, elapsed = _saturate(
                urls[name], mixes[name], clients, seconds / slices, timeout
            )
            before = totals[name]
            totals[name] = (before[0] + answered, before[1] + failed, before[2] + elapsed)
    return {
        name: Throughput(answered / elapsed, answered, failed)
        for name, (answered, failed, elapsed) in totals.items()
    }


def _saturate(
    url: str, mix: list[Query], clients: int, seconds: float, timeout: float
) -> tuple[int, int, float]:
    """(answered, failed, seconds taken) with ``clients`` threads asking for ``seconds``."""
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
    return sum(answered), sum(failed), time.perf_counter() - began
