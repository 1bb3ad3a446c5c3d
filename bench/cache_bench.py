"""A realistic read mix against coopgraph (answer cache on) and the Oxigraph server, one run.

1. ``coopgraph serve`` on a fresh on-disk store with the project's content (ontology, shapes,
   data/ with the geography, the examples), everything inferred;
2. the mix of bench/cache_mix.py found on it (200 distinct requests: 50 % Linked Data
   documents, 30 % stored queries, 20 % SPARQL, Zipf-distributed);
3. coopgraph stopped, its store dumped (``oxigraph dump``: every graph, inferred ones
   included) and loaded into a fresh Oxigraph store (``oxigraph load``), then both serve
   (Oxigraph with ``--union-default-graph``, coopgraph's default graph);
4. a warm-up (every distinct request once on each server), then ``rounds`` slices of
   ``seconds`` per server, taking turns: ``clients`` client processes, each with its own
   keep-alive connection, send their own draw of the mix as fast as answers come back.

Prints the throughput of each server (all kinds, and per kind), the median latency, the share
of coopgraph answers that were cache hits, and the ratio (target >= 3x).

    python bench/cache_bench.py [--seconds 20] [--rounds 3] [--clients 8]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import cache_mix
import httpx
import servers

BIN = Path(sys.executable).parent
ADMIN_TOKEN = "cache-bench"
TIMEOUT = 30.0
"""Seconds a client waits for an answer; the Oxigraph server stops its queries after as long
(``--timeout-s``), as coopgraph does (``COOPGRAPH_QUERY_TIMEOUT``, 30 s by default)."""


@dataclass
class Tally:
    """What the clients of one server did: answers per kind, failures, latencies, hits."""

    seconds: float = 0.0
    answered: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    latencies: list[float] = field(default_factory=list)
    hits: int = 0

    def add(self, other: Tally) -> None:
        """Add the figures of another client or slice."""
        self.answered.update(other.answered)
        self.failed += other.failed
        self.latencies += other.latencies
        self.hits += other.hits

    @property
    def per_second(self) -> float:
        """Answered requests per second, all clients together."""
        return sum(self.answered.values()) / self.seconds if self.seconds else 0.0


def content_root(folder: Path, geography: bool) -> Path:
    """The project's content, or a copy of it without data/geography (a first start in
    minutes, not tens of minutes, on a busy machine)."""
    if geography:
        return cache_mix.ROOT
    copy = folder / "content"
    for name in ("ontology", "shapes", "queries", "data"):
        skip = shutil.ignore_patterns("geography") if name == "data" else None
        shutil.copytree(cache_mix.ROOT / name, copy / name, ignore=skip, symlinks=True)
    (copy / "node_modules").symlink_to(cache_mix.ROOT / "node_modules")  # YASGUI, Swagger UI
    return copy


def _coopgraph_environment(store: Path) -> dict[str, str]:
    return {
        **os.environ,
        "COOPGRAPH_STORE": str(store),
        "COOPGRAPH_CONTENT_ROOT": str(store.parent / "content")
        if (store.parent / "content").exists()
        else str(cache_mix.ROOT),
        "COOPGRAPH_LOAD_CONTENT": "true",
        "COOPGRAPH_EXAMPLES": "true",
        "COOPGRAPH_ADMIN_TOKEN": ADMIN_TOKEN,
        "COOPGRAPH_FAIR_SHARE_CONCURRENCY": "64",  # the clients share one address
        "COOPGRAPH_FAIR_SHARE_SECONDS": "1000000",
        "COOPGRAPH_FAIR_SHARE_HEAVY_SECONDS": "1000000",
    }


def _start(command: list[str], environment: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _wait(url: str, process: subprocess.Popen[bytes], limit: float = 900) -> float:
    began = time.perf_counter()
    with httpx.Client(timeout=10) as client:
        while time.perf_counter() - began < limit:
            if process.poll() is not None:
                raise RuntimeError(f"{url}: the server exited with {process.returncode}")
            try:
                if client.get(url).status_code == 200:
                    return time.perf_counter() - began
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {limit:g} s")


def start_coopgraph(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """``coopgraph serve`` on ``folder/store``, once its /health answers 200."""
    command = [str(BIN / "coopgraph"), "serve", "--host", servers.HOST, "--port", str(port)]
    process = _start(command, _coopgraph_environment(folder / "store"), folder / "coopgraph.log")
    try:
        took = _wait(f"http://{servers.HOST}:{port}/health", process)
    except BaseException:
        servers.stop(process)
        raise
    print(f"coopgraph ready in {took:.1f} s", flush=True)
    return process


def start_oxigraph(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """The Oxigraph server on the dump of coopgraph's store, its default graph the union."""
    dump = folder / "content.nq"
    oxigraph = str(BIN / "oxigraph")
    location = str(folder / "store" / "oxigraph")
    subprocess.run([oxigraph, "dump", "--location", location, "--file", str(dump)], check=True)
    target = str(folder / "oxigraph")
    subprocess.run([oxigraph, "load", "--location", target, "--file", str(dump)], check=True)
    bind = f"{servers.HOST}:{port}"
    command = [oxigraph, "serve", "--location", target, "--bind", bind, "--union-default-graph"]
    command += ["--timeout-s", str(int(TIMEOUT))]
    process = _start(command, dict(os.environ), folder / "oxigraph.log")
    try:
        _wait(f"http://{bind}/query?query=ASK%7B%7D", process)
    except BaseException:
        servers.stop(process)
        raise
    return process


