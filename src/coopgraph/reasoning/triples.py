"""A closure as a set of triples, indexed for the rules that read it.

An rdflib ``Graph`` costs tens of microseconds per triple added or looked up; a closure of a
few thousand triples is read by ``reasoning.rules`` and ``reasoning.consistency`` through the
few lookups they need, kept here in dictionaries built on first use: by predicate, then by
predicate and subject or predicate and object.

>>> from rdflib import URIRef
>>> a, p, b = (URIRef(f"http://example.org/{n}") for n in "apb")
>>> closure = Triples([(a, p, b)])
>>> (a, p, b) in closure, sorted(closure.objects(a, p)), sorted(closure.subjects(p, b))
(True, [rdflib.term.URIRef('http://example.org/b')], [rdflib.term.URIRef('http://example.org/a')])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib.namespace import RDF
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class Triples:
    """A set of triples with the lookups the rules need."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self._all = set(triples)
        self._pairs: dict[Node, list[tuple[Node, Node]]] | None = None
        self._by_predicate: dict[Node, dict[Node, set[Node]]] = {}
        self._by_value: dict[Node, dict[Node, set[Node]]] = {}

    def __contains__(self, triple: object) -> bool:
        return triple in self._all

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        """Every (subject, object) pair of ``predicate``."""
        if self._pairs is None:  # one pass on first use; most closures are read for a few
            self._pairs = {}
            for subject, predicate_of, value in self._all:
                self._pairs.setdefault(predicate_of, []).append((subject, value))
        return iter(self._pairs.get(predicate, ()))

    def objects(self, subject: Node, predicate: Node) -> set[Node]:
        """The objects of ``subject``'s ``predicate``."""
        index = self._by_predicate.get(predicate)
        if index is None:
            index = {}
            for subject_of, value in self.subject_objects(predicate):
                index.setdefault(subject_of, set()).add(value)
            self._by_predicate[predicate] = index
        return index.get(subject, set())

    def subjects(self, predicate: Node, value: Node) -> set[Node]:
        """The subjects whose ``predicate`` has ``value``."""
        index = self._by_value.get(predicate)
        if index is None:
            index = {}
            for subject, value_of in self.subject_objects(predicate):
                index.setdefault(value_of, set()).add(subject)
            self._by_value[predicate] = index
        return index.get(value, set())


def members(triples: Triples, head: Node) -> list[Node]:
    """The items of the RDF list starting at ``head`` (those before a break or a cycle)."""
    found: list[Node] = []
    seen: set[Node] = set()
    while head != RDF.nil and head not in seen:
        seen.add(head)
        firsts, rests = triples.objects(head, RDF.first), triples.objects(head, RDF.rest)
        if len(firsts) != 1 or len(rests) != 1:
            return found
        found.append(next(iter(firsts)))
        head = next(iter(rests))
    return found
