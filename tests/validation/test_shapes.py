"""The shapes: every Turtle file of a folder as one graph with its version, loaded again only when
a file changes; property shapes given their node shape's targets where that changes no result."""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from support.content_store import ROOT

from coopgraph.validation.shapes import SHAPES_ONTOLOGY, hoist_properties, load_shapes

EX = "http://example.org/"
NODE_SHAPE = f"""
@prefix sh: <{SH}> .
@prefix ex: <{EX}> .
ex:PlaceShape a sh:NodeShape ;
    sh:targetClass ex:Place ;
    sh:property ex:NameShape .
ex:NameShape sh:path ex:name ; sh:minCount 1 .
"""


def _write(folder: Path, name: str, text: str, mtime: int) -> None:
    path = folder / name
    path.write_text(text)
    os.utime(path, (mtime, mtime))


def test_the_shapes_of_a_folder_are_one_graph_with_its_version(tmp_path: Path) -> None:
    _write(tmp_path, "a.ttl", NODE_SHAPE, 1_000)
    version = f'<{SHAPES_ONTOLOGY}> <http://www.w3.org/2002/07/owl#versionInfo> "2.1" .\n'
    _write(tmp_path, "b.ttl", version, 1_000)
    (tmp_path / "notes.txt").write_text("not shapes")
    shapes = load_shapes(tmp_path)
    assert shapes.version == "2.1"
    assert (URIRef(EX + "PlaceShape"), SH.targetClass, URIRef(EX + "Place")) in shapes.graph
    assert load_shapes(tmp_path) is shapes  # loaded once


def test_shapes_are_loaded_again_when_a_file_changes(tmp_path: Path) -> None:
    _write(tmp_path, "a.ttl", NODE_SHAPE, 1_000)
    first = load_shapes(tmp_path)
    assert first.version == "unversioned"
    _write(tmp_path, "a.ttl", NODE_SHAPE.replace("ex:Place ;", "ex:Town ;"), 2_000)
    second = load_shapes(tmp_path)
    assert second is not first
    assert (URIRef(EX + "PlaceShape"), SH.targetClass, URIRef(EX + "Town")) in second.graph


def test_the_project_shapes_carry_a_version() -> None:
    assert load_shapes(ROOT / "shapes").version != "unversioned"


def test_a_property_shape_gets_its_node_shapes_targets() -> None:
    shapes = Graph().parse(data=NODE_SHAPE, format="turtle")
    hoisted = hoist_properties(shapes)
    name, place = URIRef(EX + "NameShape"), URIRef(EX + "PlaceShape")
    assert (name, SH.targetClass, URIRef(EX + "Place")) in hoisted
    assert (place, SH.property, name) not in hoisted
    assert (place, SH.property, name) in shapes  # the shapes themselves are left unchanged


def test_a_property_shape_another_shape_refers_to_keeps_its_place() -> None:
    shared = (
        NODE_SHAPE + f"<{EX}OtherShape> sh:targetClass <{EX}Road> ; sh:property ex:NameShape .\n"
    )
    hoisted = hoist_properties(Graph().parse(data=shared, format="turtle"))
    assert (URIRef(EX + "NameShape"), SH.targetClass, None) not in hoisted
    assert len(list(hoisted.subjects(SH.property, URIRef(EX + "NameShape")))) == 2
