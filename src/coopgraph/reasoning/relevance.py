"""Which of the ontology's axioms the OWL 2 RL rules can read for one source.

The engine's time grows with what it is given and with what it hands back, and the ontology
was most of both for a submission: a thousand-triple description of actions and effects
needs 92 of its 625 axioms. Most axioms are about one term and are read only when
that term is used: the domain and range of a property and its characteristics (prp-dom,
prp-rng, prp-symp, prp-trp, prp-fp...) by the triples of that property, the superclasses of
a class (cax-sco, scm-sco) by its members and subclasses, and the declarations
(``owl:Class``, ``owl:ObjectProperty``...) by no rule of the engine at all. ``selected``
keeps such an axiom only when its term is *live*: a property that some triple of the closure
may use, or a class that may have a member or a live subclass.

Live are the nodes and properties the given triples name, the properties the ontology uses,
the classes of its individuals, ``owl:Thing`` (reasonable types every subject with it),
the enumerations (cls-oo), and what the rules reach from them (``_links``): the
super-properties, equivalent and inverse properties of a live property, the chains it is a
step of, the restrictions on it (and the property of a live restriction), its domain and
range; the superclasses and equivalent classes of a live class, the parts of a live
intersection and an intersection of a live part, the union of a live part, the
``owl:allValuesFrom`` of a live restriction. That is an over-approximation: an axiom left out
is about a term no triple of the closure uses and the given triples never name, so what it
would derive is about that term only, never in an inferred graph (which holds triples about
what the source describes).

The types of the ontology's own individuals (its SKOS concepts, roles...) are left out as
well while nothing else names the individual, neither another axiom nor the given triples:
a node known only by its types relates to nothing, so the rules derive from them only more
types of that node, unless an ``owl:hasValue`` restriction gives its members a value (cls-hv2:
then they are all kept). An inconsistency among them is the ontology's, reported when the
ontology graph itself is materialised.

Triples of the ``unread`` predicates (no axiom is about them: ``skos:inScheme``,
``rdfs:isDefinedBy``...) are given only when the given triples name the predicate: only the
equality rules read them. Equality (an ``owl:sameAs`` between different nodes) can copy any
triple onto another node, so ``reasoning.owl_rl`` then reasons again with every axiom.

>>> from rdflib import Graph
>>> ontology = Graph().parse(data='''@prefix : <http://example.org/> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... :Action rdfs:subClassOf :Activity . :Effect rdfs:subClassOf :Outcome .
... :carriedBy rdfs:domain :Action . :polarity rdfs:domain :Effect .''', format="turtle")
>>> source = Graph().parse(data='''@prefix : <http://example.org/> .
... :a :carriedBy :town .''', format="turtle")
>>> sorted(str(s).rsplit("/", 1)[-1] for s, _, _ in selected(relevance(ontology), source))
['Action', 'carriedBy']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from coopgraph.reasoning.triples import Triple, Triples, members

GATED_PREDICATES = frozenset({RDFS.domain, RDFS.range, RDFS.subClassOf})
"""Axioms read only when their subject is live."""
GATED_TYPES = frozenset(
    {OWL.Class, RDFS.Class, OWL.Restriction, OWL.ObjectProperty, OWL.DatatypeProperty,
     OWL.AnnotationProperty, RDF.Property, OWL.Ontology, OWL.TransitiveProperty,
     OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty,
     OWL.IrreflexiveProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty}
)  # fmt: skip
"""Declarations and property characteristics: read only when the typed term is live."""
_BUILT_IN = (str(RDF), str(RDFS), str(OWL))
_FORWARD = frozenset({RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDFS.subClassOf,
                      OWL.allValuesFrom})  # fmt: skip
_BOTH_WAYS = frozenset({OWL.equivalentProperty, OWL.inverseOf, OWL.equivalentClass,
                        OWL.onProperty})  # fmt: skip


@dataclass(frozen=True)
class Relevance:
    """The ontology's axioms sorted by what makes the rules read them (made once per schema)."""

    always: tuple[Triple, ...]
    by_term: dict[Node, tuple[Triple, ...]]
    """Axioms about a term, read when it is live."""
    by_individual: dict[Node, tuple[Triple, ...]]
    """The types of individuals nothing else names, read when the given triples name them."""
    by_predicate: dict[Node, tuple[Triple, ...]]
    """Triples of unread predicates, read when the given triples name the predicate."""
    links: dict[Node, frozenset[Node]]
    """What a live term makes live."""
    seeds: frozenset[Node]
    """Live whatever the given triples."""
    watched: frozenset[Node]
    """The terms whose naming by the given triples changes the selection."""


