"""coopgraph against the Oxigraph server and rdflib-endpoint, on the same synthetic data.

For each size: generate the graph, then for each server start it on loopback over a
fresh store, time every query of bench/queries/ (median of sequential runs after warm-ups),
measure throughput with concurrent clients for a fixed time, and stop it. coopgraph and the
Oxigraph server run side by side and take turns, request by request for latency and in
slices for throughput, so that other work on the machine weighs on both alike. A table of figures
and ratios against the targets of issue 2 follows; row counts are compared across servers.

    python bench/sparql_bench.py                 # 10k and 100k triples, about 5 minutes
    python bench/sparql_bench.py --with-1m       # and 1M (rdflib-endpoint left out there)
    python bench/sparql_bench.py --cache-miss    # every request unique: no answer cache hit
"""

from __future__ import annotations

import argparse
import json
import tempfile
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

import generate
import measure
import report
import servers

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Knobs:
    """How hard to measure one server."""

    warmups: int
    runs: int
    timeout: float
    clients: int
    seconds: float


def _measure_latencies(
    urls: dict[str, str],
    pending: list[measure.Query],
    results: dict[str, dict[str, measure.Latency]],
    knobs: Knobs,
) -> bool:
    """Time the pending queries in turn; False (and stop) after a timeout, which leaves a
    server busy with the abandoned query."""
    while pending:
        query = pending.pop(0)
        found = measure.latencies(urls, query, knobs.warmups, knobs.runs, knobs.timeout)
        cells = [f"{n} {report.milliseconds(found[n], knobs.timeout)}" for n in urls]
        print(f"    {query.name:<14} {', '.join(cells)}", flush=True)
        for name, latency in found.items():
            results[name][query.name] = latency
        if any(latency.median is None for latency in found.values()):
            return False
    return True


def bench_group(
    names: list[str], data: Path, workdir: Path, mix: list[measure.Query], knobs: Knobs
) -> dict[str, measure.ServerResult]:
    """Servers measured side by side: latency of each query, then throughput on the queries
    each finished in time; all are restarted after a timeout."""
    results: dict[str, dict[str, measure.Latency]] = {name: {} for name in names}
    pending = list(mix)
    while True:
        with ExitStack() as stack:
            started = {n: stack.enter_context(servers.running(n, data, workdir)) for n in names}
            for server in started.values():
                print(f"  {server.name}: ready in {server.started_in:.1f} s at {server.url}")
            urls = {name: server.url for name, server in started.items()}
            if not _measure_latencies(urls, pending, results, knobs):
                continue
            mixes = {n: [q for q in mix if results[n][q.name].median is not None] for n in names}
            answering = {name: urls[name] for name in names if mixes[name]}
            rates = measure.throughput(
                answering, mixes, knobs.clients, knobs.seconds, knobs.timeout
            )
            for name, rate in rates.items():
                print(f"    throughput     {name} {rate.per_second:.1f} q/s", flush=True)
            return {
                name: measure.ServerResult(
                    results[name],
                    rates.get(name),
                    [q.name for q in mixes[name]],
                    started[name].started_in,
                )
                for name in names
            }


def bench_size(
    size: int, arguments: argparse.Namespace, mix: list[measure.Query]
) -> dict[str, measure.ServerResult]:
    """Every server of the run on a graph of about ``size`` triples."""
    data = arguments.out_dir / f"synthetic-{size}.nt"
    count = generate.write_graph(size, data)
    print(f"\n== {count:,} triples ({data})", flush=True)
    results: dict[str, measure.ServerResult] = {}
    with tempfile.TemporaryDirectory(prefix="coopgraph-bench-") as workdir:
        for group in _groups(arguments.servers, size, arguments.rdflib_max_triples):
            knobs = _knobs(group[0], arguments)
            results.update(bench_group(group, data, Path(workdir), mix, knobs))
    report.print_size(count, mix, results, arguments.timeout, arguments.rdflib_timeout)
    return results


def _groups(chosen: list[str], size: int, rdflib_max_triples: int) -> list[list[str]]:
    """coopgraph and oxigraph side by side; rdflib-endpoint alone (it blocks while it works)."""
    pair = [name for name in chosen if name != "rdflib"]
    groups = [pair] if pair else []
    if "rdflib" in chosen and size <= rdflib_max_triples:
        groups.append(["rdflib"])
    elif "rdflib" in chosen:
        print(f"  rdflib: left out above {rdflib_max_triples:,} triples")
    return groups


def _knobs(name: str, arguments: argparse.Namespace) -> Knobs:
    if name == "rdflib":
        return Knobs(
            1, arguments.rdflib_runs, arguments.rdflib_timeout, arguments.clients, arguments.seconds
        )
    return Knobs(
        arguments.warmups, arguments.runs, arguments.timeout, arguments.clients, arguments.seconds
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--with-1m", action="store_true", help="add 1,000,000 triples")
    parser.add_argument(
        "--servers", nargs="+", choices=servers.SERVERS, default=list(servers.SERVERS)
    )
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=60, help="seconds per query")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10, help="throughput phase length")
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=20)
    parser.add_argument("--rdflib-max-triples", type=int, default=200_000)
    parser.add_argument("--queries", type=Path, default=HERE / "queries")
    parser.add_argument("--out-dir", type=Path, default=HERE / "out")
    parser.add_argument(
        "--cache-miss",
        action="store_true",
        help="make every request's text unique (a trailing comment): no answer is a cache hit",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    return parser


def main() -> None:
    """Run the benchmark and print the tables."""
    arguments = _parser().parse_args()
    measure.UNIQUE_REQUESTS = arguments.cache_miss
    if arguments.cache_miss:
        print("every request's text is unique (--cache-miss): no answer comes from a cache")
    sizes = [*arguments.sizes, *([1_000_000] if arguments.with_1m else [])]
    mix = measure.load_mix(arguments.queries)
    everything = {str(size): bench_size(size, arguments, mix) for size in sizes}
    if arguments.json:
        serialisable = {
            size: {name: asdict(result) for name, result in by_server.items()}
            for size, by_server in everything.items()
        }
        arguments.json.write_text(json.dumps(serialisable, indent=2) + "\n")


if __name__ == "__main__":
    main()
