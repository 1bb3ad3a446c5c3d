"""What reasoning computes without the engine: a large source's class hierarchy and
cg:isPartOf closure, read from the store by SPARQL."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from coopgraph import formats
from coopgraph.reasoning import closure
from coopgraph.store import memory_store

CG = "https://w3id.org/coopgraph/def/"
EX = "http://example.org/"
ID = "https://w3id.org/coopgraph/id/"
SOURCE = "https://w3id.org/coopgraph/graph/data/places"
PLACES = f"""
<{ID}commune/1> a <{CG}Commune> ; <{CG}isPartOf> <{ID}epci/1> .
<{ID}epci/1> a <{CG}Intercommunality> ; <{CG}isPartOf> <{ID}department/1> .
<{ID}department/1> a <{CG}Department> , <{CG}Territory> .
""".encode()


def _ontology() -> Graph:
    ontology = Graph()
    for kind in ("Commune", "Intercommunality", "Department"):
        ontology.add((URIRef(CG + kind), RDFS.subClassOf, URIRef(CG + "Territory")))
    ontology.add((URIRef(CG + "Territory"), RDFS.subClassOf, URIRef(CG + "Place")))
    return ontology


def _closed() -> set[tuple[str, str, str]]:
    store = memory_store()
    store.load(PLACES, formats.TURTLE, SOURCE)
    data = closure.hierarchy_closure(store, SOURCE, _ontology())
    graph = Graph().parse(data=data, format="nt")
    return {(str(s), str(p), str(o)) for s, p, o in graph}


def test_part_of_closure() -> None:
    a, b, c, d, x = (URIRef(EX + name) for name in "abcdx")
    closed = closure.part_of_closure([(a, b), (b, c), (c, d), (x, c)])
    assert (a, d) in closed
    assert (x, d) in closed
    assert (d, a) not in closed


def test_the_hierarchy_closure_adds_every_superclass_a_source_does_not_state() -> None:
    found = _closed()
    kind = str(RDF.type)
    assert (ID + "commune/1", kind, CG + "Territory") in found
    assert (ID + "commune/1", kind, CG + "Place") in found
    assert (ID + "department/1", kind, CG + "Place") in found
    assert (ID + "department/1", kind, CG + "Territory") not in found  # the source says it


def test_the_hierarchy_closure_adds_only_the_indirect_parts() -> None:
    parts = {(s, o) for s, p, o in _closed() if p == CG + "isPartOf"}
    assert parts == {(ID + "commune/1", ID + "department/1")}
