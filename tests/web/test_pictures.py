"""Pictures of stored queries: the terms a drawing shows, drawn with their labels."""

from __future__ import annotations

from rdflib import Literal, URIRef

from coopgraph.questions.findings import Drawing, Edge, Node
from coopgraph.store import memory_store
from coopgraph.web.routes.pictures import SVG, draw, drawn_terms

EX = "http://example.org/"


def _drawing() -> Drawing:
    a, b, group, label = (URIRef(EX + n) for n in ("a", "b", "group", "causes"))
    return Drawing((Node(a, group), Node(b, group)), (Edge(a, b, label), Edge(b, a)))


def test_the_terms_of_a_drawing_once_each() -> None:
    assert drawn_terms(_drawing()) == [URIRef(EX + n) for n in ("a", "b", "group", "causes")]


def test_a_drawing_is_drawn_with_its_labels() -> None:
    store = memory_store()
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    store.update(f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> {label} "Alpha"@en }} }}')
    picture, names = draw(_drawing(), store, "en")
    assert names[URIRef(EX + "a")] == Literal("Alpha", lang="en")
    assert picture.startswith(b"<?xml") or picture.lstrip().startswith(b"<svg")
    assert b"Alpha" in picture
    assert SVG == "image/svg+xml"
