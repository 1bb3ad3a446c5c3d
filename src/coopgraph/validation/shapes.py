"""The shapes: every Turtle file of shapes/ as one graph, loaded once, and property shapes given
their node shape's targets, so that pyshacl checks each one once.

pyshacl checks a node shape's ``sh:property`` shapes one focus node at a time, building the
constraints again for each (about 0.3 ms a node and a property shape). A property shape that
carries the same targets itself is checked once over all the focus nodes, with the same
results: same focus nodes, same values, and the property shape as ``sh:sourceShape``.

The rewrite is made on a copy of the shapes graph, only where it cannot change a result:
the node shape is referred to by no other shape and is not deactivated, closed or filtered;
the property shape belongs to that node shape alone, and none of its siblings needs the others
(sh:qualifiedValueShapesDisjoint).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from coopgraph.validation.context import SHAPES_NS

SHAPES_ONTOLOGY = URIRef(str(SHAPES_NS).rstrip("/"))
"""The owl:Ontology of the shapes, whose owl:versionInfo is the shapes' version."""


@dataclass(frozen=True)
class Shapes:
    """The shapes graph and its version (owl:versionInfo of the shapes' owl:Ontology)."""

    graph: Graph
    version: str


_loaded: dict[tuple[tuple[str, float], ...], Shapes] = {}


def load_shapes(folder: Path) -> Shapes:
    """Every Turtle file of ``folder`` as one shapes graph (cached until a file changes)."""
    files = sorted(folder.glob("*.ttl"))
    key = tuple((str(path), path.stat().st_mtime) for path in files)
    if key not in _loaded:
        graph = Graph()
        for path in files:
            graph.parse(path, format="turtle")
        version = graph.value(SHAPES_ONTOLOGY, OWL.versionInfo)
        _loaded[key] = Shapes(graph, str(version) if version is not None else "unversioned")
    return _loaded[key]


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_ALONE_ONLY = (SH.deactivated, SH.closed, SH.ignoredProperties, SH.filterShape)
"""A node shape with one of these reads its property shapes, or filters its targets."""
_REFERRING = (SH.node, SH["not"], SH["and"], SH["or"], SH.xone, RDF.first, SH.qualifiedValueShape)


def hoist_properties(shapes: Graph) -> Graph:
    """A copy of ``shapes`` where property shapes carry their node shape's targets."""
    hoisted = Graph()
    for prefix, namespace in shapes.namespaces():
        hoisted.bind(prefix, namespace)
    for triple in shapes:
        hoisted.add(triple)
    for node, prop in list(_hoistable(shapes)):
        hoisted.remove((node, SH.property, prop))
        for predicate in _TARGETS:
            for target in shapes.objects(node, predicate):
                hoisted.add((prop, predicate, target))
        if (node, RDF.type, RDFS.Class) in shapes:
            hoisted.add((prop, SH.targetClass, node))
    return hoisted


def _hoistable(shapes: Graph) -> Iterator[tuple[Node, Node]]:
    """(node shape, property shape) pairs whose property shape can carry the targets."""
    for node in set(shapes.subjects(SH.property, None)):
        props = set(shapes.objects(node, SH.property))
        disjoint = any((prop, SH.qualifiedValueShapesDisjoint, None) in shapes for prop in props)
        if disjoint or not _plain_node_shape(shapes, node):
            continue
        for prop in props:
            owners = set(shapes.subjects(SH.property, prop))
            if owners == {node} and not _referred(shapes, prop) and not _targeted(shapes, prop):
                yield node, prop


def _plain_node_shape(shapes: Graph, node: Node) -> bool:
    if (node, SH.path, None) in shapes or _referred(shapes, node):
        return False
    if any((node, predicate, None) in shapes for predicate in _ALONE_ONLY):
        return False
    return _targeted(shapes, node) or (node, RDF.type, RDFS.Class) in shapes


def _targeted(shapes: Graph, node: Node) -> bool:
    return any((node, predicate, None) in shapes for predicate in _TARGETS)


def _referred(shapes: Graph, node: Node) -> bool:
    return any((None, predicate, node) in shapes for predicate in _REFERRING)
