"""What reasoning computes without the engine: a large source's class hierarchy and
cg:isPartOf closure, read from the store as N-Triples text: the same triples as
``part_of_closure`` and the ontology's superclasses, on the embedded store and on Virtuoso."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from support.virtuoso import open_test_store

from coopgraph import formats
from coopgraph.reasoning import closure
from coopgraph.store import Store, memory_store

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


EDGES = [
    ("commune/1", "epci/1"),
    ("commune/2", "epci/1"),
    ("commune/2", "department/1"),  # stated: not inferred again
    ("epci/1", "department/1"),
    ("department/1", "region/1"),
    ("region/1", "country/1"),
    ("loop/a", "loop/b"),
    ("loop/b", "loop/a"),  # a cycle: nothing is a part of itself
]
TYPES = [
    ("commune/1", "Commune"),
    ("commune/2", "Commune"),
    ("commune/2", "Place"),  # stated: not inferred again
    ("epci/1", "Intercommunality"),
    ("department/1", "Department"),
    ("region/1", "Unrelated"),
]


@pytest.fixture(params=["embedded", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store, once embedded and once on Virtuoso."""
    yield from open_test_store(request.param, request)


def _source() -> bytes:
    lines = [f"<{ID}{a}> <{closure.IS_PART_OF}> <{ID}{b}> ." for a, b in EDGES]
    lines += [f"<{ID}{a}> <{RDF.type}> <{CG}{kind}> ." for a, kind in TYPES]
    return "\n".join([*lines, ""]).encode()


def _expected() -> set[tuple[str, str, str]]:
    """What the closure must hold, from ``part_of_closure`` and the ontology, in Python."""
    direct = {(ID + a, ID + b) for a, b in EDGES}
    parts = {
        (part, str(closure.IS_PART_OF), whole)
        for part, whole in closure.part_of_closure(direct)
        if (part, whole) not in direct
    }
    supers = {"Commune": {"Territory", "Place"}, "Intercommunality": {"Territory", "Place"}}
    supers["Department"] = supers["Commune"]
    stated = {(ID + a, CG + kind) for a, kind in TYPES}
    kinds = {
        (ID + a, str(RDF.type), CG + parent)
        for a, kind in TYPES
        for parent in supers.get(kind, set())
        if (ID + a, CG + parent) not in stated
    }
    return parts | kinds


def test_the_closure_is_the_same_on_both_stores_as_in_python(store: Store) -> None:
    store.load(_source(), formats.N_TRIPLES, SOURCE)
    data = closure.hierarchy_closure(store, SOURCE, _ontology())
    found = {(str(s), str(p), str(o)) for s, p, o in Graph().parse(data=data, format="nt")}
    assert found == _expected()
    assert len(data.splitlines()) == len(found)  # each triple once
    assert (ID + "commune/1", str(closure.IS_PART_OF), ID + "country/1") in found
    assert (ID + "loop/a", str(closure.IS_PART_OF), ID + "loop/a") not in found


def test_an_empty_source_has_an_empty_closure(store: Store) -> None:
    assert closure.hierarchy_closure(store, SOURCE, _ontology()) == b""


def test_the_closure_of_the_document_is_the_closure_from_the_store() -> None:
    store = memory_store()
    store.load(_source(), formats.N_TRIPLES, SOURCE)
    from_store = closure.hierarchy_closure(store, SOURCE, _ontology())
    from_document = closure.document_closure(_source(), _ontology())
    assert sorted(from_document.splitlines()) == sorted(from_store.splitlines())
    assert {tuple(line.split(b" ")[:3]) for line in from_document.splitlines()} == {
        (f"<{s}>".encode(), f"<{p}>".encode(), f"<{o}>".encode()) for s, p, o in _expected()
    }
