"""The OWL 2 RL rules reasonable does not implement, applied to a closure in Python.

reasonable (``reasoning.engine``) implements most of the rules of the OWL 2 RL profile
(https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules); these
are the entailments it leaves out that owlrl, the reference, derives:

- prp-spo2: property chains (``owl:propertyChainAxiom``);
- prp-key: ``owl:hasKey`` (two members of the class with the same key values are the same);
- cls-maxc2, cls-maxqc3, cls-maxqc4: a maximum (qualified) cardinality of 1 makes two values
  the same;
- cls-oo: the members of an ``owl:oneOf`` enumeration are instances of it;
- scm-spo, scm-eqp1, scm-eqp2, scm-eqc2, scm-int, scm-uni: the schema rules whose results are
  not in the filter of ``engine.is_axiomatic`` (sub-property transitivity, equivalent
  properties and classes, the parts of an intersection and a union).

``missing(closure)`` returns what these rules derive from the closure and it does not hold yet;
the engine feeds it back to reasonable until nothing is missing (a fixpoint). Each rule reads
only its own axioms, so a schema without them costs a few index lookups.

>>> from rdflib import Graph
>>> graph = Graph().parse(data='''@prefix : <http://example.org/> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... :grandparent owl:propertyChainAxiom ( :parent :parent ) .
... :a :parent :b . :b :parent :c .''', format="turtle")
>>> [str(t[2]) for t in missing(Triples(graph))]
['http://example.org/c']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from coopgraph.reasoning.triples import Triple, Triples, members


def missing(closure: Triples) -> set[Triple]:
    """What the rules reasonable lacks derive from ``closure`` and it does not hold."""
    found: set[Triple] = set()
    for rule in (_chains, _keys, _max_one, _enumerations, _schema):
        found.update(t for t in rule(closure) if t not in closure)
    return found


def _chains(graph: Triples) -> Iterator[Triple]:
    """prp-spo2: u1 p1 u2 ... un pn un+1 gives u1 p un+1."""
    for prop, head in graph.subject_objects(OWL.propertyChainAxiom):
        steps = members(graph, head)
        if not steps:
            continue
        ends = {(start, start) for start, _ in graph.subject_objects(steps[0])}
        for step in steps:
            ends = {(start, value) for start, node in ends for value in graph.objects(node, step)}
        yield from ((start, prop, value) for start, value in ends)


def _keys(graph: Triples) -> Iterator[Triple]:
    """prp-key: members of a class sharing a value of each of its keys are the same."""
    for kind, head in graph.subject_objects(OWL.hasKey):
        keys = members(graph, head)
        if not keys:
            continue
        values = {
            member: [set(graph.objects(member, key)) for key in keys]
            for member in list(graph.subjects(RDF.type, kind))
        }
        for first, first_values in values.items():
            for second, second_values in values.items():
                shared = all(a & b for a, b in zip(first_values, second_values, strict=True))
                if first != second and shared:
                    yield (first, OWL.sameAs, second)


def _max_one(graph: Triples) -> Iterator[Triple]:
    """cls-maxc2, cls-maxqc3, cls-maxqc4: a restriction allowing one value makes any two of
    a member's values (of its class, for a qualified one) the same."""
    for predicate in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
        for restriction, count in graph.subject_objects(predicate):
            if not isinstance(count, Literal) or str(count) != "1":
                continue
            kinds = set(graph.objects(restriction, OWL.onClass))
            for prop in graph.objects(restriction, OWL.onProperty):
                groups = []
                for member in list(graph.subjects(RDF.type, restriction)):
                    values = list(graph.objects(member, prop))
                    if predicate == OWL.maxQualifiedCardinality and OWL.Thing not in kinds:
                        values = [
                            v for v in values if any((v, RDF.type, k) in graph for k in kinds)
                        ]
                    groups.append(values)
                yield from _same(groups)


def _enumerations(graph: Triples) -> Iterator[Triple]:
    """cls-oo: each member of an owl:oneOf list is an instance of the class."""
    for kind, head in graph.subject_objects(OWL.oneOf):
        yield from ((member, RDF.type, kind) for member in members(graph, head))


def _schema(graph: Triples) -> Iterator[Triple]:
    """scm-spo, scm-eqp1/2, scm-eqc2, scm-int, scm-uni."""
    for first, second in graph.subject_objects(OWL.equivalentProperty):
        yield (first, RDFS.subPropertyOf, second)
        yield (second, RDFS.subPropertyOf, first)
    for first, second in graph.subject_objects(RDFS.subPropertyOf):
        for third in graph.objects(second, RDFS.subPropertyOf):
            yield (first, RDFS.subPropertyOf, third)
        if (second, RDFS.subPropertyOf, first) in graph:
            yield (first, OWL.equivalentProperty, second)
    for first, second in graph.subject_objects(RDFS.subClassOf):
        if (second, RDFS.subClassOf, first) in graph:
            yield (first, OWL.equivalentClass, second)
    for kind, head in graph.subject_objects(OWL.intersectionOf):
        yield from ((kind, RDFS.subClassOf, part) for part in members(graph, head))
    for kind, head in graph.subject_objects(OWL.unionOf):
        yield from ((part, RDFS.subClassOf, kind) for part in members(graph, head))


def _same(groups: Iterable[Iterable[Node]]) -> Iterator[Triple]:
    """owl:sameAs between every two different nodes of each group."""
    for group in map(list, groups):
        for first in group:
            for second in group:
                if first != second:
                    yield (first, OWL.sameAs, second)
