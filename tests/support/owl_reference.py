"""owlrl, the reference the fast engine (coopgraph.reasoning.engine) is compared with, and the
OWL 2 RL cases both are run on: one or a few per construct of the profile.

owlrl is run as coopgraph ran it before reasonable: without axiomatic triples and datatype
axioms. ``entailments`` is what a closure adds to what it was given, less the triples
``engine.is_axiomatic`` documents as left out.
"""

from __future__ import annotations

from collections.abc import Iterable

import owlrl
from rdflib import Graph, URIRef
from rdflib.term import Node

from coopgraph.reasoning.engine import OWLRL_ERROR, is_axiomatic

Triple = tuple[Node, Node, Node]

PREFIXES = """@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ENTAILMENT_CASES = {
    "property-chain": ":grandparent owl:propertyChainAxiom ( :parent :parent ) ."
    " :a :parent :b . :b :parent :c .",
    "property-chain-of-three": ":p3 owl:propertyChainAxiom ( :p :q :r ) ."
    " :a :p :b . :b :q :c . :c :r :d .",
    "inverse": ":hasPart owl:inverseOf :partOf . :a :partOf :b . :c :hasPart :d .",
    "symmetric": ":near a owl:SymmetricProperty . :a :near :b .",
    "transitive": ":in a owl:TransitiveProperty . :a :in :b . :b :in :c . :c :in :d .",
    "same-as": ':a owl:sameAs :b . :a :p :c . :d :q :b . :b a :K . :a :name "A" .',
    "has-value-type": ":R owl:onProperty :colour ; owl:hasValue :red . :x a :R .",
    "has-value-member": ":R owl:onProperty :colour ; owl:hasValue :red . :x :colour :red .",
    "has-value-equivalent": ":Red owl:equivalentClass [ owl:onProperty :colour ;"
    " owl:hasValue :red ] . :x :colour :red . :y a :Red .",
    "some-values-from": ":R owl:onProperty :child ; owl:someValuesFrom :Doctor ."
    " :x :child :y . :y a :Doctor .",
    "some-values-from-thing": ":R owl:onProperty :child ; owl:someValuesFrom owl:Thing ."
    " :x :child :y .",
    "all-values-from": ":R owl:onProperty :child ; owl:allValuesFrom :Doctor ."
    " :x a :R ; :child :y .",
    "sub-property": ":mother rdfs:subPropertyOf :parent . :parent rdfs:subPropertyOf :ancestor ."
    " :a :mother :b .",
    "equivalent-class": ":Human owl:equivalentClass :Person . :a a :Human . :b a :Person .",
    "equivalent-property": ":p owl:equivalentProperty :q . :a :p :b . :c :q :d .",
    "intersection": ":MD owl:intersectionOf ( :Mother :Doctor ) . :a a :Mother , :Doctor ."
    " :b a :MD .",
    "union": ":MF owl:unionOf ( :Mother :Father ) . :a a :Mother .",
    "domain-and-range": ":p rdfs:domain :D ; rdfs:range :R . :a :p :b .",
    "sub-class": ":A rdfs:subClassOf :B . :B rdfs:subClassOf :C . :x a :A .",
    "functional": ":f a owl:FunctionalProperty . :x :f :a , :b .",
    "inverse-functional": ":f a owl:InverseFunctionalProperty . :a :f :v . :b :f :v .",
    "max-cardinality-one": ':R owl:onProperty :p ; owl:maxCardinality "1"^^xsd:nonNegativeInteger'
    " . :x a :R ; :p :a , :b .",
    "max-qualified-cardinality-one": ":R owl:onProperty :p ; owl:onClass :C ;"
    ' owl:maxQualifiedCardinality "1"^^xsd:nonNegativeInteger .'
    " :x a :R ; :p :a , :b , :c . :a a :C . :b a :C .",
    "has-key": ':K owl:hasKey ( :id ) . :a a :K ; :id "1" . :b a :K ; :id "1" .',
    "has-key-of-two": ':K owl:hasKey ( :code :year ) . :a a :K ; :code "1" ; :year 2020 .'
    ' :b a :K ; :code "1" ; :year 2020 .',
    "one-of": ":C owl:oneOf ( :a :b ) .",
    "literals": ':a :p "x" , "y"@en , "1.50"^^xsd:decimal , "2026-01-01"^^xsd:date , true .',
    "blank-nodes": ":a :p [ a :B ; :q [ :r :c ] ] . :q owl:inverseOf :qi .",
    "same-as-then-chain": ":g owl:propertyChainAxiom ( :p :p ) . :a :p :b . :b owl:sameAs :c ."
    " :c :p :d .",
}
"""Each construct of OWL 2 RL the project uses or might (the issue names chains, inverses,
transitivity, disjointness, sameAs, hasValue and someValuesFrom), a few triples each. The key
cases hold no member with other key values: owlrl 7's prp-key ignores the last key property
(``range(0, len(pis) - 1)`` in owlrl/OWLRL.py), so it makes any two members of a class with a
single key the same; the engine does not (test_engine.py checks it)."""

INCONSISTENT_CASES = {
    "disjoint-with": ":A owl:disjointWith :B . :x a :A , :B .",
    "disjoint-by-sub-classes": ":A owl:disjointWith :B . :A1 rdfs:subClassOf :A . :x a :A1 , :B .",
    "all-disjoint-classes": "[] a owl:AllDisjointClasses ; owl:members ( :A :B :C ) ."
    " :x a :A , :C .",
    "nothing": ":x a owl:Nothing .",
    "complement": ":A owl:complementOf :B . :x a :A , :B .",
    "different-from": ":a owl:differentFrom :b . :a owl:sameAs :b .",
    "irreflexive": ":p a owl:IrreflexiveProperty . :a :p :a .",
    "asymmetric": ":p a owl:AsymmetricProperty . :a :p :b . :b :p :a .",
    "property-disjoint-with": ":p owl:propertyDisjointWith :q . :a :p :b ; :q :b .",
    "negative-assertion": "[] a owl:NegativePropertyAssertion ; owl:sourceIndividual :a ;"
    " owl:assertionProperty :p ; owl:targetIndividual :b . :a :p :b .",
}
"""One case per inconsistency rule owlrl reports (cax-dw, cax-adc, cls-nothing2, cls-com,
eq-diff1, prp-irp, prp-asyp, prp-pdw, prp-npa1)."""


def case(text: str) -> Graph:
    """A case's Turtle as a graph."""
    return Graph().parse(data=PREFIXES + text, format="turtle")


def owlrl_closure(parts: Iterable[Iterable[Triple]]) -> Graph:
    """owlrl's OWL 2 RL closure of the parts together, as coopgraph ran it."""
    closed = Graph()
    for part in parts:
        for triple in part:
            closed.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closed)
    return closed


def entailments(closure: Iterable[Triple], given: Iterable[Triple]) -> set[Triple]:
    """What a closure adds to ``given``, less what ``is_axiomatic`` leaves out."""
    known = set(given)
    return {t for t in closure if t not in known and not is_axiomatic(t)}


def owlrl_errors(closure: Graph) -> list[str]:
    """The inconsistencies owlrl reported in its closure."""
    return [str(message) for message in closure.objects(None, OWLRL_ERROR)]


def example(name: str) -> URIRef:
    """``:name`` of the cases."""
    return URIRef("http://example.org/" + name)
