"""What a stored query found: records to page through, a summary, a graph, a drawing.

A plain query's findings are its rows; an analysis (coopgraph.analysis) turns rows into richer
findings. Either way the same serialisers (coopgraph.renderings) write them.

>>> table = parse_results(b'{"head": {"vars": ["s"]}, "results": {"bindings": '
...     b'[{"s": {"type": "uri", "value": "http://ex/a"}}]}}')
>>> table.variables, table.rows
(('s',), [{'s': rdflib.term.URIRef('http://ex/a')}])
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Identifier

from coopgraph.errors import QueryFailed
from coopgraph.store.base import Table

Cell = Identifier | tuple[Identifier, ...]
"""One value of a record: a term, or a sequence of terms (a path)."""
Record = dict[str, Cell]


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
    """Nodes and edges to draw (coopgraph.pictures draws them)."""

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


def _term(binding: dict[str, str]) -> Identifier:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return RdfLiteral(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    return RdfLiteral(value, datatype=URIRef(datatype) if datatype else None)


def parse_results(body: bytes) -> Table:
    """A Table from SPARQL JSON results (the form the query workers answer in)."""
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise QueryFailed(f"the engine's answer is not SPARQL JSON: {exc}") from exc
    if "boolean" in document:
        return Table(("result",), [{"result": RdfLiteral(bool(document["boolean"]))}])
    rows = [
        {name: _term(cell) for name, cell in binding.items()}
        for binding in document["results"]["bindings"]
    ]
    return Table(tuple(document["head"]["vars"]), rows)


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
