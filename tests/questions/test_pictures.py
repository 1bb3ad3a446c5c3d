"""Pictures: a drawing laid out by Graphviz into SVG, labelled, coloured, refused when huge."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from coopgraph.errors import TooLarge
from coopgraph.questions.findings import Drawing, Edge, Node
from coopgraph.questions.pictures import MAX_NODES, drawing_legend, drawing_svg

ACTION = URIRef("https://w3id.org/coopgraph/id/action/a")
JOBS = URIRef("https://w3id.org/coopgraph/id/effect/jobs")
LAND = URIRef("https://w3id.org/coopgraph/id/effect/land")
ECONOMIC = URIRef("https://w3id.org/coopgraph/ref/effect-dimension/economic")
ECOLOGICAL = URIRef("https://w3id.org/coopgraph/ref/effect-dimension/ecological")
DRAWING = Drawing(
    (Node(ACTION, shape="box"), Node(JOBS, ECONOMIC), Node(LAND, ECOLOGICAL)),
    (Edge(ACTION, JOBS), Edge(JOBS, LAND, negative=True), Edge(LAND, JOBS)),
)
LABELS: dict[Identifier, Literal] = {
    JOBS: Literal("Emplois <locaux> & co", lang="fr"),
    ECONOMIC: Literal("économique"),
}


def test_svg_is_well_formed_with_labels_escaped() -> None:
    picture = drawing_svg(DRAWING, LABELS).decode("utf-8")
    ET.fromstring(picture)
    assert "Emplois &lt;locaux&gt; &amp; co" in picture
    assert "land" in picture  # no label: the IRI's last segment
    assert 'stroke-dasharray="5,2"' in picture  # the negative step


def test_nodes_link_to_their_iris_http_only() -> None:
    odd = URIRef("javascript:alert(1)")
    picture = drawing_svg(Drawing((Node(odd), Node(JOBS)), (Edge(odd, JOBS),)), {}).decode()
    assert 'href="https://w3id.org/coopgraph/id/effect/jobs"' in picture
    assert 'href="javascript:' not in picture


def test_an_undirected_network_is_drawn() -> None:
    network = Drawing((Node(JOBS), Node(LAND)), (Edge(JOBS, LAND, label=ECONOMIC),), False)
    picture = drawing_svg(network, LABELS).decode()
    assert "économique" in picture


def test_legend_names_each_group() -> None:
    assert [name for _, name in drawing_legend(DRAWING, LABELS)] == ["ecological", "économique"]


def test_too_many_nodes_are_refused() -> None:
    nodes = tuple(Node(URIRef(f"http://example.org/{n}")) for n in range(MAX_NODES + 1))
    with pytest.raises(TooLarge, match=f"{MAX_NODES + 1} nodes"):
        drawing_svg(Drawing(nodes, ()), {})
