"""pyrudof (the Rust ``rudof``) beside pyshacl for SHACL Core: parity first, then speed.

Evidence for issue 14, point 9 (a 100k-triple submission validated in under 4 s), not an
integration. The tables:

1. the W3C SHACL test suite, core tests (``tests/core/**``, manifests read with rdflib): each
   engine's report against the expected one, by conforms and by the set of results keyed by
   (focus node, path, value, source constraint component, source shape, severity); then
   sh:datatype on ill-formed literals of the datatypes issue 14 names (point 3), and the
   messages each engine gives where the shapes give theirs in French and English;
2. our shapes (the SHACL Core part, ``validation.rules.split_shapes``) on the data graphs
   coopgraph validates (submission and context from the store, ``validation_bench.data_graph``):
   the seeded 10k and 100k Turtle descriptions and the broken submissions of the tests; the
   same keys, and the messages; then what pyrudof's Python API gives per result;
3. time on the 100k data graph, the two engines taking turns: pyshacl as coopgraph calls it,
   pyrudof fed N-Triples written by rdflib, its report graph read back by rdflib.

Both reports are read as SHACL report graphs, the way ``validation.results`` reads
pyshacl's (``shacl_outcomes``).

Run: ``python bench/shacl_engines.py [--runs N] [--suite DIR] [--skip suite|ours|speed]``
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pyrudof
import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

sys.path.insert(0, str(Path(__file__).parent))
from shacl_outcomes import Outcome, n_triples, read_report, rudof_engine, with_pyshacl, with_rudof
from validation_bench import Case, content_store, data_graph, real_communes
from validation_data import turtle_description

from coopgraph import formats
from coopgraph.store import Store
from coopgraph.validation import Upload, load_shapes
from coopgraph.validation.rules import split_shapes

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT.parent / "shared" / "conformance" / "shacl" / "data-shapes-test-suite" / "tests"
BROKEN = ROOT / "tests" / "data" / "submissions" / "broken"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
ILL_FORMED = {
    "date": ("2016-02-30", "2016-13-45", "x"), "dateTime": ("2016-02-30T09:00:00", "x"),
    "gYear": ("20x6",), "gYearMonth": ("2016-13",), "integer": ("12a",),
    "nonNegativeInteger": ("-1",), "decimal": ("1,5",), "double": ("1,5e3",),
    "boolean": ("yes",),
}  # fmt: skip
"""Ill-formed lexical forms of datatypes our shapes and OWL-Time name (issue 14, point 3)."""
VERDICTS = {(False, False): "both", (False, True): "only pyshacl", (True, False): "only pyrudof"}
"""What (pyshacl fails, pyrudof fails) makes of a test; else "neither"."""
T = TypeVar("T")


def table(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print a Markdown table under a heading."""
    print(f"\n## {title}\n\n| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell).replace("\n", " ") for cell in row) + " |")


@dataclass(frozen=True)
class SuiteTest:
    """One sht:Validate test: its name, data and shapes files, expected outcome."""

    name: str
    data: Path
    shapes: Path
    expected: Outcome


def suite_tests(manifest: Path) -> Iterator[SuiteTest]:
    """The tests of a manifest and of the manifests it includes, in order."""
    graph = Graph().parse(manifest, format="turtle")
    for included in graph.objects(None, URIRef(MF + "include")):
        yield from suite_tests(Path(str(included).removeprefix("file://")))
    for entries in graph.objects(None, URIRef(MF + "entries")):
        for test in Collection(graph, entries):
            action = graph.value(test, URIRef(MF + "action"))
            files = [graph.value(action, URIRef(SHT + k)) for k in ("dataGraph", "shapesGraph")]
            data, shapes = (Path(str(f).removeprefix("file://")) for f in files)
            expected = read_report(graph, graph.value(test, URIRef(MF + "result")))
            yield SuiteTest(str(test).rsplit("/tests/", 1)[-1], data, shapes, expected)


def why(outcome: Outcome, expected: Outcome) -> str:
    """Why an outcome is not the expected one, in a line; '' when it is."""
    if outcome.error:
        return outcome.error[:160]
    missing, extra = expected.keys - outcome.keys, outcome.keys - expected.keys
    parts = [f"conforms {outcome.conforms}"] if outcome.conforms != expected.conforms else []
    parts += [f"missing {len(missing)}: {min(missing)}"] if missing else []
    return "; ".join(parts + ([f"extra {len(extra)}: {min(extra)}"] if extra else []))


def suite_table(root: Path) -> None:
    """Table 1: both engines on the W3C core tests, and each failure."""
    counts: collections.Counter[str] = collections.Counter()
    failures, expected_results, same_counts = [], 0, 0
    for test in suite_tests(root / "core" / "manifest.ttl"):
        mine = with_pyshacl(Graph().parse(test.data), Graph().parse(test.shapes))
        data, shapes = (path.read_text("utf-8") for path in (test.data, test.shapes))
        theirs = with_rudof(data, pyrudof.RDFFormat.Turtle, shapes, test.data.as_uri())
        fails = {"pyshacl": why(mine, test.expected), "pyrudof": why(theirs, test.expected)}
        failures += [(test.name, engine, text) for engine, text in fails.items() if text]
        counts[VERDICTS.get((bool(fails["pyshacl"]), bool(fails["pyrudof"])), "neither")] += 1
        expected_results += test.expected.count
        same_counts += theirs.count == test.expected.count
    columns = ["both", "only pyshacl", "only pyrudof", "neither"]
    title = (f"W3C SHACL core tests: {sum(counts.values())}, {expected_results} expected results;"
             f" pyrudof gives as many results as expected in {same_counts}")  # fmt: skip
    table(title, columns, [[counts[c] for c in columns]])
    table("Failures", ["test", "engine", "why it fails"], failures)


def datatype_probe() -> None:
    """Which ill-formed literals each engine reports under sh:datatype (SHACL 4.1.1)."""
    rows = []
    for name, forms in ILL_FORMED.items():
        data = "".join(f'<http://ex/a{i}> <http://ex/p> "{f}"^^<{XSD[name]}> .\n'
                       for i, f in enumerate(forms))  # fmt: skip
        shapes = (f"<http://ex/S> <{SH.targetSubjectsOf}> <http://ex/p> ; <{SH.path}> "
                  f"<http://ex/p> ; <{SH.datatype}> <{XSD[name]}> .")  # fmt: skip
        mine = with_pyshacl(Graph().parse(data=data, format="nt"), Graph().parse(data=shapes))
        theirs = with_rudof(data, pyrudof.RDFFormat.NTriples, shapes)
        rows.append((f"xsd:{name}", ", ".join(forms), mine.count, theirs.count))
    header = ["datatype", "ill-formed", "pyshacl reports", "pyrudof reports"]
    table("sh:datatype on ill-formed literals", header, rows)


MESSAGE_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S sh:targetNode ex:a ;
  sh:property [ sh:path ex:p ; sh:datatype xsd:integer ] , [ sh:path ex:p ; sh:disjoint ex:q ] ,
    [ sh:path ex:p ; sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:decimal ] ) ] ,
    [ sh:path ex:p ; sh:not [ sh:datatype xsd:string ] ] ."""
"""Four property shapes that ``ex:a`` fails, each given French and English messages."""


def message_probe() -> None:
    """The messages each engine gives, per constraint component, for the same failures."""
    messages = ' ; sh:message "valeur refusée"@fr , "value refused"@en ]'
    shapes = MESSAGE_SHAPES.replace(" ] ,", messages + " ,").replace(" ] .", messages + " .")
    data = '<http://ex/a> <http://ex/p> "x" .\n<http://ex/a> <http://ex/q> "x" .\n'
    mine = with_pyshacl(Graph().parse(data=data, format="nt"), Graph().parse(data=shapes))
    theirs = with_rudof(data, pyrudof.RDFFormat.NTriples, shapes)
    rows = [
        [key[3].rsplit("#", 1)[-1].removesuffix("ConstraintComponent>")]
        + [" ; ".join(sorted(o.messages.get(key, ["-"]))) for o in (mine, theirs)]
        for key in sorted(mine.keys | theirs.keys, key=lambda k: k[3])
    ]
    table("Messages (shapes with sh:message @fr, @en)", ["component", "pyshacl", "pyrudof"], rows)


def our_cases(store: Store) -> list[Case]:
    """The seeded descriptions (10k, 100k triples) and the broken submissions of the tests."""
    codes = real_communes(store)
    seeded = [(f"Turtle {n // 1000}k", turtle_description(n, codes)) for n in (10_000, 100_000)]
    broken = [(f"broken/{p.name}", p.read_bytes()) for p in sorted(BROKEN.glob("*.ttl"))]
    return [Case(name, Upload(text, formats.TURTLE, "t.ttl"), 0) for name, text in seeded + broken]


def ours_table(cases: list[Case], store: Store, shapes: Graph) -> dict[str, Graph]:
    """Table 2: the two engines on our shapes and data graphs; returns the data graphs."""
    written, graphs = shapes.serialize(format="turtle"), {}
    rows: list[Sequence[object]] = []
    for case in cases:
        graph = graphs[case.name] = data_graph(case, store)
        mine = with_pyshacl(graph, shapes)
        theirs = with_rudof(n_triples(graph), pyrudof.RDFFormat.NTriples, written)
        both = mine.keys & theirs.keys
        same = sum(1 for k in both if mine.messages[k] == theirs.messages[k])
        within = sum(1 for k in both if mine.messages[k] <= theirs.messages[k])
        rows.append((f"{case.name} {theirs.error}".strip(), f"{len(graph):,}",
                     f"{mine.count} / {theirs.count}", f"{mine.conforms} / {theirs.conforms}",
                     len(mine.keys - theirs.keys), len(theirs.keys - mine.keys),
                     f"{same} / {len(both)}", f"{within} / {len(both)}"))  # fmt: skip
        for key in sorted(mine.keys ^ theirs.keys)[:6]:
            side = "pyshacl" if key in mine.keys else "pyrudof"
            rows.append(("", f"only {side}: {' '.join(key)}", "", "", "", "", "", ""))
    header = ["data", "triples", "results pyshacl / pyrudof", "conforms", "only pyshacl",
              "only pyrudof", "same messages", "pyshacl's messages among pyrudof's"]  # fmt: skip
    table("Our shapes (SHACL Core part)", header, rows)
    return graphs


def api_sample(graph: Graph, shapes: Graph) -> None:
    """What pyrudof's Python API gives per result, and whether blank nodes keep their label."""
    engine = rudof_engine(n_triples(graph), pyrudof.RDFFormat.NTriples, shapes.serialize())
    entries = list(engine.validate_shacl())
    print(f"\n## pyrudof's API (ShaclValidationEntry): {len(entries)} results, the first 2\n")
    fields = ("focus_node", "path", "value", "constraint_component", "source_shape",
              "severity", "message")  # fmt: skip
    for entry in entries[:2]:
        print("- " + "; ".join(f"{name}={getattr(entry, name)!r}" for name in fields))
    labels = {f"_:{term}" for triple in graph for term in triple if isinstance(term, BNode)}
    blank = [e.focus_node for e in entries if e.focus_node.startswith("_:")]
    nt = pyrudof.ResultShaclValidationFormat.NTriples
    report = Graph().parse(data=engine.serialize_shacl_validation_results(nt), format="nt")
    named = [f for f in report.objects(None, SH.focusNode) if f"_:{f}" in labels]
    print(f"\nBlank focus nodes: {len(blank)}; their label in the data graph kept by the API: "
          f"{sum(1 for f in blank if f in labels)}, by the report graph: {len(named)}")  # fmt: skip


