"""A cooperation network: who cooperates with whom, and the actors that bridge its parts.

The stored query answers one row per cooperation: ``?actor`` and ``?partner``, optionally what
they cooperate ``?around``. :func:`network` keeps the rows as records and adds the bridging
actors: those whose removal would cut the network in more pieces (articulation points).
"""

from __future__ import annotations

import networkx as nx
from rdflib.term import Identifier

from coopgraph.questions.findings import Drawing, Edge, Findings, Node, Record
from coopgraph.questions.parameters import Values
from coopgraph.store import Table


def cooperation_graph(table: Table) -> nx.Graph[Identifier]:
    """The cooperations of the rows as an undirected graph."""
    graph: nx.Graph[Identifier] = nx.Graph()
    for row in table:
        if "actor" in row and "partner" in row and row["actor"] != row["partner"]:
            graph.add_edge(row["actor"], row["partner"], around=row.get("around"))
    return graph


def bridging_actors(graph: nx.Graph[Identifier]) -> tuple[Identifier, ...]:
    """Actors whose removal disconnects the network, sorted."""
    return tuple(sorted(nx.articulation_points(graph), key=str))


def drawing(graph: nx.Graph[Identifier], bridges: tuple[Identifier, ...]) -> Drawing:
    """Actors as ellipses (bridges as boxes), cooperations labelled with what they are around."""
    nodes = tuple(
        Node(actor, shape="box" if actor in bridges else "ellipse")
        for actor in sorted(graph.nodes, key=str)
    )
    edges = []
    for a, b, attributes in graph.edges(data=True):
        first, second = sorted((a, b), key=str)
        edges.append(Edge(first, second, label=attributes.get("around")))
    return Drawing(nodes, tuple(sorted(edges, key=lambda e: (str(e.source), str(e.target)))), False)


def network(table: Table, values: Values) -> Findings:
    """The rows, the bridging actors, and a drawing of the network."""
    graph = cooperation_graph(table)
    bridges = bridging_actors(graph)
    summary = {"actors": graph.number_of_nodes(), "bridging": bridges}
    records: list[Record] = [dict(row) for row in table]
    return Findings(table.variables, records, summary, drawing=drawing(graph, bridges))
