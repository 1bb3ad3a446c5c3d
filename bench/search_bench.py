"""How fast /api/search and /reconcile find a name, against a plain fuzzy scan, in one run.

The index (src/coopgraph/finding/) of the whole project (ontology, seed and the geography:
about 39,000 named things) answers whole names and codes from a dictionary, prefixes by
bisection, and close spellings with rapidfuzz over the names of the asked types. The baseline is
what one would write without an index: rapidfuzz's ``process.extract`` over every normalised
name, for every query. Each query is timed on both, best of ``--runs``; the bench prints each
figure, the ratio of the index to the baseline, the build time, the machine and its load.
Run: ``python bench/search_bench.py [--runs N]``
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from coopgraph import iris
from coopgraph.content import loading
from coopgraph.finding.index import SearchIndex
from coopgraph.finding.keeping import build_index
from coopgraph.finding.normalising import normalise
from coopgraph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("Lens", "grande synthe", "Le Mene", "Grand Sinthe", "saint", "62498", "Pas de Calais")


def _project_store() -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    for source in loading.project_sources(ROOT, examples=False):
        if source.graph != iris.SHAPES_GRAPH:
            loading.load_source(store, source)
    return store


def _best(runs: int, action: object) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores")
    print(f"load before: {os.getloadavg()}")
    store = _project_store()
    started = time.perf_counter()
    index: SearchIndex = build_index(store)
    print(f"index of {len(index)} things built in {time.perf_counter() - started:.1f} s")
    names = [normalise(label) for entry in index.entries for label in entry.labels]
    print(f"{'query':<16} {'index ms':>9} {'scan ms':>9} {'ratio':>7}")
    for text in QUERIES:
        indexed = _best(runs, lambda text=text: index.search(text, (), 10))
        scanned = _best(
            runs,
            lambda text=text: process.extract(normalise(text), names, scorer=fuzz.WRatio, limit=10),
        )
        print(f"{text:<16} {indexed * 1000:9.2f} {scanned * 1000:9.2f} {indexed / scanned:7.3f}")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
