"""Validation time and peak memory: coopgraph's validation against plain pyshacl, in one run.

For submissions of about 1k, 10k and 100k triples (bench/submission_generator.py, conforming
descriptions around real communes):

- ours: the bytes parsed by coopgraph (``read_submission``), then ``validate`` against a store
  holding the ontology and the geography (end to end, inference 'none'): pyshacl for SHACL
  Core, the store's engine for the SHACL-SPARQL rule shapes (``validation_rules``);
- ours-rdfs: the same graphs validated with pyshacl's inference 'rdfs' (to decide the option);
- baseline: plain ``pyshacl.validate`` of one rdflib graph joining the submission, the whole
  ontology and the whole geography (official territories marked, so the answers are equal).

Peak memory is the growth of the process's resident set during the step (VmHWM reset through
/proc/self/clear_refs before each step). Run: ``python bench/validation_bench.py [--sizes ...]``
"""

from __future__ import annotations

import argparse
import gzip
import platform
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

sys.path.insert(0, str(Path(__file__).parent))
from submission_generator import submission_ntriples

from coopgraph import iris
from coopgraph.content import loading
from coopgraph.store import Store, memory_store
from coopgraph.validation import Shapes, load_shapes
from coopgraph.validation import shacl as validation
from coopgraph.validation.context import CG, SHAPES_NS, gather_context
from coopgraph.validation.uploads import Upload, read_submission

ROOT = Path(__file__).resolve().parents[1]
OFFICIAL = (CG.Commune, CG.DelegatedCommune, CG.Intercommunality, CG.Department, CG.Region)


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def measure(step: Callable[[], int]) -> tuple[float, float, int]:
    """(seconds, peak MiB above the start, results) of one step."""
    Path("/proc/self/clear_refs").write_text("5")
    before = _status("VmRSS")
    started = time.perf_counter()
    results = step()
    seconds = time.perf_counter() - started
    return seconds, (_status("VmHWM") - before) / 1_048_576, results


def content_store() -> Store:
    """The ontology and the geography, each in its graph, as a running service holds them."""
    store = memory_store()
    for source in loading.project_sources(ROOT):
        if source.graph == iris.ONTOLOGY_GRAPH or "geography" in source.graph:
            loading.load_source(store, source)
    return store


def communes(store: Store, count: int = 500) -> list[str]:
    """The first real communes, by IRI."""
    query = f"SELECT ?c WHERE {{ ?c a <{CG.Commune}> }} ORDER BY ?c LIMIT {count}"
    return [str(row["c"]) for row in store.select(query)]


def ours(data: bytes, store: Store, shapes: Shapes) -> int:
    """coopgraph end to end: parse, gather from the store, validate."""
    submission = read_submission([Upload(data, "application/n-triples", "bench.nt")], 1 << 30)
    report = validation.validate(submission.graph, store, shapes, submission.locations)
    return len(report.results)


def ours_rdfs(data: bytes, store: Store, shapes: Shapes) -> int:
    """The same graphs as ours, validated with pyshacl's RDFS inference."""
    submission = read_submission([Upload(data, "application/n-triples", "bench.nt")], 1 << 30)
    graph = validation.DataGraph()
    for triple in (*submission.graph, *gather_context(submission.graph, store).triples):
        graph.add(triple)
    return len(validation.validate_graphs(graph, shapes.graph, inference="rdfs").results)


def whole_graph() -> Graph:
    """The whole ontology and geography in one rdflib graph, official territories marked."""
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    geography = ROOT / "data" / "geography" / "geography-2026.nt.gz"
    graph.parse(data=gzip.decompress(geography.read_bytes()), format="nt")
    for kind in OFFICIAL:
        for territory in list(graph.subjects(RDF.type, kind)):
            graph.add((territory, SHAPES_NS.inOfficialGeography, Literal(True)))
    return graph


def baseline(data: bytes, shapes: Shapes) -> int:
    """Plain pyshacl over the submission joined with the whole ontology and geography."""
    graph = whole_graph()
    graph.parse(data=data, format="nt")
    _conforms, report, _text = pyshacl.validate(graph, shacl_graph=shapes.graph, advanced=True)
    return len(list(report.objects(None, SH.result)))


def main() -> None:
    """Measure each size and print a Markdown table with the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rdfs-up-to", type=int, default=10_000)
    arguments = parser.parse_args()
    store = content_store()
    shapes = load_shapes(ROOT / "shapes")
    places = communes(store)
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print("| triples | ours s | ours MiB | rdfs s | baseline s | baseline MiB | speed-up |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in arguments.sizes:
        data = submission_ntriples(size, places)
        triples = data.count(b"\n")
        ours_s, ours_mib, found = measure(partial(ours, data, store, shapes))
        rdfs = "—"
        if size <= arguments.rdfs_up_to:
            rdfs = f"{measure(partial(ours_rdfs, data, store, shapes))[0]:.2f}"
        base_s, base_mib, base_found = measure(partial(baseline, data, shapes))
        assert found == base_found, (found, base_found)
        print(
            f"| {triples:,} | {ours_s:.2f} | {ours_mib:.0f} | {rdfs} | {base_s:.2f} | "
            f"{base_mib:.0f} | {base_s / ours_s:.1f}x |",
            flush=True,
        )


if __name__ == "__main__":
    main()
