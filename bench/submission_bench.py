"""What publishing a description costs against validating it (issue 18's target: 1.2x).

On a store holding the ontology and the submission tests' sample geography, each round takes
the Loos-en-Gohelle steward description (tests/data/submissions/steward/) with one new action
of its own, so that no round reuses the derivations of the one before (a new description, not a
resubmission), and times:

- validate: parse the upload, then ``validate`` it against the store and the shapes;
- submit: the whole workflow, ``submit`` (parse, ownership, validation, what reasoning would
  derive, the publication, its inferred graph);
- of which the ownership check of what reasoning derives (``check_derived``) and the
  publication's inferred graph;
- the CPU time of validate and submit (``time.process_time``), steadier on a busy machine.

Then the inference of a 1,000-triple submission (issue 18's target: under 50 ms): the
description with as many more actions as make 1,000 triples, given to
``reasoning.derivation`` (its context read from the store, the OWL 2 RL closure with the
ontology, what it derives and its inconsistencies), reuse forgotten each time; of which the
engine's closure alone, given the submission and the schema's axioms as ``derivation`` gives
them (``reasoning.input.unread_left_out``, ``reasoning.schema.axioms_for``); and owlrl's
closure of the same input, for comparison.
Wall-clock and CPU time (``time.process_time``: what a busy machine inflates less).

Run: ``python bench/submission_bench.py [--rounds N]``; it prints a Markdown table, the median
of each, the ratio submit / validate, and the inference figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from rdflib import Graph
from support.owl_reference import owlrl_closure
from support.steward_content import LOOS, ROOT, many_described_actions, steward_file, steward_store

from coopgraph import iris
from coopgraph.access.identity import Identity
from coopgraph.reasoning import derivation, forget_reuse
from coopgraph.reasoning.engine import owl_rl_closure
from coopgraph.reasoning.input import unread_left_out
from coopgraph.reasoning.schema import axioms_for, current
from coopgraph.reasoning.triples import Triple
from coopgraph.submissions import ownership
from coopgraph.submissions import workflow as workflow_module
from coopgraph.submissions.versions import Archive
from coopgraph.submissions.workflow import Workspace, submit
from coopgraph.validation.shacl import validate
from coopgraph.validation.shapes import load_shapes
from coopgraph.validation.uploads import Upload, read_submission

STEWARD = Identity("alice", (LOOS,))
_ACTION = """
<https://w3id.org/coopgraph/id/action/bench-{n}> a <https://w3id.org/coopgraph/def/Action> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Action {n}"@fr , "Action {n}"@en ;
    <https://w3id.org/coopgraph/def/carriedBy>
        <https://w3id.org/coopgraph/id/organisation/test-loos-town-hall> ;
    <http://www.w3.org/ns/prov#atLocation> <{loos}> .
"""


def description(round_number: int) -> bytes:
    """The steward's description of Loos-en-Gohelle with one action of its own."""
    return steward_file("loos-en-gohelle.ttl") + _ACTION.format(n=round_number, loos=LOOS).encode()


@contextmanager
def timed(name: str, module: Any, spent: dict[str, float]) -> Iterator[None]:
    """Add the time ``module.name`` takes, while inside, to ``spent[name]``."""
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def one_round(space: Workspace, number: int) -> dict[str, float]:
    """Validate then submit one new description; the seconds of each step."""
    data = description(number)
    upload = Upload(data, "text/turtle", "loos.ttl")
    started, cpu = time.perf_counter(), time.process_time()
    submission = read_submission([upload], space.limit)
    report = validate(submission.graph, space.store, space.shapes, submission.locations)
    spent = {"validate": time.perf_counter() - started, "validate CPU": time.process_time() - cpu}
    assert report.conforms, report
    with timed("check_derived", ownership, spent), timed("_reason", workflow_module, spent):
        started, cpu = time.perf_counter(), time.process_time()
        outcome = submit(space, STEWARD, LOOS, [upload])
        spent["submit"] = time.perf_counter() - started
        spent["submit CPU"] = time.process_time() - cpu
    assert outcome.version is not None
    return spent


def thousand_triples() -> Graph:
    """The steward's description with as many more actions as make at least 1,000 triples."""
    count = 0
    while True:
        graph = Graph().parse(data=many_described_actions(count), format="turtle")
        if len(graph) >= 1_000:
            return graph
        count += 5


def clocked(work: Callable[[], object], rounds: int) -> tuple[float, float]:
    """The median wall-clock and CPU milliseconds of ``work`` over ``rounds`` runs."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def inference(store: Any, rounds: int) -> None:
    """Print the inference figures of a 1,000-triple submission."""
    graph = iris.SUBMISSION_GRAPH_BASE + "commune/62528"
    submission = thousand_triples()
    schema = current(store)

    def read_by_engine(graph: Graph) -> list[Triple]:
        return unread_left_out(list(graph), schema.named, [], schema.every_node_read)

    def derive() -> None:
        forget_reuse(store)
        derivation(store, graph, submission)

    derive()  # warm
    figures = {
        "derivation (context, closure, derived, inconsistencies)": clocked(derive, rounds),
        "of which the engine's closure (what it reads of the submission and the schema)": clocked(
            lambda: owl_rl_closure([read_by_engine(submission), axioms_for(schema, submission)]),
            rounds,
        ),
        "owlrl's closure of the same (before)": clocked(
            lambda: owlrl_closure([submission, schema.graph]), max(1, rounds // 3)
        ),
    }
    print(f"\ninference of a {len(submission)}-triple submission (target: under 50 ms)")
    print("| step | wall ms | CPU ms |\n|---|---:|---:|")
    for name, (wall, cpu) in figures.items():
        print(f"| {name} | {wall:.0f} | {cpu:.0f} |")


def main() -> None:
    """Measure the rounds and print a table, the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    arguments = parser.parse_args()
    store = steward_store()
    shapes = load_shapes(ROOT / "shapes")
    with tempfile.TemporaryDirectory() as folder:
        space = Workspace(store, Archive(Path(folder) / "versions"), shapes, 1_000_000)
        one_round(space, 0)  # warm: the ontology parsed and copied, the shapes compiled
        rounds = [one_round(space, n) for n in range(1, arguments.rounds + 1)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    steps = ("validate", "submit", "check_derived", "_reason", "validate CPU", "submit CPU")
    print("| round | " + " | ".join(f"{step} ms" for step in steps) + " | ratio |")
    print("|---:|" + "---:|" * (len(steps) + 1))
    for number, spent in enumerate(rounds, 1):
        cells = " | ".join(f"{spent.get(step, 0) * 1000:.0f}" for step in steps)
        print(f"| {number} | {cells} | {spent['submit'] / spent['validate']:.2f}x |")
    medians = {step: statistics.median(r.get(step, 0) for r in rounds) for step in steps}
    cells = " | ".join(f"{medians[step] * 1000:.0f}" for step in steps)
    ratio = medians["submit"] / medians["validate"]
    print(f"| median | {cells} | {ratio:.2f}x |")
    by_cpu = medians["submit CPU"] / medians["validate CPU"]
    print(f"submit / validate: {ratio:.2f}x wall, {by_cpu:.2f}x CPU (issue 18's target: 1.2x)")
    inference(store, arguments.rounds)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
