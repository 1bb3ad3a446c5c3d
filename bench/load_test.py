"""Load test: concurrent readers while a steward submits, on a real server, loopback only.

Starts ``coopgraph serve`` on 127.0.0.1 over a throw-away on-disk store holding the project's
content (ontology, shapes, queries, data/ with the official geography), gives a steward a
token for Loos-en-Gohelle (``coopgraph token create``), then runs locust headless in this
process for a bounded time:

- ``--readers`` readers (no think time: each sends its next request when the last one ended),
  each request one of: a SPARQL SELECT on ``/sparql`` (three queries in turn), a stored query
  on ``/api/<name>`` (three in turn), a Linked Data page as HTML (``.html``) or as Turtle
  (``.ttl``) (concept and resource IRIs in turn);
- one steward who submits a valid description of commune 62528 every ``--steward-every``
  seconds, the two versions of tests/data/submissions/steward/ in turn, so each one is a change:
  a new version published, the page cache emptied, a new snapshot for the query workers.

Prints, per kind of request and overall, the count, errors, median, p95 and p99 latency and
the throughput, with the machine (cores, memory, load average before and after: other work on
a shared machine counts). Exits 1 if any request failed (a status other than 200, 201 for a
submission, or no answer).

    python bench/load_test.py [--seconds 60] [--readers 8] [--steward-every 2]
"""

from __future__ import annotations

