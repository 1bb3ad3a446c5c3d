"""What reasoning computes without owlrl: the closure of a large source, and inconsistencies.

A source past ``LARGE_SOURCE`` triples (the official geography) is not given to owlrl, which
would take minutes: the superclasses of its types and the transitive closure of
``cg:isPartOf`` (a part of a part is a part) are computed here, by SPARQL on the store, without
reading the source into memory. The inconsistencies of an OWL RL closure (individuals in two
disjoint classes, members of owl:Nothing, owlrl's own error findings) are read here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from coopgraph.iris import TERM_BASE
from coopgraph.sparql_text import term_text
from coopgraph.store import Store

LARGE_SOURCE = 50_000
"""Triples past which a source gets the hierarchy closure only, not owlrl (see module)."""
IS_PART_OF = URIRef(TERM_BASE + "isPartOf")
"""cg:isPartOf, transitive: a part of a part is a part."""
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
"""The predicate owlrl gives the errors it finds (its own vocabulary, not OWL's)."""

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Inconsistency:
    """What the OWL RL rules found contradictory, with the triples involved."""

    message: str
    triples: tuple[Triple, ...] = ()


def inconsistencies(closure: Graph, ontology: Graph) -> tuple[Inconsistency, ...]:
    """Individuals in two disjoint classes, members of owl:Nothing, and owlrl's other
    findings, each with the type triples involved."""
    found = []
    for first, second in ontology.subject_objects(OWL.disjointWith):
        for individual in set(closure.subjects(RDF.type, first)):
            if (individual, RDF.type, second) in closure:
                triples = ((individual, RDF.type, first), (individual, RDF.type, second))
                found.append(
                    Inconsistency(
                        f"{individual} is both a {first} and a {second}, which are disjoint",
                        triples,
                    )
                )
    for individual in set(closure.subjects(RDF.type, OWL.Nothing)):
        types = tuple((individual, RDF.type, t) for t in closure.objects(individual, RDF.type))
        found.append(Inconsistency(f"{individual} is a member of owl:Nothing", types))
    found += [
        Inconsistency(str(message))
        for message in closure.objects(None, OWLRL_ERROR)
        if "disjoint" not in str(message).lower()
    ]
    return tuple(found)


def hierarchy_closure(store: Store, source_graph: str, ontology: Graph) -> bytes:
    """For a large source: the superclasses of its types, and the transitive closure of
    cg:isPartOf (a part of a part is a part), as N-Triples, computed without owlrl and
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
