"""questions.cooperation: the cooperation network, its bridging actors and its drawing."""

from __future__ import annotations

from rdflib import Literal, URIRef

from coopgraph.questions.cooperation import network
from coopgraph.store import Row, Table

ID = "https://w3id.org/coopgraph/id/actor/"


def actor(name: str) -> URIRef:
    """An actor IRI."""
    return URIRef(ID + name)


def cooperation(a: str, b: str, around: str | None = None) -> Row:
    """One row of the cooperation query."""
    row: Row = {"actor": actor(a), "partner": actor(b)}
    return row | ({"around": Literal(around)} if around else {})


TABLE = Table(
    ("actor", "partner", "around"),
    [
        cooperation("a", "b", "food"),
        cooperation("b", "c"),
        cooperation("c", "d"),
        cooperation("d", "b"),
        cooperation("e", "e"),  # an actor with itself is no cooperation
    ],
)


def test_bridging_actors_are_the_articulation_points() -> None:
    findings = network(TABLE, {})
    assert findings.summary == {"actors": 4, "bridging": (actor("b"),)}
    assert findings.records == TABLE.rows
    assert findings.columns == TABLE.variables


def test_the_drawing_is_undirected_with_bridges_as_boxes() -> None:
    drawing = network(TABLE, {}).drawing
    assert drawing is not None
    assert not drawing.directed
    assert {n.term: n.shape for n in drawing.nodes} == {
        actor("a"): "ellipse", actor("b"): "box", actor("c"): "ellipse", actor("d"): "ellipse",
    }  # fmt: skip
    edges = {(str(e.source)[-1], str(e.target)[-1]): e.label for e in drawing.edges}
    assert edges == {("a", "b"): Literal("food"), ("b", "c"): None, ("c", "d"): None,
                     ("b", "d"): None}  # fmt: skip
