"""The instances of a class, a page at a time, for the class's page.

A class page lists the IRIs typed with the class (``rdf:type``; the inferred graphs add the
instances of its subclasses), each once, by label in the page's language, :data:`PAGE_SIZE`
a page. The engine counts and sorts them (queries/instances-count.rq, instances-page.rq); only
the page's own instances and their labels come back to Python.

>>> from coopgraph.store import memory_store
>>> store = memory_store()
>>> store.update('INSERT DATA { <http://ex/b> a <http://ex/C> ; <http://www.w3.org/2000/01/'
...              'rdf-schema#label> "Béa" . <http://ex/a> a <http://ex/C> }')
>>> found = class_instances(store, "http://ex/C", "fr", "", 1)
>>> found.total, [value.text for value in found.instances]
(2, ['Béa', 'http://ex/a'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.term import Node

from coopgraph.errors import InputError, NotFound
from coopgraph.linked_data.presentation import PageValue, page_value
from coopgraph.linked_data.uris import new_graph
from coopgraph.sparql_text import with_bindings, with_values
from coopgraph.store import Store

PAGE_SIZE = 100
"""Instances listed on one page of a class."""
CLASS_TYPES = frozenset({OWL.Class, RDFS.Class})
"""The types that make a resource a class whose page lists instances."""

_QUERIES = Path(__file__).parent / "queries"


@dataclass(frozen=True)
class InstancePage:
    """One page of a class's instances: which page, of how many, and what it lists."""

    page: int
    total: int
    instances: list[PageValue]

    @property
    def pages(self) -> int:
        """How many pages the instances fill (at least one)."""
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def first(self) -> int:
        """The rank of the page's first instance, from 1 (0 when there are none)."""
        return (self.page - 1) * PAGE_SIZE + 1 if self.instances else 0

    @property
    def last(self) -> int:
        """The rank of the page's last instance."""
        return self.first + len(self.instances) - 1 if self.instances else 0


@cache
def _query(name: str) -> str:
    return (_QUERIES / name).read_text(encoding="utf-8")


def is_class(types: Iterable[Node]) -> bool:
    """True when ``types`` (the rdf:type values of a resource) name owl:Class or rdfs:Class."""
    return any(each in CLASS_TYPES for each in types)


def page_number(raw: str | None) -> int:
    """The page a ``?page=`` value asks for: 1 when absent; InputError unless a positive integer.

    >>> page_number(None), page_number("3")
    (1, 3)
    """
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise InputError(
            f"paramètre 'page' : '{raw[:40]}' n'est pas un numéro de page (1, 2, 3…) / "
            f"parameter 'page': '{raw[:40]}' is not a page number (1, 2, 3...)"
        )
    return int(raw)


def class_instances(store: Store, iri: str, lang: str, site: str, page: int) -> InstancePage:
    """Page ``page`` of the instances of class ``iri``, labelled in ``lang``, linked on ``site``.

    NotFound when the page lies past the last one (page 1 always exists, empty or not).
    """
    bindings = {"class": URIRef(iri)}
    counted = store.select(with_bindings(_query("instances-count.rq"), bindings))
    total = int(counted.rows[0]["count"]) if counted.rows else 0
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:
        raise NotFound(
            f"la classe <{iri}> n'a pas de page {page} : elle en a {pages} / "
            f"the class <{iri}> has no page {page}: it has {pages}"
        )
    listed = _page_of(store, bindings | {"lang": Literal(lang)}, page)
    return InstancePage(page, total, _labelled(store, listed, lang, site))


def _page_of(store: Store, bindings: dict[str, Node], page: int) -> list[URIRef]:
    """The IRIs of one page, in order; the slice is written from checked integers."""
    text = with_bindings(_query("instances-page.rq"), bindings)
    text += f"\nLIMIT {PAGE_SIZE:d} OFFSET {(page - 1) * PAGE_SIZE:d}\n"
    return [row["instance"] for row in store.select(text) if isinstance(row["instance"], URIRef)]


def _labelled(store: Store, listed: list[URIRef], lang: str, site: str) -> list[PageValue]:
    """The page's instances as links with their labels in ``lang`` (one query for all)."""
    if not listed:
        return []
    graph = new_graph()
    for row in store.select(with_values(_query("instance-labels.rq"), {"instance": listed})):
        graph.add((row["instance"], row["labelling"], row["label"]))
    return [page_value(graph, instance, lang, site) for instance in listed]
