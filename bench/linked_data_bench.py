"""Linked Data benchmark: dereferencing concept IRIs against DESCRIBE through /sparql.

Starts a real ``coopgraph serve`` on loopback over a fresh store holding the project's content
(ontology, shapes, data/ with the official geography), then, with 8 concurrent clients
(threads sharing one httpx client, a new connection per request), fetches for every SKOS
concept (or every cg: class when the referential is empty):

- its HTML page (``/ref/....html``), and the same through the 303 of its IRI;
- its Turtle document (``/ref/....ttl``), and the same through the 303 of its IRI;
- its HTML page with the If-None-Match of its ETag (304 Not Modified);
- ``DESCRIBE <iri>`` through ``/sparql`` as Turtle, the same description by the query route.

Each kind runs ``rounds`` times: a write (a Graph Store PUT of a scratch graph), which
empties the page cache, then every IRI once ("cold": the page is built), then every IRI
again ("warm": kept pages). Prints, for both, the median and 95th percentile
latency, the throughput, and each ratio to DESCRIBE.

    python bench/linked_data_bench.py [--rounds 5] [--clients 8]
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/coopgraph/"
ADMIN_TOKEN = "linked-data-bench"
SCRATCH = BASE + "graph/data/bench-scratch"
CONCEPTS = (
    "SELECT ?c WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> "
    f'FILTER(STRSTARTS(STR(?c), "{BASE}ref/")) }} ORDER BY ?c'
)
CLASSES = (
    "SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> "
    f'FILTER(STRSTARTS(STR(?c), "{BASE}def/")) }} ORDER BY ?c'
)

Fetch = Callable[[httpx.Client, str], httpx.Response]


@dataclass(frozen=True)
class Figures:
    """Latencies (seconds) of one kind of request, and the wall time they took."""

    name: str
    latencies: list[float]
    wall: float

    @property
    def median_ms(self) -> float:
        """Median latency in milliseconds."""
        return statistics.median(self.latencies) * 1000

    @property
    def p95_ms(self) -> float:
        """95th percentile latency in milliseconds."""
        return statistics.quantiles(self.latencies, n=20)[-1] * 1000

    @property
    def throughput(self) -> float:
        """Requests a second, all clients together."""
        return len(self.latencies) / self.wall


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A ``coopgraph serve`` over a fresh store in ``folder``, with the project's content."""
    port = _free_port()
    environment = os.environ | {
        "COOPGRAPH_STORE": str(folder / "store"),
        "COOPGRAPH_CONTENT_ROOT": str(ROOT),
        "COOPGRAPH_LOAD_CONTENT": "true",
        "COOPGRAPH_ADMIN_TOKEN": ADMIN_TOKEN,
        # Every client is on loopback: one client to the fair share, which would refuse the
        # fifth concurrent DESCRIBE (429), then hold it to one worker as a heavy client.
        "COOPGRAPH_FAIR_SHARE_CONCURRENCY": "64",
        "COOPGRAPH_FAIR_SHARE_SECONDS": "1000000",
        "COOPGRAPH_FAIR_SHARE_HEAVY_SECONDS": "1000000",
    }
    command = [str(Path(sys.executable).parent / "coopgraph"), "serve", "--port", str(port)]
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"coopgraph serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError("coopgraph serve did not start in 10 minutes")


def subjects(url: str) -> list[str]:
    """The concepts to fetch: every ref: concept, else every cg: class."""
    for query in (CONCEPTS, CLASSES):
        response = httpx.get(
            f"{url}/sparql",
            params={"query": query},
            headers={"Accept": "text/csv"},
            timeout=300,  # the first query waits for the workers' snapshot of the store
        )
        found = response.text.splitlines()[1:]
        if found:
            return [line.strip() for line in found]
    raise RuntimeError("the store holds no concept and no class")


def kinds(etags: dict[str, str]) -> dict[str, Fetch]:
    """Each kind of request, as a function of a client and a concept IRI."""

    def path(iri: str) -> str:
        return "/" + iri.removeprefix(BASE)

    return {
        "HTML page (.html)": lambda c, i: c.get(path(i) + ".html"),
        "HTML via 303": lambda c, i: c.get(path(i), headers={"Accept": "text/html"}),
        "HTML, If-None-Match (304)": lambda c, i: c.get(
            path(i) + ".html", headers={"If-None-Match": etags[i]}
        ),
        "Turtle (.ttl)": lambda c, i: c.get(path(i) + ".ttl"),
        "Turtle via 303": lambda c, i: c.get(path(i), headers={"Accept": "text/turtle"}),
        "/sparql DESCRIBE": lambda c, i: c.get(
            "/sparql", params={"query": f"DESCRIBE <{i}>"}, headers={"Accept": "text/turtle"}
        ),
    }


