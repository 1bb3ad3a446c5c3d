"""What reasoning computes without the OWL 2 RL engine: the closure of a large source.

A source past ``LARGE_SOURCE`` triples (the official geography) is not given to the engine:
the superclasses of its types and the transitive closure of ``cg:isPartOf`` (a part of a part
is a part) are computed here, by SPARQL on the store, without reading the source into memory.
Full OWL 2 RL by reasonable was measured there and not kept (bench/RESULTS.md, "Reasoning
engine"): on the geography (265,116 triples) it took 2.6 times this closure in one run (140 s
against 54 s on a machine at load 13; on a quiet one 18 s against 3.6 s), with 810,000
triples to hand back and filter: alone, nearly the first start's whole budget (three times
pyoxigraph's bulk load of all the content, 6.2 s quiet: 18.6 s).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from coopgraph.iris import TERM_BASE
from coopgraph.sparql_text import term_text
from coopgraph.store import Store

LARGE_SOURCE = 50_000
"""Triples past which a source gets the hierarchy closure only, not the engine (see module)."""
IS_PART_OF = URIRef(TERM_BASE + "isPartOf")
"""cg:isPartOf, transitive: a part of a part is a part."""


def hierarchy_closure(store: Store, source_graph: str, ontology: Graph) -> bytes:
    """For a large source: the superclasses of its types, and the transitive closure of
    cg:isPartOf (a part of a part is a part), as N-Triples, computed without the engine and
    without reading the source into memory."""
    name = term_text(URIRef(source_graph))
    pairs = [
        (kind, parent) for kind, parents in _superclasses(ontology).items() for parent in parents
    ]
    lines: list[str] = []
    if pairs:
        values = " ".join(f"({kind.n3()} {parent.n3()})" for kind, parent in pairs)
        query = (
            f"SELECT DISTINCT ?s ?super WHERE {{ VALUES (?type ?super) {{ {values} }} "
            f"GRAPH {name} {{ ?s a ?type }} "
            f"FILTER NOT EXISTS {{ GRAPH {name} {{ ?s a ?super }} }} }}"
        )
        lines += [
            f"{row['s'].n3()} {RDF.type.n3()} {row['super'].n3()} ." for row in store.select(query)
        ]
    edges = store.select(
        f"SELECT ?part ?whole WHERE {{ GRAPH {name} {{ ?part {IS_PART_OF.n3()} ?whole }} }}"
    )
    direct = {(row["part"], row["whole"]) for row in edges}
    lines += [
        f"{part.n3()} {IS_PART_OF.n3()} {whole.n3()} ."
        for part, whole in part_of_closure(direct)
        if (part, whole) not in direct
    ]
    return "\n".join([*lines, ""]).encode()


def _superclasses(ontology: Graph) -> dict[Node, set[Node]]:
    direct: dict[Node, set[Node]] = {}
    for child, parent in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            direct.setdefault(child, set()).add(parent)
    return {kind: _reachable(kind, direct) - {kind} for kind in direct}


def part_of_closure(edges: Iterable[tuple[Node, Node]]) -> set[tuple[Node, Node]]:
    """Every (part, whole) pair reachable through the edges.

    >>> sorted(part_of_closure([("commune", "epci"), ("epci", "department"),
    ...                         ("department", "region")]))[:3]
    [('commune', 'department'), ('commune', 'epci'), ('commune', 'region')]
    """
    direct: dict[Node, set[Node]] = {}
    for part, whole in edges:
        direct.setdefault(part, set()).add(whole)
    return {(part, whole) for part in direct for whole in _reachable(part, direct) if whole != part}


def _reachable(start: Node, direct: dict[Node, set[Node]]) -> set[Node]:
    seen: set[Node] = set()
    pending = list(direct.get(start, ()))
    while pending:
        node = pending.pop()
        if node not in seen:
            seen.add(node)
            pending.extend(direct.get(node, ()))
    return seen
