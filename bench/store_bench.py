"""The embedded store against Virtuoso, through the same Store interface, in one run.

For each size (100k and 1M triples of bench/generate.py's graph): bulk load time, then the
median latency of each query of bench/queries/ (``Store.answer``, SPARQL JSON, after warm-ups),
on the embedded store in memory and on a Virtuoso of our own (tests/support/virtuoso.py). Then the
time to materialise the inferred graph of each seed source and of a 100k-triple source.

    python bench/store_bench.py                 # 100k and 1M, about 15 minutes
    python bench/store_bench.py --sizes 100000  # 100k only
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import generate
import measure

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from support import virtuoso  # noqa: E402  (tests/support/virtuoso.py: our own Virtuoso)

from coopgraph import formats, iris, reasoning  # noqa: E402
from coopgraph.content import loading  # noqa: E402
from coopgraph.errors import CoopgraphError  # noqa: E402
from coopgraph.store import AnswerFormats, Store, memory_store  # noqa: E402

GRAPH = "https://w3id.org/coopgraph/graph/data/bench"
JSON = AnswerFormats(formats.SPARQL_JSON, formats.TURTLE)
Timings = dict[str, float]


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _answer(store: Store, text: str) -> Callable[[], object]:
    return lambda: store.answer(text, JSON)


def latencies(store: Store, mix: list[measure.Query], warmups: int, runs: int) -> Timings:
    """The median seconds of each query; NaN where the store cannot answer it."""
    found: Timings = {}
    for query in mix:
        try:
            for _ in range(warmups):
                store.answer(query.text, JSON)
            times = [_seconds(_answer(store, query.text)) for _ in range(runs)]
            found[query.name] = statistics.median(times)
        except CoopgraphError as exc:
            print(f"    {query.name} failed: {exc}", flush=True)
            found[query.name] = math.nan
    return found


def bench_store(store: Store, data: bytes, mix: list[measure.Query], runs: int) -> Timings:
    """Bulk load time (``load``) and query medians on one store."""
    timings = {"load": _seconds(lambda: store.replace_graph(GRAPH, data, formats.N_TRIPLES))}
    timings |= latencies(store, mix, warmups=1, runs=runs)
    return timings


def _row(name: str, ours: float, theirs: float) -> str:
    if math.isnan(theirs) or math.isnan(ours):
        failed = "Virtuoso" if math.isnan(theirs) else "embedded"
        return f"| {name} | {ours:,.1f} | {theirs:,.1f} | - | {failed} fails (see below) |"
    winner = "embedded" if ours <= theirs else "Virtuoso"
    factor = max(ours, theirs) / max(min(ours, theirs), 1e-9)
    return (
        f"| {name} | {ours:,.1f} | {theirs:,.1f} | {theirs / ours:.2f} | {winner}, {factor:.1f}x |"
    )


def table(size: int, embedded: Timings, remote: Timings) -> list[str]:
    """A Markdown table: each measure on both stores, and who wins by how much."""
    lines = [
        f"\n#### {size:,} triples\n",
        "| measure | embedded (ms) | Virtuoso (ms) | Virtuoso / embedded | faster |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [_row(n, embedded[n] * 1000, remote[n] * 1000) for n in embedded]
    return lines


def reasoning_times(store: Store, synthetic: Path) -> list[str]:
    """Seconds to materialise each seed source, and a 100k-triple source."""
    loading.synchronise(store, HERE.parent)
    lines = ["\n| source | triples inferred | seconds |", "|---|---:|---:|"]
    sources = [s for s in reasoning.reasoned_sources(store) if "/data/" in s] + [GRAPH]
    store.replace_graph(GRAPH, synthetic.read_bytes(), formats.N_TRIPLES)
    for source in sources:
        reasoning.forget_reuse(store)  # synchronise reasoned them: measure the work, not reuse
        inference = reasoning.materialise(store, source)
        name = source.removeprefix(iris.GRAPH_BASE)
        lines.append(f"| {name} | {inference.triples:,} | {inference.seconds:.1f} |")
    return lines


def main() -> None:
    """Command line: ``--sizes N [N ...] --runs R``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    mix = measure.load_mix(HERE / "queries")
    report: list[str] = []
    with tempfile.TemporaryDirectory(prefix="store-bench-") as folder:
        with virtuoso.running_virtuoso(Path(folder) / "virtuoso", buffers=340_000) as server:
            remote = server.store(timeout=600)
            for size in arguments.sizes:
                path = HERE / "out" / f"synthetic-{size}.nt"
                if not path.exists():
                    generate.write_graph(size, path)
                data = path.read_bytes()
                embedded = bench_store(memory_store(), data, mix, arguments.runs)
                print(f"{size}: embedded {embedded}", flush=True)
                virtuoso.empty(remote)
                on_virtuoso = bench_store(remote, data, mix, arguments.runs)
                print(f"{size}: Virtuoso {on_virtuoso}", flush=True)
                report += table(size, embedded, on_virtuoso)
            virtuoso.empty(remote)
        report.append("\n#### Materialising inferred graphs (embedded store)")
        report += reasoning_times(memory_store(), HERE / "out" / "synthetic-100000.nt")
    print("\n".join(report))


if __name__ == "__main__":
    main()
