"""Pictures of findings as SVG, drawn by Graphviz (with diagrams.py, for fixed DOT diagrams).

An action's causal graph and a territory's cooperation network come from their analyses as a
:class:`~coopgraph.questions.findings.Drawing`; this module lays it out with ``dot`` (or
``neato`` for an undirected network) and returns the SVG. The Debian package ``graphviz``
provides the programs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import graphviz
from rdflib import Literal
from rdflib.term import Identifier

from coopgraph.errors import StoreError, TooLarge
from coopgraph.questions.findings import Drawing

MAX_NODES = 400
"""Larger drawings are refused: Graphviz's layout time grows fast with the node count."""
PALETTE = ("#8fd19e", "#f6c26b", "#9ec5fe", "#f1a7b5", "#c5b3e6", "#b8e0e6", "#e6d3a3")
"""The fill colours of a drawing's groups, in order of the sorted groups."""
LABEL_WIDTH = 28
"""Labels longer than this many characters are wrapped on several lines (a wide picture is
scaled down in a page, its text with it)."""
_FONT = "Helvetica"


def _name(term: Identifier, labels: Mapping[Identifier, Literal]) -> str:
    label = labels.get(term)
    if label is not None:
        return str(label)
    text = str(term).rstrip("/")
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text


def _wrapped(text: str) -> str:
    """``text`` on lines of at most :data:`LABEL_WIDTH` characters, as Graphviz breaks lines
    (``\\n``); a backslash of the text is kept as such."""
    lines = textwrap.wrap(text.replace("\\", "\\\\"), LABEL_WIDTH, break_on_hyphens=False)
    return "\\n".join(lines) or text


def _colours(drawing: Drawing) -> dict[Identifier, str]:
    groups = sorted({n.group for n in drawing.nodes if n.group is not None}, key=str)
    return {group: PALETTE[index % len(PALETTE)] for index, group in enumerate(groups)}


def _link(term: Identifier) -> dict[str, str]:
    """A node links to its IRI, http(s) only: the SVG may be shown inline in a page."""
    return {"URL": str(term)} if str(term).startswith(("http://", "https://")) else {}


def _graph(drawing: Drawing) -> graphviz.Digraph | graphviz.Graph:
    attributes = {"fontname": _FONT, "rankdir": "LR", "overlap": "false", "splines": "true"}
    node = {"fontname": _FONT, "fontsize": "12", "style": "filled", "fillcolor": "#ffffff"}
    edge = {"fontname": _FONT, "fontsize": "10", "fontcolor": "#333333"}
    if drawing.directed:
        return graphviz.Digraph(engine="dot", graph_attr=attributes, node_attr=node, edge_attr=edge)
    return graphviz.Graph(engine="neato", graph_attr=attributes, node_attr=node, edge_attr=edge)


def drawing_legend(drawing: Drawing, labels: Mapping[Identifier, Literal]) -> list[tuple[str, str]]:
    """(colour, group name) of each group in the drawing."""
    return [(colour, _name(group, labels)) for group, colour in _colours(drawing).items()]


def drawing_svg(drawing: Drawing, labels: Mapping[Identifier, Literal]) -> bytes:
    """The drawing as SVG; node and edge labels from ``labels``, IRIs as links."""
    if len(drawing.nodes) > MAX_NODES:
        raise TooLarge(
            f"{len(drawing.nodes)} nodes are too many to draw (at most {MAX_NODES}); "
            "narrow the question, e.g. a smaller depth"
        )
    picture = _graph(drawing)
    colours = _colours(drawing)
    for index, node in enumerate(drawing.nodes):
        fill = colours.get(node.group, "#ffffff") if node.group is not None else "#eeeeee"
        picture.node(
            f"n{index}", _wrapped(_name(node.term, labels)), shape=node.shape, fillcolor=fill,
            tooltip=str(node.term), **_link(node.term),
        )  # fmt: skip
    numbers = {node.term: f"n{index}" for index, node in enumerate(drawing.nodes)}
    for edge in drawing.edges:
        if edge.source in numbers and edge.target in numbers:
            label = _wrapped(_name(edge.label, labels)) if edge.label is not None else ""
            style = "dashed" if edge.negative else "solid"
            picture.edge(numbers[edge.source], numbers[edge.target], label=label, style=style)
    try:
        drawn: bytes = picture.pipe(format="svg")
    except graphviz.ExecutableNotFound as exc:
        raise StoreError(
            "Graphviz is not installed: pictures need its `dot` program "
            "(Debian: apt-get install graphviz)"
        ) from exc
    return drawn
