"""What reasoning computes without owlrl: a large source's class hierarchy and cg:isPartOf
closure, read from the store by SPARQL; and the inconsistencies of an OWL RL closure."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

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


def test_individuals_of_disjoint_classes_are_inconsistent() -> None:
    person, organisation = URIRef(CG + "Person"), URIRef(CG + "Organisation")
    ontology = Graph()
    ontology.add((person, OWL.disjointWith, organisation))
    who, nobody = URIRef(ID + "person/who"), URIRef(ID + "person/nobody")
    closed = Graph()
    closed.add((who, RDF.type, person))
    closed.add((who, RDF.type, organisation))
    closed.add((nobody, RDF.type, OWL.Nothing))
    closed.add((who, closure.OWLRL_ERROR, Literal("cardinality broken")))
    found = closure.inconsistencies(closed, ontology)
    messages = [finding.message for finding in found]
    assert len(found) == 3
    assert "disjoint" in messages[0]
    assert set(found[0].triples) == {(who, RDF.type, person), (who, RDF.type, organisation)}
    assert messages[1] == f"{nobody} is a member of owl:Nothing"
    assert messages[2] == "cardinality broken"
