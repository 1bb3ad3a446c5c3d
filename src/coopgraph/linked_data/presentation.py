"""What a description looks like to a reader: labels in one language, hierarchy, links.

Builds the view of a resource page from a :class:`~coopgraph.Description`;
templates only lay it out. Links to IRIs under the persistent base stay on this deployment
(``site`` + path); other IRIs are linked as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from coopgraph.iris import EXAMPLES_GRAPH_BASE
from coopgraph.linked_data.descriptions import Description, GraphSource, is_deprecated, objects
from coopgraph.linked_data.uris import local_path, prefixes

SH_NAME = URIRef("http://www.w3.org/ns/shacl#name")
"""``sh:name``, a shape's label."""
LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, SH_NAME)
"""The predicates of a label, in order of preference."""
DEFINITIONS = (SKOS.definition, RDFS.comment, DCTERMS.description)
"""The predicates of a definition, in order of preference."""
SOURCES = (DCTERMS.source, PROV.wasDerivedFrom, RDFS.isDefinedBy, RDFS.seeAlso)
"""The predicates naming where a resource comes from."""
# (heading key, predicate going up or down, its inverse read from incoming links)
_HIERARCHY = (
    ("broader", SKOS.broader, SKOS.narrower),
    ("narrower", SKOS.narrower, SKOS.broader),
    ("superclasses", RDFS.subClassOf, None),
    ("subclasses", None, RDFS.subClassOf),
    ("superproperties", RDFS.subPropertyOf, None),
    ("subproperties", None, RDFS.subPropertyOf),
)


@dataclass(frozen=True)
class PageValue:
    """One value on a page: a link (href), a literal (text, lang), or a blank node (rows)."""

    text: str
    href: str | None = None
    lang: str | None = None
    rows: tuple[PropertyRow, ...] = ()
    local: bool = False


@dataclass(frozen=True)
class PropertyRow:
    """A predicate and its values."""

    predicate: PageValue
    values: tuple[PageValue, ...]


@dataclass
class ResourcePage:
    """Everything the resource template shows."""

    iri: str
    title: str
    lang: str
    types: list[PageValue]
    definitions: list[PageValue]
    other_labels: list[PageValue]
    hierarchy: list[tuple[str, list[PageValue]]]
    outgoing: list[PropertyRow]
    incoming: list[PropertyRow]
    incoming_cut: bool
    sources: list[PageValue]
    provenance: list[GraphSource]
    deprecated: bool
    replaced_by: list[PageValue] = field(default_factory=list)
    illustrative: bool = False