# locust patches the standard library for gevent when it is imported: first, before anything
# imports ssl or opens a socket.
from locust import FastHttpUser, constant, constant_pacing, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import itertools
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
BASE = "https://w3id.org/coopgraph/"
ID = BASE + "id/"
STEWARD_FILES = ("loos-en-gohelle.ttl", "loos-en-gohelle-v2.ttl")
TERRITORY = "commune/62528"
SELECTS = (
    "PREFIX cg: <https://w3id.org/coopgraph/def/> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?action ?label WHERE { ?action a/rdfs:subClassOf* cg:Action ; rdfs:label ?label } "
    "ORDER BY ?action LIMIT 100",
    "PREFIX cg: <https://w3id.org/coopgraph/def/> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    f"SELECT ?commune ?name WHERE {{ ?commune cg:isPartOf+ <{ID}department/62> ; "
    "rdfs:label ?name } LIMIT 100",
    "SELECT ?class (COUNT(*) AS ?n) WHERE { ?s a ?class } GROUP BY ?class "
    "ORDER BY DESC(?n) LIMIT 20",
)
STORED = (
    f"/api/territory-trajectory?territory={ID}commune/62528",
    f"/api/action-effects?action={ID}action/loos-eco-renovation",
    f"/api/cooperation-system?territory={ID}commune/62528",
)
RESOURCES = (
    "ref/effect-dimension/ecological",
    "ref/polarity/positive",
    "id/commune/62528",
    "id/action/loos-eco-renovation",
    "def/Action",
)
"""Linked Data pages: concepts, official territories, a seed resource, a class."""
KINDS = ("SPARQL SELECT", "/api stored query", "Linked Data HTML", "Linked Data Turtle")
SUBMIT = "steward submission"
SECRET_HEADER = "Authorization"


@dataclass
class Tally:
    """Every request's latency (seconds) by kind, and the failures."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def record(self, name: str, response_time: float, exception: object, **_: Any) -> None:
        """locust's request event: one request ended (``response_time`` in ms)."""
        self.latencies[name].append(response_time / 1000)
        if exception is not None:
            self.failures[name].append(str(exception)[:300])


@dataclass(frozen=True)
class Machine:
    """Where the test ran."""

    cores: int
    memory_gib: float
    load: tuple[float, float, float]

    @classmethod
    def now(cls) -> Machine:
        """This machine, its load average now."""
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        return cls(os.cpu_count() or 0, pages / 2**30, os.getloadavg())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _coopgraph() -> str:
    return str(Path(sys.executable).parent / "coopgraph")


def _environment(store: Path) -> dict[str, str]:
    return os.environ | {
        "COOPGRAPH_STORE": str(store),
        "COOPGRAPH_CONTENT_ROOT": str(ROOT),
        "COOPGRAPH_LOAD_CONTENT": "true",
        # Every reader is on loopback, one client to the fair share, which would refuse the
        # fifth concurrent request (429) and count their time together.
        "COOPGRAPH_FAIR_SHARE_CONCURRENCY": "64",
        "COOPGRAPH_FAIR_SHARE_SECONDS": "1000000",
        "COOPGRAPH_FAIR_SHARE_HEAVY_SECONDS": "1000000",
    }


def steward_token(store: Path) -> str:
    """A steward token for Loos-en-Gohelle, made by ``coopgraph token create``."""
    made = subprocess.run(
        [_coopgraph(), "token", "create", "load-steward", "--territory", TERRITORY],
        env=_environment(store),
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip()


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``coopgraph serve`` on loopback over the store in ``folder``; stopped at the end."""
    port = _free_port()
    command = [_coopgraph(), "serve", "--host", HOST, "--port", str(port)]
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(
            command, env=_environment(folder / "store"), stdout=log, stderr=log
        )
    url = f"http://{HOST}:{port}"
    try:
        _wait(url, process, folder / "server.log")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"coopgraph serve exited with {process.returncode}:\n{tail}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                # The first query waits for the workers' snapshot of the store: not measured.
                httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=300)
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError("coopgraph serve did not start in 15 minutes")


class Reader(FastHttpUser):
    """A reader with no think time: SPARQL, stored queries, Linked Data pages in turn."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self._selects = itertools.cycle(SELECTS)
        self._stored = itertools.cycle(STORED)
        self._pages = itertools.cycle(RESOURCES)

    @task
    def select(self) -> None:
        """A SPARQL SELECT, answered as SPARQL JSON."""
        headers = {"Accept": "application/sparql-results+json"}
        query = {"query": next(self._selects)}
        self.client.get("/sparql", params=query, headers=headers, name=KINDS[0])

    @task
    def stored_query(self) -> None:
        """A stored query of the domain API, as JSON (its default)."""
        self.client.get(next(self._stored), name=KINDS[1])

    @task
    def html_page(self) -> None:
        """A resource's HTML page."""
        self.client.get(f"/{next(self._pages)}.html", name=KINDS[2])

    @task
    def turtle_document(self) -> None:
        """A resource's Turtle document."""
        self.client.get(f"/{next(self._pages)}.ttl", name=KINDS[3])


class Steward(FastHttpUser):
    """One steward submitting a valid description of Loos-en-Gohelle, every few seconds."""

    fixed_count = 1
    secret = ""
    wait_time = constant_pacing(2.0)

    def on_start(self) -> None:
        folder = ROOT / "tests" / "data" / "submissions" / "steward"
        self._files = itertools.cycle(
            [(folder / name).read_text(encoding="utf-8") for name in STEWARD_FILES]
        )

    @task
    def submit(self) -> None:
        """POST /submissions: 201 expected, anything else a failure."""
        headers = {
            SECRET_HEADER: f"Bearer {self.secret}",
            "Content-Type": "text/turtle",
            "Accept": "application/json",
        }
        with self.client.post(
            f"/submissions?territory={TERRITORY}",
            data=next(self._files),
            headers=headers,
            name=SUBMIT,
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")


def run(url: str, secret: str, readers: int, seconds: float, every: float) -> tuple[Tally, float]:
    """Readers and the steward for ``seconds``; every request tallied; the wall time."""
    Steward.secret = secret
    Steward.wait_time = constant_pacing(every)
    tally = Tally()
    environment = Environment(user_classes=[Reader, Steward], host=url, stop_timeout=60)
    environment.events.request.add_listener(tally.record)
    runner = environment.create_local_runner()
    began = time.perf_counter()
    runner.start(readers + 1, spawn_rate=readers + 1)
    time.sleep(seconds)  # gevent's sleep, patched in: the users run meanwhile
    runner.stop()  # each user ends the request it started
    runner.quit()
    return tally, time.perf_counter() - began


def _quantile(values: list[float], percent: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def report(tally: Tally, wall: float, before: Machine, after: Machine, command: str) -> str:
    """The figures as a Markdown table, with the machine and the command."""
    rows = [
        "| request | count | errors | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    everything: list[float] = []
    for name in (*KINDS, SUBMIT):
        values = tally.latencies.get(name, [])
        everything += values
        rows.append(_row(name, values, len(tally.failures.get(name, [])), wall))
    errors = sum(len(failed) for failed in tally.failures.values())
    rows.append(_row("**all**", everything, errors, wall))
    return "\n".join(
        [
            f"`{command}`: {wall:.1f} s, {platform.python_implementation()} "
            f"{platform.python_version()}, {before.cores} cores, {before.memory_gib:.0f} GiB; "
            f"load average {_load(before)} at the start, {_load(after)} at the end.",
            "",
            *rows,
        ]
    )


def _row(name: str, values: list[float], errors: int, wall: float) -> str:
    if not values:
        return f"| {name} | 0 | {errors} | | | | | |"
    p50, p95, p99 = (_quantile(values, p) * 1000 for p in (50, 95, 99))
    return (
        f"| {name} | {len(values)} | {errors} | {p50:.1f} | {p95:.1f} | {p99:.1f} | "
        f"{max(values) * 1000:.1f} | {len(values) / wall:.1f} |"
    )


def _load(machine: Machine) -> str:
    return " / ".join(f"{value:.2f}" for value in machine.load)


def main() -> None:
    """Start the server, run the load, print the figures; exit 1 on any failed request."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60, help="how long the load lasts")
    parser.add_argument("--readers", type=int, default=8, help="concurrent readers")
    parser.add_argument(
        "--steward-every", type=float, default=2.0, help="seconds between submissions"
    )
    options = parser.parse_args()
    command = "python bench/load_test.py " + " ".join(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="coopgraph-load-") as temporary:
        folder = Path(temporary)
        secret = steward_token(folder / "store")
        print("loading the project's content and starting the server...", flush=True)
        with serving(folder) as url:
            before = Machine.now()
            tally, wall = run(url, secret, options.readers, options.seconds, options.steward_every)
            after = Machine.now()
    print(report(tally, wall, before, after, command.strip()))
    failed = {name: found for name, found in tally.failures.items() if found}
    for name, found in failed.items():
        print(f"\n{len(found)} failed {name}; first: {found[0]}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
