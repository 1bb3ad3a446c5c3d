"""What an OWL 2 RL closure holds that cannot be true: the profile's inconsistency rules.

The rules whose conclusion is *false* (https://www.w3.org/TR/owl2-profiles/, tables 4 to 9),
read from a closure (``reasoning.engine``), each finding with the triples involved:

- cax-dw, cax-adc: an individual in two disjoint classes (``owl:disjointWith``,
  ``owl:AllDisjointClasses``); cls-com: in a class and its complement;
- cls-nothing2: a member of ``owl:Nothing``;
- cls-maxc1, cls-maxqc1, cls-maxqc2: a value where a maximum cardinality of 0 allows none;
- eq-diff1, eq-diff2, eq-diff3: the same individual declared different
  (``owl:differentFrom``, ``owl:AllDifferent``);
- prp-irp, prp-asyp, prp-pdw, prp-adp: an irreflexive property used reflexively, an
  asymmetric one both ways, disjoint properties between the same two nodes;
- prp-npa1, prp-npa2: a negative property assertion that holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from rdflib import Literal
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from coopgraph.reasoning.triples import Triple, Triples, members


@dataclass(frozen=True)
class Inconsistency:
    """What the OWL RL rules found contradictory, with the triples involved."""

    message: str
    triples: tuple[Triple, ...] = ()


def inconsistencies(closure: Triples) -> tuple[Inconsistency, ...]:
    """Every inconsistency of the closure, disjoint classes first."""
    found: list[Inconsistency] = []
    for check in (_disjoint_classes, _nothing, _none_allowed, _different, _properties, _negative):
        found.extend(check(closure))
    return tuple(dict.fromkeys(found))


def _disjoint_pairs(closure: Triples) -> Iterator[tuple[Node, Node, str]]:
    for first, second in closure.subject_objects(OWL.disjointWith):
        yield first, second, "disjoint"
    for group in closure.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in closure.objects(group, OWL.members):
            for first, second in combinations(members(closure, head), 2):
                yield first, second, "disjoint"
    for first, second in closure.subject_objects(OWL.complementOf):
        yield first, second, "complementary"


def _disjoint_classes(closure: Triples) -> Iterator[Inconsistency]:
    """cax-dw, cax-adc, cls-com: once per individual and pair of classes."""
    seen: set[tuple[Node, frozenset[Node]]] = set()
    for first, second, relation in _disjoint_pairs(closure):
        for individual in list(closure.subjects(RDF.type, first)):
            key = (individual, frozenset((first, second)))
            if (individual, RDF.type, second) in closure and key not in seen:
                seen.add(key)
                yield Inconsistency(
                    f"{individual} is both a {first} and a {second}, which are {relation}",
                    ((individual, RDF.type, first), (individual, RDF.type, second)),
                )


def _nothing(closure: Triples) -> Iterator[Inconsistency]:
    """cls-nothing2."""
    for individual in list(closure.subjects(RDF.type, OWL.Nothing)):
        types = tuple((individual, RDF.type, t) for t in closure.objects(individual, RDF.type))
        yield Inconsistency(f"{individual} is a member of owl:Nothing", types)


def _none_allowed(closure: Triples) -> Iterator[Inconsistency]:
    """cls-maxc1, cls-maxqc1, cls-maxqc2."""
    for predicate in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
        for restriction, count in closure.subject_objects(predicate):
            if not isinstance(count, Literal) or str(count) != "0":
                continue
            kinds = set(closure.objects(restriction, OWL.onClass)) - {OWL.Thing}
            for prop in closure.objects(restriction, OWL.onProperty):
                for member in list(closure.subjects(RDF.type, restriction)):
                    for value in closure.objects(member, prop):
                        if not kinds or any((value, RDF.type, k) in closure for k in kinds):
                            yield Inconsistency(
                                f"{member} has a value of {prop} where its class allows none",
                                ((member, RDF.type, restriction), (member, prop, value)),
                            )


def _different(closure: Triples) -> Iterator[Inconsistency]:
    """eq-diff1, eq-diff2, eq-diff3: once per group of nodes that are the same."""
    pairs = list(closure.subject_objects(OWL.differentFrom))
    for group in closure.subjects(RDF.type, OWL.AllDifferent):
        for predicate in (OWL.members, OWL.distinctMembers):
            for head in closure.objects(group, predicate):
                pairs.extend(combinations(members(closure, head), 2))
    cliques: set[frozenset[Node]] = set()
    for first, second in pairs:
        clique = frozenset({first, *closure.objects(first, OWL.sameAs)})
        if (first, OWL.sameAs, second) in closure and clique not in cliques:
            cliques.add(clique)
            yield Inconsistency(
                f"{first} and {second} are declared different and are the same",
                ((first, OWL.sameAs, second),),
            )


def _properties(closure: Triples) -> Iterator[Inconsistency]:
    """prp-irp, prp-asyp, prp-pdw, prp-adp."""
    for prop in list(closure.subjects(RDF.type, OWL.IrreflexiveProperty)):
        for subject, value in closure.subject_objects(prop):
            if subject == value:
                message = f"{prop} is irreflexive and relates {subject} to itself"
                yield Inconsistency(message, ((subject, prop, value),))
    for prop in list(closure.subjects(RDF.type, OWL.AsymmetricProperty)):
        pairs_seen: set[frozenset[Node]] = set()
        for subject, value in closure.subject_objects(prop):
            if (value, prop, subject) in closure and frozenset((subject, value)) not in pairs_seen:
                pairs_seen.add(frozenset((subject, value)))
                message = f"{prop} is asymmetric and relates {subject} and {value} both ways"
                yield Inconsistency(message, ((subject, prop, value), (value, prop, subject)))
    pairs = list(closure.subject_objects(OWL.propertyDisjointWith))
    for group in closure.subjects(RDF.type, OWL.AllDisjointProperties):
        for head in closure.objects(group, OWL.members):
            pairs.extend(combinations(members(closure, head), 2))
    for first, second in pairs:
        for subject, value in closure.subject_objects(first):
            if (subject, second, value) in closure:
                yield Inconsistency(
                    f"{subject} is related to {value} by {first} and {second}, which are disjoint",
                    ((subject, first, value), (subject, second, value)),
                )


def _negative(closure: Triples) -> Iterator[Inconsistency]:
    """prp-npa1, prp-npa2."""
    for assertion in list(closure.subjects(RDF.type, OWL.NegativePropertyAssertion)):
        for subject in closure.objects(assertion, OWL.sourceIndividual):
            for prop in closure.objects(assertion, OWL.assertionProperty):
                for target in (OWL.targetIndividual, OWL.targetValue):
                    for value in closure.objects(assertion, target):
                        if (subject, prop, value) in closure:
                            yield Inconsistency(
                                f"{subject} {prop} {value} holds, and is asserted not to",
                                ((subject, prop, value),),
                            )