@lru_cache(maxsize=8192)
def curie(iri: str) -> str:
    """A prefixed name for ``iri`` when a known prefix fits, else the IRI."""
    best = max(
        ((p, ns) for p, ns in prefixes().items() if iri.startswith(ns)),
        key=lambda pair: len(pair[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def href(iri: str, site: str) -> str:
    """Where a link to ``iri`` points: this deployment for our IRIs, else the IRI itself."""
    path = local_path(iri)
    return iri if path is None else site + path


def text_in(graph: Graph, node: Node, predicates: Iterable[URIRef], lang: str) -> str | None:
    """The first literal of ``predicates`` in ``lang``, else without language, else any."""
    wanted = tuple(predicates)
    by_predicate: dict[Node, list[Literal]] = {}
    for predicate, o in graph.predicate_objects(node):  # one look-up, not one a predicate
        if isinstance(o, Literal) and predicate in wanted:
            by_predicate.setdefault(predicate, []).append(o)
    found = [o for p in wanted for o in by_predicate.get(p, ())]
    for wanted_lang in (lang, None):
        for literal in found:
            if literal.language == wanted_lang:
                return str(literal)
    return str(found[0]) if found else None


def label(graph: Graph, node: Node, lang: str) -> str:
    """The label of ``node`` in ``lang`` (or any language), else its prefixed name."""
    return text_in(graph, node, LABELS, lang) or curie(str(node))


def page_value(graph: Graph, node: Node, lang: str, site: str, depth: int = 0) -> PageValue:
    """The view of one RDF term: a link with its label, a literal, or a nested blank node."""
    if isinstance(node, Literal):
        return PageValue(str(node), lang=node.language)
    if isinstance(node, BNode):
        return PageValue(
            "", rows=tuple(rows_of(graph, node, lang, site, depth + 1)) if depth < 4 else ()
        )
    local = local_path(str(node)) is not None
    return PageValue(label(graph, node, lang), href=href(str(node), site), local=local)


def rows_of(
    graph: Graph, subject: Node, lang: str, site: str, depth: int = 0, skip: Iterable[Node] = ()
) -> list[PropertyRow]:
    """The outgoing properties of ``subject``, one row a predicate, values sorted."""
    skipped = set(skip)
    predicates = sorted({p for p in graph.predicates(subject) if p not in skipped}, key=str)
    return [
        PropertyRow(
            page_value(graph, p, lang, site),
            tuple(
                page_value(graph, o, lang, site, depth)
                for o in sorted(graph.objects(subject, p), key=str)
            ),
        )
        for p in predicates
    ]


def resource_page(description: Description, lang: str, site: str) -> ResourcePage:
    """The view of a resource page in ``lang``, its links on ``site``."""
    graph, iri = description.graph, description.iri
    shown = {RDF.type, *LABELS, *DEFINITIONS, SKOS.altLabel}
    return ResourcePage(
        iri=str(iri),
        title=label(graph, iri, lang),
        lang=lang,
        types=[page_value(graph, t, lang, site) for t in objects(graph, iri, RDF.type)],
        definitions=text_values(graph, iri, DEFINITIONS, lang),
        other_labels=_other_labels(graph, iri, lang),
        hierarchy=_hierarchy(description, lang, site),
        outgoing=rows_of(graph, iri, lang, site, skip=shown),
        incoming=_incoming_rows(description, lang, site),
        incoming_cut=description.incoming_cut,
        sources=[page_value(graph, o, lang, site) for p in SOURCES for o in graph.objects(iri, p)],
        provenance=description.sources,
        deprecated=is_deprecated(graph, iri),
        replaced_by=[
            page_value(graph, o, lang, site) for o in graph.objects(iri, DCTERMS.isReplacedBy)
        ],
        illustrative=any(s.graph.startswith(EXAMPLES_GRAPH_BASE) for s in description.sources),
    )


def text_values(
    graph: Graph, node: Node, predicates: Iterable[URIRef], lang: str
) -> list[PageValue]:
    """Literals of ``predicates``: those in ``lang`` (or without language) first."""
    found = [o for p in predicates for o in graph.objects(node, p) if isinstance(o, Literal)]
    found.sort(key=lambda literal: literal.language not in (lang, None))
    return [PageValue(str(o), lang=o.language) for o in found]


def _other_labels(graph: Graph, node: Node, lang: str) -> list[PageValue]:
    title = label(graph, node, lang)
    predicates = (*LABELS, SKOS.altLabel)
    return [v for v in text_values(graph, node, predicates, lang) if v.text != title]


def _hierarchy(description: Description, lang: str, site: str) -> list[tuple[str, list[PageValue]]]:
    """Broader/narrower, super/subclasses and super/subproperties, from both directions."""
    graph, iri = description.graph, description.iri
    sections = []
    for heading, outgoing, incoming in _HIERARCHY:
        related: set[Node] = set()
        if outgoing is not None:
            related.update(o for o in graph.objects(iri, outgoing) if not isinstance(o, BNode))
        if incoming is not None:
            related.update(s for s, p in description.incoming if p == incoming)
        if related:
            sections.append(
                (heading, [page_value(graph, n, lang, site) for n in sorted(related, key=str)])
            )
    return sections


def _incoming_rows(description: Description, lang: str, site: str) -> list[PropertyRow]:
    graph = description.graph
    by_predicate: dict[URIRef, list[URIRef]] = {}
    for subject, predicate in description.incoming:
        by_predicate.setdefault(predicate, []).append(subject)
    return [
        PropertyRow(
            page_value(graph, predicate, lang, site),
            tuple(page_value(graph, s, lang, site) for s in subjects),
        )
        for predicate, subjects in sorted(by_predicate.items())
    ]