def _client(arguments: tuple[str, list[cache_mix.Request], str, float]) -> Tally:
    """One client: its own draw of the mix, sent in turn until the deadline."""
    base, draw, server, seconds = arguments
    tally = Tally(seconds)
    deadline = time.perf_counter() + seconds
    with httpx.Client(base_url=base, timeout=TIMEOUT) as http:
        for number in range(10**9):
            if time.perf_counter() >= deadline:
                break
            request = draw[number % len(draw)]
            began = time.perf_counter()
            if server == "coopgraph":
                call = request.coopgraph
                reply = http.get(call.path, params=call.params, headers={"Accept": call.accept})
                status = reply.status_code
                tally.hits += reply.headers.get("coopgraph-cache") == "hit"
            else:
                status = _send(http, request, server)
            if status == 200:
                tally.latencies.append(time.perf_counter() - began)
                tally.answered[request.kind] += 1
            else:
                tally.failed += 1
    return tally


def run_slice(
    pool: multiprocessing.pool.Pool, base: str, draws: list[list[cache_mix.Request]],
    server: str, seconds: float,
) -> Tally:  # fmt: skip
    """Every client for ``seconds`` against one server."""
    total = Tally(seconds)
    for tally in pool.map(_client, [(base, draw, server, seconds) for draw in draws]):
        total.add(tally)
    return total


def _once(arguments: tuple[str, list[cache_mix.Request], str]) -> list[str]:
    """Send each request of a share once; a line for each that failed or took over 2 s."""
    base, share, server = arguments
    slow = []
    with httpx.Client(base_url=base, timeout=TIMEOUT) as http:
        for request in share:
            began = time.perf_counter()
            status = _send(http, request, server)
            took = time.perf_counter() - began
            if status != 200 or took > 2:
                call = request.coopgraph
                slow.append(f"  {server} {status} {took:.1f} s: {call.path} {call.params}"[:300])
    return slow


def _send(http: httpx.Client, request: cache_mix.Request, server: str) -> int:
    """Send one request of the mix; the first status other than 200, or 0 after a timeout."""
    calls = (request.coopgraph,) if server == "coopgraph" else request.oxigraph
    for call in calls:
        try:
            reply = http.get(call.path, params=call.params, headers={"Accept": call.accept})
        except httpx.TimeoutException:
            return 0
        if reply.status_code != 200:
            return reply.status_code
    return 200