def relevance(schema: Iterable[Triple], unread: frozenset[Node] = frozenset()) -> Relevance:
    """The axioms of ``schema`` sorted (see the module); ``unread``: the predicates no axiom
    is about (``reasoning.schema``)."""
    triples = Triples(schema)
    lone = _lone_individuals(triples, unread)
    always: list[Triple] = []
    by_term: dict[Node, list[Triple]] = {}
    by_individual: dict[Node, list[Triple]] = {}
    by_predicate: dict[Node, list[Triple]] = {}
    for triple in triples:
        subject, predicate, value = triple
        if predicate in unread:
            by_predicate.setdefault(predicate, []).append(triple)
        elif subject in lone and predicate == RDF.type:
            by_individual.setdefault(subject, []).append(triple)
        elif isinstance(subject, URIRef) and _gated(predicate, value):
            by_term.setdefault(subject, []).append(triple)
        else:
            always.append(triple)
    links = _links(triples, lone)
    return Relevance(
        tuple(always),
        {term: tuple(found) for term, found in by_term.items()},
        {node: tuple(found) for node, found in by_individual.items()},
        {predicate: tuple(found) for predicate, found in by_predicate.items()},
        links,
        _seeds(triples, lone, unread),
        frozenset((*links, *by_term, *by_individual, *by_predicate)),
    )


def selected(relevance: Relevance, *given: Iterable[Triple]) -> list[Triple]:
    """The axioms the rules can read with the ``given`` triples (a source, its context)."""
    named: set[Node] = set()  # of the terms that change the selection (a few hundred)
    for listed in map(list, given):
        for position in range(3):
            named.update(relevance.watched.intersection(map(itemgetter(position), listed)))
    live = _reached(relevance.links, relevance.seeds | named)
    found = list(relevance.always)
    for term, triples in relevance.by_term.items():
        if term in live:
            found.extend(triples)
    for groups in (relevance.by_individual, relevance.by_predicate):
        for node, triples in groups.items():
            if node in named:
                found.extend(triples)
    return found


def _gated(predicate: Node, value: Node) -> bool:
    return predicate in GATED_PREDICATES or (predicate == RDF.type and value in GATED_TYPES)


def _lone_individuals(triples: Triples, unread: frozenset[Node]) -> set[Node]:
    """The IRIs the schema names only as the subject of their types (of classes outside
    RDF, RDFS and OWL); none when a restriction gives its members a value (cls-hv2)."""
    if any(True for _ in triples.subject_objects(OWL.hasValue)):
        return set()
    typed: set[Node] = {
        subject
        for subject, value in triples.subject_objects(RDF.type)
        if isinstance(subject, URIRef) and not str(value).startswith(_BUILT_IN)
    }
    for subject, predicate, value in triples:
        if predicate != RDF.type and predicate not in unread:
            typed.difference_update((subject, value))
    typed.difference_update(value for _, value in triples.subject_objects(RDF.type))
    return typed


def _links(triples: Triples, lone: set[Node]) -> dict[Node, frozenset[Node]]:
    """What each term makes live (see the module); a lone individual, its classes."""
    links: dict[Node, set[Node]] = {}
    for subject, predicate, value in triples:
        if predicate in _FORWARD or (predicate == RDF.type and subject in lone):
            links.setdefault(subject, set()).add(value)
        elif predicate in _BOTH_WAYS:
            links.setdefault(subject, set()).add(value)
            links.setdefault(value, set()).add(subject)
        elif predicate == OWL.intersectionOf:
            for part in members(triples, value):
                links.setdefault(subject, set()).add(part)
                links.setdefault(part, set()).add(subject)
        elif predicate in (OWL.unionOf, OWL.propertyChainAxiom):
            for part in members(triples, value):
                links.setdefault(part, set()).add(subject)
    return {term: frozenset(reached) for term, reached in links.items()}


def _seeds(triples: Triples, lone: set[Node], unread: frozenset[Node]) -> frozenset[Node]:
    """Live whatever the source: the properties the schema uses (its unread ones aside), the
    classes of its individuals (lone ones aside), owl:Thing and the enumerations."""
    seeds: set[Node] = {OWL.Thing}
    for subject, predicate, value in triples:
        if predicate not in unread:
            seeds.add(predicate)
        if predicate == RDF.type and subject not in lone and value not in GATED_TYPES:
            seeds.add(value)
    seeds.update(kind for kind, _ in triples.subject_objects(OWL.oneOf))
    return frozenset(seeds)


def _reached(links: dict[Node, frozenset[Node]], seeds: Iterable[Node]) -> set[Node]:
    """The seeds and every term their links reach."""
    reached = set(seeds)
    waiting = [node for node in reached if node in links]
    while waiting:
        for node in links.get(waiting.pop(), ()):
            if node not in reached:
                reached.add(node)
                waiting.append(node)
    return reached