def timed(step: Callable[[], T]) -> tuple[float, float, T]:
    """(wall seconds, CPU seconds of the process, value) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = step()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def rudof_steps(graph: Graph, shapes: str) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds of each step of one pyrudof validation of ``graph``."""
    wall, cpu, written = timed(lambda: n_triples(graph))
    steps = {"write N-Triples (rdflib)": (wall, cpu)}
    wall, cpu, engine = timed(lambda: rudof_engine(written, pyrudof.RDFFormat.NTriples, shapes))
    steps["read data and shapes"] = (wall, cpu)
    steps["validate"] = timed(engine.validate_shacl)[:2]
    nt = pyrudof.ResultShaclValidationFormat.NTriples
    steps["report graph (write, rdflib read)"] = timed(
        lambda: Graph().parse(data=engine.serialize_shacl_validation_results(nt), format="nt")
    )[:2]
    return steps


def speed_table(graph: Graph, shapes: Graph, runs: int) -> None:
    """Table 3: pyshacl and pyrudof on one data graph, taking turns; medians of ``runs``."""
    written = shapes.serialize(format="turtle")
    rows: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
    for run in range(runs):
        wall, cpu, _ = timed(lambda: with_pyshacl(graph, shapes))
        rows["pyshacl (copy, validate, report graph)"].append((wall, cpu))
        steps = rudof_steps(graph, written)
        for name, step in steps.items():
            rows[f"pyrudof: {name}"].append(step)
        total = (sum(w for w, _ in steps.values()), sum(c for _, c in steps.values()))
        rows["pyrudof: total"].append(total)
        print(f"  run {run + 1}: pyshacl {wall:.2f} s, pyrudof {total[0]:.2f} s",
              file=sys.stderr, flush=True)  # fmt: skip
    title = f"Time on {len(graph):,} triples (median of {runs}, load {_load()})"
    table(title, ["step", "wall s", "CPU s", "wall s of each run"], [
        (name, f"{statistics.median(w for w, _ in figures):.2f}",
         f"{statistics.median(c for _, c in figures):.2f}",
         ", ".join(f"{w:.2f}" for w, _ in figures))
        for name, figures in rows.items()
    ])  # fmt: skip


def _load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--suite", type=Path, default=SUITE)
    parser.add_argument("--skip", choices=("suite", "ours", "speed"), action="append", default=[])
    arguments = parser.parse_args()
    skip = set(arguments.skip)
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, pyshacl {pyshacl.__version__}, pyrudof "
          f"{pyrudof.Rudof(pyrudof.RudofConfig()).get_version()}; load {_load()}")  # fmt: skip
    if "suite" not in skip:
        suite_table(arguments.suite)
        datatype_probe()
        message_probe()
    if {"ours", "speed"} <= skip:
        return
    store = content_store()
    shapes = split_shapes(load_shapes(ROOT / "shapes").graph).core
    cases = our_cases(store)
    graphs = ours_table(cases, store, shapes) if "ours" not in skip else {}
    if graphs:
        api_sample(graphs[cases[3].name], shapes)
    if "speed" not in skip:
        big = graphs.get(cases[1].name) or data_graph(cases[1], store)
        speed_table(big, shapes, arguments.runs)
    print(f"\nload at the end: {_load()}")


if __name__ == "__main__":
    main()
