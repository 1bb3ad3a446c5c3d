"""coopgraph against the Oxigraph server and rdflib-endpoint, on the same synthetic data.

For each size: generate the graph, then for each server in turn start it on loopback over a
fresh store, time every query of bench/queries/ (median of sequential runs after warm-ups),
measure throughput with concurrent clients for a fixed time, and stop it. A table of figures
and ratios against the targets of issue 2 follows; row counts are compared across servers.

    python bench/sparql_bench.py                 # 10k and 100k triples, about 5 minutes
    python bench/sparql_bench.py --with-1m       # and 1M (rdflib-endpoint left out there)
"""

from __future__ import annotations

import argparse
import json
import tempfile
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
    url: str, pending: list[measure.Query], results: dict[str, measure.Latency], knobs: Knobs
) -> bool:
    """Time the pending queries in turn; False (and stop) after a timeout, which leaves the
    server busy with the abandoned query."""
    while pending:
        query = pending.pop(0)
        found = measure.latency(url, query, knobs.warmups, knobs.runs, knobs.timeout)
        results[query.name] = found
        print(f"    {query.name:<14} {report.milliseconds(found, knobs.timeout):>10}", flush=True)
        if found.median is None:
            return False
    return True


def bench_server(
    name: str, data: Path, workdir: Path, mix: list[measure.Query], knobs: Knobs
) -> measure.ServerResult:
    """Latency of each query, then throughput on the queries that finished in time; the server
    is restarted after a timeout."""
    results: dict[str, measure.Latency] = {}
    pending = list(mix)
    while True:
        with servers.running(name, data, workdir) as server:
            print(f"  {name}: ready in {server.started_in:.1f} s at {server.url}", flush=True)
            if not _measure_latencies(server.url, pending, results, knobs):
                continue
            finished = [q for q in mix if results[q.name].median is not None]
            rate = None
            if finished:
                rate = measure.throughput(
                    server.url, finished, knobs.clients, knobs.seconds, knobs.timeout
                )
                print(f"    throughput     {rate.per_second:>8.1f} q/s", flush=True)
            names = [q.name for q in finished]
            return measure.ServerResult(results, rate, names, server.started_in)


def bench_size(
    size: int, arguments: argparse.Namespace, mix: list[measure.Query]
) -> dict[str, measure.ServerResult]:
    """Every server of the run on a graph of about ``size`` triples."""
    data = arguments.out_dir / f"synthetic-{size}.nt"
    count = generate.write_graph(size, data)
    print(f"\n== {count:,} triples ({data})", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="coopgraph-bench-") as workdir:
        for name in arguments.servers:
            if name == "rdflib" and size > arguments.rdflib_max_triples:
                print(f"  rdflib: left out above {arguments.rdflib_max_triples:,} triples")
                continue
            knobs = _knobs(name, arguments)
            results[name] = bench_server(name, data, Path(workdir), mix, knobs)
    report.print_size(count, mix, results, arguments.timeout, arguments.rdflib_timeout)
    return results


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
    parser.add_argument("--servers", nargs="+", choices=servers.SERVERS, default=servers.SERVERS)
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
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    return parser


def main() -> None:
    """Run the benchmark and print the tables."""
    arguments = _parser().parse_args()
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
