"""The fast engine against owlrl on every seed and example file (issue 18, point 2).

Each file is reasoned with the ontology's axioms and the types the other files (and the
submission tests' sample geography) hold about what it names: by ``reasoning.derivation``
(reasonable and the rules it lacks) and by owlrl, whose entailments are filtered as
materialising filters them (``engine.is_axiomatic``, the resources the file describes or
points to). Prints, per file, the triples derived by each, whether they are equal, and the
time each took.

Run: ``python bench/reasoning_compare.py``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node
from support.owl_reference import entailments, owlrl_closure
from support.steward_content import ROOT, STEWARD, steward_store

from coopgraph import iris
from coopgraph.reasoning import derivation, forget_reuse
from coopgraph.reasoning.schema import current

Triple = tuple[Node, Node, Node]


def main() -> None:
    """Compare the engines on each file and print a Markdown table."""
    store = steward_store()
    schema = current(store).graph
    files = sorted((ROOT / "data").glob("*/*.ttl"))
    types: set[Triple] = set()
    for path in [*files, STEWARD / "geography-sample.nt"]:
        types.update(Graph().parse(path).triples((None, RDF.type, None)))
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("| file | triples | derived | owlrl | equal | engine ms | owlrl ms |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for path in files:
        source = Graph().parse(path)
        named = {node for triple in source for node in triple}
        context = Graph()
        for triple in types:
            if triple[0] in named and triple not in source:
                context.add(triple)
        forget_reuse(store)
        started = time.perf_counter()
        data, _found = derivation(store, iris.DATA_GRAPH_BASE + path.stem, source, context)
        engine = time.perf_counter() - started
        written = set(Graph().parse(data=data, format="nt"))
        described = {s for s, _, _ in source} | {o for _, p, o in source if p != RDF.type}
        described |= {s for s, _, _ in context}
        started = time.perf_counter()
        closure = owlrl_closure([source, schema, context])
        reference = time.perf_counter() - started
        expected = {
            t for t in entailments(closure, [*source, *schema, *context]) if t[0] in described
        }
        name = f"{path.parent.name}/{path.stem}"
        counts = f"{len(source)} | {len(written)} | {len(expected)}"
        times = f"{engine * 1000:.0f} | {reference * 1000:.0f}"
        print(f"| {name} | {counts} | {written == expected} | {times} |")


if __name__ == "__main__":
    main()
