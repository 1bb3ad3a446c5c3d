"""Validation time against issue 14's targets (point 9), and against plain pyshacl in the same run.

Two descriptions from ``bench/validation_data.py``, conforming, around real communes of the
official geography:

- a filled workbook of about 10k triples (the steward's template): target 3 s;
- a Turtle description of about 100k triples: target 4 s.

*ours* is what /validate does in a validation worker (``validation.sandbox.check``), end to
end: the upload read (the workbook converted to RDF), the context gathered from a store holding
the ontology and the geography, SHACL Core in pyshacl and the rule shapes in the store's
engine, the results located in the file and described. As in a worker, the cycle collector
is paused for the check and collects what it left after it (``workers.worker``
``collector_paused_for_job``: after the reply is sent, not on the request's path), untimed
here as there. *baseline* is plain
``pyshacl.validate`` (inference none, SHACL-SPARQL on) of the same data graph (the submission
and the same context, built beforehand and not timed) against the same shapes. Each figure is
the median of ``--runs`` (the baseline: ``--baseline-runs``, 0 to skip it), the two taking
turns; *ours CPU* is the median CPU time of this process for ours (on a shared machine, the
work done when the wall time counts the wait as well). Run:
``python bench/validation_bench.py [--runs N] [--baseline-runs N] [--workbook-triples N]
[--turtle-triples N]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

sys.path.insert(0, str(Path(__file__).parent))
from validation_data import commune_codes, filled_workbook, turtle_description

from coopgraph import formats, iris
from coopgraph.content import loading
from coopgraph.store import Store, memory_store
from coopgraph.validation import Upload, load_shapes, read_submission
from coopgraph.validation.context import SHAPES_NS, gather_context
from coopgraph.validation.sandbox import Budget, check
from coopgraph.workers.worker import collector_paused_for_job

ROOT = Path(__file__).resolve().parents[1]
COMMUNES = "SELECT ?c WHERE { ?c a <https://w3id.org/coopgraph/def/Commune> } ORDER BY ?c"


@dataclass(frozen=True)
class Case:
    """One description to validate, and the target for it."""

    name: str
    upload: Upload
    target: float


def content_store() -> Store:
    """The ontology and the geography, each in its graph, as a running service holds them."""
    store = memory_store()
    for source in loading.project_sources(ROOT):
        if source.graph == iris.ONTOLOGY_GRAPH or "geography" in source.graph:
            loading.load_source(store, source)
    return store


def real_communes(store: Store, count: int = 400) -> list[str]:
    """INSEE codes of real communes, spread over the whole country (every n-th by IRI)."""
    every = [str(row["c"]) for row in store.select(COMMUNES)]
    return commune_codes(every[:: max(1, len(every) // count)][:count])


def ours(case: Case, store: Store, budget: Budget) -> tuple[int, int]:
    """(triples, results) of coopgraph's validation of the upload, as a worker runs it."""
    checked = check([case.upload], store, budget)
    return len(checked.submission.graph), len(checked.report.results)


def data_graph(case: Case, store: Store) -> Graph:
    """The data graph ours validates: the submission and its context from the store."""
    submission = read_submission([case.upload], 1 << 30, store=store).graph
    graph = Graph()
    for triple in submission:
        if triple[1] != SHAPES_NS.inOfficialGeography:
            graph.add(triple)
    for triple in gather_context(submission, store).triples:
        graph.add(triple)
    return graph


def baseline(graph: Graph, shapes: Graph) -> int:
    """Results of plain pyshacl on a copy of the data graph (pyshacl may extend it)."""
    data = Graph()
    for triple in graph:
        data.add(triple)
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, do_owl_imports=False
    )
    assert isinstance(report, Graph)
    return len(list(report.objects(None, SH.result)))


def timed(step: Callable[[], object]) -> tuple[float, object, float]:
    """(wall seconds, value, CPU seconds of this process) of one call: on a shared machine
    the CPU time tells the work done when the wall time tells the wait as well."""
    started, cpu = time.perf_counter(), time.process_time()
    value = step()
    return time.perf_counter() - started, value, time.process_time() - cpu


def measure(case: Case, store: Store, budget: Budget, runs: int, baseline_runs: int) -> None:
    """Time ours and the baseline on one case, taking turns, and print the figures."""
    graph = data_graph(case, store) if baseline_runs else Graph()
    shapes = load_shapes(budget.shapes).graph
    mine: list[float] = []
    mine_cpu: list[float] = []
    theirs: list[float] = []
    found: object = None
    base_found: object = None
    for run in range(max(runs, baseline_runs)):
        if run < runs:
            with collector_paused_for_job():  # as a worker runs a job: collected after it
                seconds, found, cpu = timed(lambda: ours(case, store, budget))
            mine.append(seconds)
            mine_cpu.append(cpu)
            print(
                f"  {case.name}: ours {seconds:.2f} s, CPU {cpu:.2f} s (load {_load()})",
                file=sys.stderr,
                flush=True,
            )
        if run < baseline_runs:
            seconds, base_found, _cpu = timed(lambda: baseline(graph, shapes))
            theirs.append(seconds)
    ours_s = statistics.median(mine)
    base_s = statistics.median(theirs) if theirs else None  # --baseline-runs 0: not run
    triples, results = found if isinstance(found, tuple) else (0, 0)
    verdict = "met" if ours_s < case.target else "NOT met"
    base = f"{base_s:.2f} | {base_s / ours_s:.1f}x" if base_s is not None else "- | -"
    print(
        f"| {case.name} | {triples:,} | {ours_s:.2f} ({', '.join(f'{s:.2f}' for s in mine)}) "
        f"| {statistics.median(mine_cpu):.2f} "
        f"| {case.target:g} | {ours_s / case.target:.2f} ({verdict}) | {base} "
        f"| {results} / {base_found if theirs else '-'} |",
        flush=True,
    )


def _load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    """Build the store and the cases, then time each case."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--workbook-triples", type=int, default=10_000)
    parser.add_argument("--turtle-triples", type=int, default=100_000)
    arguments = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, pyshacl {pyshacl.__version__}; load {_load()}"
    )
    store = content_store()
    codes = real_communes(store)
    budget = Budget(1 << 30, None, ROOT / "shapes")
    cases = (
        Case("workbook (xlsx)", Upload(
            filled_workbook(arguments.workbook_triples, codes, ROOT), formats.XLSX,
            "territoire.xlsx"), 3.0),
        Case("Turtle", Upload(
            turtle_description(arguments.turtle_triples, codes), formats.TURTLE,
            "territoire.ttl"), 4.0),
    )  # fmt: skip
    ours(
        Case("warm-up", Upload(turtle_description(200, codes), formats.TURTLE, "w.ttl"), 0),
        store,
        budget,
    )
    print(
        "| case | triples | ours s (runs) | ours CPU s | target s | ours / target | baseline s | "
        "baseline / ours | results (ours / baseline) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case in cases:
        measure(case, store, budget, arguments.runs, arguments.baseline_runs)
    print(f"load at the end: {_load()}")


if __name__ == "__main__":
    main()
