"""Systemic effects of an action: what SPARQL fetches as edges, walked in Python.

The stored query (queries/action-effects.rq) answers one row per causal edge reachable from
the action: ``?effect`` (or ``?consequence``) and its ``?cause``, an effect; on a row with no
cause (``?direct`` true) the cause is the action. Rows also carry the effect's ``?dimension``
and ``?polarity``, and optionally the step's ``?linkPolarity``.
:func:`effects` finds, from the ``action`` parameter and up to ``depth`` steps (6 by default):
every effect reached with its shortest causal path, its depth and dimension; the feedback
loops among the effects reached; the dimensions crossed; and the trade-offs (a positive effect
in one dimension and a negative one in another).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

import networkx as nx
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Identifier

from coopgraph.iris import CONCEPT_BASE, TERM_BASE
from coopgraph.questions.findings import Drawing, Edge, Findings, Node, Record
from coopgraph.questions.parameters import Values
from coopgraph.store import Row, Table

CG = TERM_BASE
"""The ontology's namespace, for the graph of the findings."""
POSITIVE = URIRef(CONCEPT_BASE + "polarity/positive")
"""The polarity of an effect that is a gain."""
NEGATIVE = URIRef(CONCEPT_BASE + "polarity/negative")
"""The polarity of an effect that is a loss."""
DEFAULT_DEPTH = 6
"""How many causal steps are walked when the request does not say."""
MAX_LOOPS = 100
"""Most feedback loops reported (Johnson's algorithm finds them one at a time)."""
COLUMNS = ("effect", "dimension", "polarity", "depth", "path")
"""The columns of the effects' records."""


def _edge(row: Row, action: Identifier) -> tuple[Identifier, Identifier] | None:
    """(cause, consequence) of a row: a causal step, or a direct effect of the action."""
    consequence = row.get("consequence", row.get("effect"))
    cause = row.get("cause")
    if cause is None and str(row.get("direct", "true")) in ("true", "1"):
        cause = row.get("action", action)
    return None if cause is None or consequence is None else (cause, consequence)


def causal_graph(table: Table, action: Identifier) -> nx.DiGraph[Identifier]:
    """The edges of the rows as a directed graph; effects carry dimension and polarity."""
    graph: nx.DiGraph[Identifier] = nx.DiGraph()
    for row in table:
        edge = _edge(row, action)
        if edge is None:
            continue
        graph.add_edge(*edge, polarity=row.get("linkPolarity"))
        node = graph.nodes[edge[1]]
        for key in ("dimension", "polarity"):
            if row.get(key) is not None:
                node[key] = row[key]
    return graph


def reached(
    graph: nx.DiGraph[Identifier], action: Identifier, depth: int
) -> dict[Identifier, list[Any]]:
    """Each effect within ``depth`` steps of ``action``, with its shortest path from it."""
    if action not in graph:
        return {}
    paths = nx.single_source_shortest_path(graph, action, cutoff=depth)
    paths.pop(action)
    return dict(sorted(paths.items(), key=lambda item: (len(item[1]), str(item[0]))))


def loops(graph: nx.DiGraph[Identifier], effects: list[Identifier]) -> list[list[Identifier]]:
    """Feedback loops among ``effects``, each starting at its smallest IRI, sorted."""
    found = islice(nx.simple_cycles(graph.subgraph(effects)), MAX_LOOPS)
    rotated = []
    for cycle in found:
        start = cycle.index(min(cycle, key=str))
        rotated.append(cycle[start:] + cycle[:start])
    return sorted(rotated, key=lambda cycle: (len(cycle), [str(node) for node in cycle]))


def trade_offs(graph: nx.DiGraph[Identifier], effects: list[Identifier]) -> list[dict[str, Any]]:
    """Pairs of dimensions where one effect is positive and another negative."""
    by_polarity: dict[Identifier, dict[Identifier, list[Identifier]]] = {POSITIVE: {}, NEGATIVE: {}}
    for effect in effects:
        attributes = graph.nodes[effect]
        polarity = attributes.get("polarity")
        side = by_polarity.get(polarity) if polarity is not None else None
        if side is not None and attributes.get("dimension") is not None:
            side.setdefault(attributes["dimension"], []).append(effect)
    return [
        {"gain": gain, "loss": loss, "gains": tuple(winners), "losses": tuple(losers)}
        for gain, winners in sorted(by_polarity[POSITIVE].items())
        for loss, losers in sorted(by_polarity[NEGATIVE].items())
        if gain != loss
    ]


def _record(graph: nx.DiGraph[Identifier], effect: Identifier, path: list[Identifier]) -> Record:
    record: Record = {"effect": effect, "depth": Literal(len(path) - 1), "path": tuple(path)}
    for key in ("dimension", "polarity"):
        if graph.nodes[effect].get(key) is not None:
            record[key] = graph.nodes[effect][key]
    return record


def as_rdf(graph: nx.DiGraph[Identifier], action: Identifier, effects: list[Identifier]) -> Graph:
    """The reached part of the causal graph in the ontology's terms."""
    rdf = Graph()
    rdf.bind("cg", CG)
    rdf.add((action, RDF.type, URIRef(CG + "Action")))
    for cause, consequence in graph.subgraph([action, *effects]).edges:
        predicate = "hasEffect" if cause == action else "leadsTo"
        rdf.add((cause, URIRef(CG + predicate), consequence))
    for effect in effects:
        rdf.add((effect, RDF.type, URIRef(CG + "Effect")))
        for key in ("dimension", "polarity"):
            if graph.nodes[effect].get(key) is not None:
                rdf.add((effect, URIRef(CG + key), graph.nodes[effect][key]))
    return rdf


def drawing(
    graph: nx.DiGraph[Identifier], action: Identifier, effects: list[Identifier]
) -> Drawing:
    """The action (a box) and its effects coloured by dimension; negative steps dashed."""
    nodes = [Node(action, shape="box")]
    nodes += [Node(effect, graph.nodes[effect].get("dimension")) for effect in effects]
    edges = [
        Edge(cause, consequence, negative=attributes.get("polarity") == NEGATIVE)
        for cause, consequence, attributes in graph.subgraph([action, *effects]).edges(data=True)
    ]
    return Drawing(tuple(nodes), tuple(sorted(edges, key=lambda e: (str(e.source), str(e.target)))))


def effects(table: Table, values: Values) -> Findings:
    """Every effect of the ``action`` parameter up to ``depth``, its loops and trade-offs."""
    action = values["action"][0]
    depth = int(str(values.get("depth", (Literal(DEFAULT_DEPTH),))[0]))
    graph = causal_graph(table, action)
    paths = reached(graph, action, depth)
    found = list(paths)
    dimensions = sorted({graph.nodes[e].get("dimension") for e in found} - {None}, key=str)
    summary = {
        "action": action,
        "depth": depth,
        "dimensions": tuple(dimensions),
        "loops": [tuple(cycle) for cycle in loops(graph, found)],
        "tradeoffs": trade_offs(graph, found),
    }
    return Findings(
        COLUMNS,
        [_record(graph, effect, path) for effect, path in paths.items()],
        summary,
        graph=as_rdf(graph, action, found),
        drawing=drawing(graph, action, found),
    )
