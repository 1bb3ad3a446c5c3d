"""What a stored query found: records to page through, a summary, a graph, a drawing.

A plain query's findings are its rows; an analysis (questions.analyses) turns rows into richer
findings. Either way the same serialisers (questions.renderings) write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from rdflib import Graph
from rdflib.term import Identifier

from coopgraph.store import Table

Cell = Identifier | tuple[Identifier, ...]
"""One value of a record: a term, or a sequence of terms (a path)."""
Record = dict[str, Cell]
"""One record of findings: a cell by column."""


@dataclass(frozen=True)
class Node:
    """A node of a drawing; ``group`` (e.g. a dimension) picks its colour."""

    term: Identifier
    group: Identifier | None = None
    shape: Literal["box", "ellipse"] = "ellipse"


@dataclass(frozen=True)
class Edge:
    """An edge of a drawing, with an optional label term; ``negative`` draws it dashed."""

    source: Identifier
    target: Identifier
    label: Identifier | None = None
    negative: bool = False


@dataclass(frozen=True)
class Drawing:
    """Nodes and edges to draw (questions.pictures draws them)."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    directed: bool = True


@dataclass
class Findings:
    """What a stored query found: records (paged), a summary (not paged), maybe more."""

    columns: tuple[str, ...]
    records: list[Record]
    summary: dict[str, Any] = field(default_factory=dict)
    graph: Graph | None = None
    drawing: Drawing | None = None
    truncated: bool = False


def plain(table: Table, truncated: bool = False) -> Findings:
    """Findings that are just a query's rows."""
    records: list[Record] = [dict(row) for row in table]
    return Findings(table.variables, records, truncated=truncated)


def from_graph(graph: Graph, truncated: bool = False) -> Findings:
    """Findings of a CONSTRUCT or DESCRIBE: its triples, one record each, and the graph."""
    records: list[Record] = [
        {"subject": s, "predicate": p, "object": o}
        for s, p, o in sorted(graph.triples((None, None, None)))
        if isinstance(s, Identifier) and isinstance(p, Identifier) and isinstance(o, Identifier)
    ]
    return Findings(("subject", "predicate", "object"), records, graph=graph, truncated=truncated)