def invalidate(url: str) -> None:
    """A write (a Graph Store PUT of a scratch graph): every kept page becomes a miss."""
    response = httpx.put(
        f"{url}/graphs",
        params={"graph": SCRATCH},
        content=f'<{SCRATCH}> <{BASE}def/benchStamp> "{time.time_ns()}" .'.encode(),
        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=300,
    )
    response.raise_for_status()
    # The query workers answer from a snapshot made again after a write: make it now.
    httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=300).raise_for_status()


def crawler(url: str, clients: int) -> httpx.Client:
    """One client for all threads that opens a new connection per request (no keep-alive).

    One shared client, not one per request: making an httpx client loads the CA certificates
    (~40 ms of CPU), which the benchmark's threads would take from the server's two cores.
    """
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=0)
    return httpx.Client(base_url=url, follow_redirects=True, timeout=60, limits=limits)


def _timed(client: httpx.Client, name: str, fetch: Fetch) -> Callable[[str], float]:
    def one(iri: str) -> float:
        start = time.perf_counter()
        response = fetch(client, iri)
        elapsed = time.perf_counter() - start
        if response.status_code not in (200, 304):
            raise RuntimeError(f"{name} {iri}: {response.status_code} {response.text[:200]}")
        return elapsed

    return one


def measure(
    url: str, name: str, fetch: Fetch, iris: list[str], rounds: int, clients: int
) -> tuple[Figures, Figures]:
    """``rounds`` times: a write, every IRI once (cold: nothing kept), then every IRI again
    (warm: kept pages); ``clients`` threads, each request timed. Cold and warm passes
    alternate, so that other work on a shared machine weighs on both alike."""
    cold: list[float] = []
    warm: list[float] = []
    walls = [0.0, 0.0]
    with crawler(url, clients) as client, ThreadPoolExecutor(clients) as pool:
        one = _timed(client, name, fetch)
        for _ in range(rounds):
            invalidate(url)
            for index, latencies in enumerate((cold, warm)):
                start = time.perf_counter()
                latencies.extend(pool.map(one, iris))
                walls[index] += time.perf_counter() - start
    return Figures(name, cold, walls[0]), Figures(name, warm, walls[1])


def report(cold: list[Figures], warm: list[Figures], count: int, clients: int) -> None:
    """Print the tables of figures and the ratio of each to DESCRIBE."""
    print(f"# {count} IRIs, {clients} concurrent clients, a new connection per request")
    print(f"# machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, ")
    print(f"#          Python {platform.python_version()}, {platform.platform()}")
    print(f"#          load average {os.getloadavg()}")
    for title, figures in (("cold: first fetch after a write", cold), ("warm: repeats", warm)):
        describe = figures[-1]
        print(f"## {title}")
        print(f"{'kind':<26} {'median ms':>10} {'p95 ms':>8} {'req/s':>8} {'vs DESCRIBE':>12}")
        for item in figures:
            ratio = item.median_ms / describe.median_ms
            print(
                f"{item.name:<26} {item.median_ms:>10.1f} {item.p95_ms:>8.1f} "
                f"{item.throughput:>8.0f} {ratio:>11.2f}x"
            )
    for title, figures in (("cold", cold), ("warm", warm)):
        met = "met" if figures[0].median_ms < 50 else "NOT met"
        print(f"target: HTML concept page < 50 ms median ({title}): {met}")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="cold and warm passes")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, serving(Path(folder)) as url:
        iris = subjects(url)
        etags = {i: httpx.get(f"{url}/{i.removeprefix(BASE)}.html").headers["etag"] for i in iris}
        cold, warm = [], []
        for name, fetch in kinds(etags).items():
            first, rest = measure(url, name, fetch, iris, arguments.rounds, arguments.clients)
            cold.append(first)
            warm.append(rest)
    report(cold, warm, len(iris), arguments.clients)


if __name__ == "__main__":
    main()