def warm(
    base: str, mix: cache_mix.Mix, server: str, pool: multiprocessing.pool.Pool, clients: int
) -> None:
    """Every distinct request once, spread over the clients; says which failed or were slow."""
    every = [request for requests in mix.requests.values() for request in requests]
    shares = [every[n::clients] for n in range(clients)]
    slow = [
        line for lines in pool.map(_once, [(base, s, server) for s in shares]) for line in lines
    ]
    print(f"{server}: warmed with {len(every)} requests; failed or over 2 s:", flush=True)
    print("\n".join(slow) or "  none", flush=True)


def _report(tallies: dict[str, Tally]) -> None:
    print(f"\n{'server':<10}{'req/s':>9}{'docs/s':>9}{'api/s':>9}{'sparql/s':>10}"
          f"{'median':>10}{'p95':>10}{'failed':>8}")  # fmt: skip
    for name, tally in tallies.items():
        per = {k: tally.answered[k] / tally.seconds for k in cache_mix.SHARES}
        ordered = sorted(tally.latencies) or [0.0]
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(f"{name:<10}{tally.per_second:>9.0f}{per['document']:>9.0f}{per['stored']:>9.0f}"
              f"{per['sparql']:>10.0f}{statistics.median(ordered) * 1000:>8.1f}ms"
              f"{p95 * 1000:>8.1f}ms{tally.failed:>8}")  # fmt: skip
    coopgraph, oxigraph = tallies["coopgraph"], tallies["oxigraph"]
    answered = sum(coopgraph.answered.values())
    print(f"coopgraph cache hits: {coopgraph.hits / max(answered, 1):.1%} of its answers")
    ratio = coopgraph.per_second / oxigraph.per_second if oxigraph.per_second else float("inf")
    verdict = "PASS" if ratio >= 3 else "FAIL"
    print(f"throughput coopgraph / oxigraph: {ratio:.2f}x (target >= 3x): {verdict}")


def measure(
    urls: dict[str, str], mix: cache_mix.Mix, arguments: argparse.Namespace
) -> dict[str, Tally]:
    """Warm both servers, then take turns, slice by slice."""
    draws = [mix.draw(seed, 5000) for seed in range(arguments.clients)]
    tallies = {name: Tally() for name in urls}
    with multiprocessing.get_context("fork").Pool(arguments.clients) as pool:
        for name, base in urls.items():
            warm(base, mix, name, pool, arguments.clients)
        for round_number in range(arguments.rounds):
            order = list(urls) if round_number % 2 == 0 else list(reversed(urls))
            for name in order:
                found = run_slice(pool, urls[name], draws, name, arguments.seconds)
                print(f"round {round_number + 1}, {name}: {found.per_second:.0f} req/s "
                      f"({found.failed} failed)", flush=True)  # fmt: skip
                tallies[name].add(found)
                tallies[name].seconds += arguments.seconds
    return tallies


def main() -> None:
    """Start both servers over the same content, measure the mix, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=20, help="length of one slice")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--without-geography", action="store_true", help="leave data/geography out of both"
    )
    arguments = parser.parse_args()
    print(f"{platform.node()}: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average "
          f"{os.getloadavg()[0]:.1f} at the start", flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="cache-bench-") as temporary:
        folder = Path(temporary)
        content_root(folder, not arguments.without_geography)
        ports = {"coopgraph": servers.free_port(), "oxigraph": servers.free_port()}
        coopgraph = start_coopgraph(folder, ports["coopgraph"])
        base = f"http://{servers.HOST}:{ports['coopgraph']}"
        try:
            mix = cache_mix.build(base)
        finally:
            servers.stop(coopgraph)
        print("\n".join(cache_mix.counted(mix)), flush=True)
        oxigraph = start_oxigraph(folder, ports["oxigraph"])
        coopgraph = start_coopgraph(folder, ports["coopgraph"])
        urls = {"coopgraph": base, "oxigraph": f"http://{servers.HOST}:{ports['oxigraph']}"}
        try:
            tallies = measure(urls, mix, arguments)
        finally:
            servers.stop(coopgraph)
            servers.stop(oxigraph)
    _report(tallies)
    print(f"load average {os.getloadavg()[0]:.1f} at the end", flush=True)


if __name__ == "__main__":
    main()
