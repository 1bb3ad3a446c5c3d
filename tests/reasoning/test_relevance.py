"""The engine is given only the axioms its rules can read with a source (reasoning.relevance)
and the source without the triples of predicates no axiom is about (input.unread_left_out):
what materialising writes, and what is found inconsistent, are what the engine gives with
every axiom and every triple."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node
from support.owl_reference import ENTAILMENT_CASES, INCONSISTENT_CASES, case, example

from coopgraph import formats, iris
from coopgraph.reasoning import derivation
from coopgraph.reasoning.consistency import inconsistencies
from coopgraph.reasoning.engine import is_axiomatic, owl_rl_closure
from coopgraph.reasoning.input import unread_left_out
from coopgraph.reasoning.relevance import relevance, selected
from coopgraph.reasoning.schema import axioms_for, current
from coopgraph.store import memory_store

Triple = tuple[Node, Node, Node]
CASES = {**ENTAILMENT_CASES, **INCONSISTENT_CASES}
SOURCE = "http://example.org/graph/data"
UNRELATED = (
    ":unused rdfs:domain :Nowhere ; rdfs:range :Elsewhere ; a owl:ObjectProperty ."
    " :Other rdfs:subClassOf :Else ; a owl:Class . :lonely a :Concept ."
)
"""Axioms no case reads: the selection leaves them out."""


def _split(graph: Graph) -> tuple[Graph, Graph]:
    """A case as an ontology (its RDFS and OWL axioms, lists, OWL types) and a source (the
    rest: what individuals are and relate to, equality included)."""
    ontology, source = Graph(), Graph()
    for triple in graph:
        _subject, predicate, value = triple
        axiom = str(predicate).startswith((str(RDFS), str(OWL))) or predicate in (
            RDF.first,
            RDF.rest,
        )
        if predicate in (OWL.sameAs, OWL.differentFrom):
            axiom = False
        if predicate == RDF.type:
            axiom = str(value).startswith(str(OWL)) and value not in (OWL.Thing, OWL.Nothing)
        (ontology if axiom else source).add(triple)
    return ontology, source


def _with_every_axiom(source: Graph, ontology: Graph) -> tuple[set[Triple], set[frozenset[Triple]]]:
    """What the engine derives about what the source describes, given every axiom, and the
    triples of each of its findings."""
    closure = owl_rl_closure([source, ontology])
    described = {s for s, _, _ in source} | {o for _, p, o in source if p != RDF.type}
    given = {*source, *ontology}
    derived = {t for t in closure if t[0] in described and t not in given and not is_axiomatic(t)}
    return derived, {frozenset(finding.triples) for finding in inconsistencies(closure)}


REACHED = {
    "inverse-domain": (":hasPart owl:inverseOf :partOf ; rdfs:domain :Whole .", ":a :partOf :b ."),
    "super-property-range": (":p rdfs:subPropertyOf :q . :q rdfs:range :R .", ":a :p :b ."),
    "equivalent-property-domain": (":p owl:equivalentProperty :q . :q rdfs:domain :D .",
                                   ":a :p :b ."),
    "chain-domain": (":g owl:propertyChainAxiom ( :p :p ) ; rdfs:domain :D .",
                     ":a :p :b . :b :p :c ."),
    "restriction-superclass": (":R owl:onProperty :p ; owl:someValuesFrom :C ;"
                               " rdfs:subClassOf :S .", ":a :p :b . :b a :C ."),
    "has-value-range": (":R owl:onProperty :colour ; owl:hasValue :red ."
                        " :colour rdfs:range :Colour .", ":x a :R ."),
    "all-values-superclass": (":R owl:onProperty :child ; owl:allValuesFrom :Doctor ."
                              " :Doctor rdfs:subClassOf :Person .", ":x a :R ; :child :y ."),
    "intersection-part-superclass": (":MD owl:intersectionOf ( :Mother :Doctor ) ."
                                     " :Doctor rdfs:subClassOf :Person .", ":b a :MD ."),
    "union-superclass": (":MF owl:unionOf ( :Mother :Father ) ; rdfs:subClassOf :Parent .",
                         ":a a :Mother ."),
    "equivalent-class-superclass": (":Human owl:equivalentClass :Person ."
                                    " :Person rdfs:subClassOf :Animal .", ":a a :Human ."),
    "domain-superclass": (":p rdfs:domain :D . :D rdfs:subClassOf :E .", ":a :p :b ."),
    "thing-superclass": ("owl:Thing rdfs:subClassOf :Any . :Any rdfs:subClassOf :Located .",
                         ':a :name "A" .'),
    "individual-named": (":c a :Concept . :Concept rdfs:subClassOf :Topic .", ":x :about :c ."),
    "individual-of-a-restriction": (":R owl:onProperty :p ; owl:someValuesFrom :C ."
                                    " :c a :C . :d :q :c .", ":x :p :c ."),
}  # fmt: skip
"""Ontologies whose axiom about one term is read through another: each link of
``relevance._links`` (and what names an individual) is needed by one of them."""


def _cases() -> dict[str, tuple[Graph, Graph]]:
    split = {name: _split(case(text + UNRELATED)) for name, text in CASES.items()}
    for name, (ontology, source) in REACHED.items():
        split[name] = (case(ontology + UNRELATED), case(source))
    return split


SPLIT_CASES = _cases()


@pytest.mark.parametrize("name", sorted(SPLIT_CASES))
def test_a_source_derives_with_the_axioms_selected_what_every_axiom_derives(name: str) -> None:
    ontology, source = SPLIT_CASES[name]
    store = memory_store()
    store.load(ontology.serialize(format="nt", encoding="utf-8"), formats.N_TRIPLES,
               iris.ONTOLOGY_GRAPH)  # fmt: skip
    schema = current(store)
    data, found = derivation(store, SOURCE, source, Graph())
    derived, findings = _with_every_axiom(source, schema.graph)
    expected = Graph()
    for triple in derived:
        expected.add(triple)
    assert isomorphic(Graph().parse(data=data, format="nt"), expected)  # blank nodes renamed
    assert {frozenset(finding.triples) for finding in found} == findings
    assert bool(findings) == (name in INCONSISTENT_CASES)
    selection = axioms_for(schema, source)
    assert isinstance(selection, list)  # not the whole schema: UNRELATED is left out
    assert len(selection) < len(schema.graph)
    if name in REACHED:
        assert derived, name  # the case derives something through the link it tests


ONTOLOGY = case(
    ":carriedBy rdfs:domain :Action ; rdfs:range :Agent ; a owl:ObjectProperty ."
    " :polarity rdfs:domain :Effect ; a owl:FunctionalProperty ."
    " :Action rdfs:subClassOf :Activity ; a owl:Class . :Effect rdfs:subClassOf :Outcome ."
    " :Activity rdfs:subClassOf :Occurrent . :positive a :Polarity ."
)


def test_axioms_about_terms_the_source_cannot_reach_are_left_out() -> None:
    kept = set(selected(relevance(ONTOLOGY), case(":a :carriedBy :town .")))
    assert (example("carriedBy"), RDFS.domain, example("Action")) in kept
    assert (example("Activity"), RDFS.subClassOf, example("Occurrent")) in kept
    assert (example("Action"), RDF.type, OWL.Class) in kept
    assert (example("polarity"), RDFS.domain, example("Effect")) not in kept
    assert (example("polarity"), RDF.type, OWL.FunctionalProperty) not in kept
    assert (example("Effect"), RDFS.subClassOf, example("Outcome")) not in kept
    assert (example("positive"), RDF.type, example("Polarity")) not in kept


def test_a_term_the_source_names_keeps_its_axioms() -> None:
    named = case(":e :polarity :positive . :MyAction rdfs:subClassOf :Effect .")
    kept = set(selected(relevance(ONTOLOGY), named))
    assert (example("polarity"), RDF.type, OWL.FunctionalProperty) in kept
    assert (example("Effect"), RDFS.subClassOf, example("Outcome")) in kept
    assert (example("positive"), RDF.type, example("Polarity")) in kept


def test_what_every_subject_is_reaches_further() -> None:
    """reasonable types every subject owl:Thing: an axiom on owl:Thing is always read."""
    ontology = case(":Any rdfs:subClassOf :Located . owl:Thing rdfs:subClassOf :Any .")
    kept = set(selected(relevance(ontology), case(':a :name "A" .')))
    assert (example("Any"), RDFS.subClassOf, example("Located")) in kept


def test_with_a_has_value_restriction_every_individual_keeps_its_types() -> None:
    """cls-hv2 gives the members of such a restriction a value: then a node known only by
    its types relates to something, and its types may matter."""
    ontology = case(":R owl:onProperty :colour ; owl:hasValue :red . :lonely a :Concept .")
    kept = set(selected(relevance(ontology), case(":a :p :b .")))
    assert (example("lonely"), RDF.type, example("Concept")) in kept


def test_triples_of_predicates_no_axiom_is_about_are_left_out_of_the_source() -> None:
    source = list(case(":a :at :place ; :year 2020 ; :carriedBy :town ; rdfs:label 'A' ."))
    read = unread_left_out(source, frozenset({example("carriedBy")}), [])
    assert read == [(example("a"), example("carriedBy"), example("town"))]
    naming = [*source, (example("at"), RDF.type, OWL.TransitiveProperty)]
    assert (example("a"), example("at"), example("place")) in unread_left_out(
        naming, frozenset(), []
    )


def test_with_an_owl_same_as_the_left_out_triples_of_the_source_are_reasoned_with() -> None:
    store = memory_store()
    store.load(ONTOLOGY.serialize(format="nt", encoding="utf-8"), formats.N_TRIPLES,
               iris.ONTOLOGY_GRAPH)  # fmt: skip
    source = case(":a :at :place ; :carriedBy :town . :b owl:sameAs :a .")
    data, _found = derivation(store, SOURCE, source, Graph())
    derived = set(Graph().parse(data=data, format="nt"))
    assert (example("b"), example("at"), example("place")) in derived
    assert (example("b"), RDF.type, example("Activity")) in derived
