"""What a description looks like to a reader: labels in one language, hierarchy, links.

Builds the view of a resource page from a :class:`~coopgraph.linked_data.Description`;
templates only lay it out. Links to IRIs under the persistent base stay on this deployment
(``site`` + path); other IRIs are linked as they are.

>>> pick_language("en-GB,en;q=0.9,fr;q=0.5", None)
'en'
>>> pick_language(None, None)
'fr'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from coopgraph.linked_data import uris as linked_data

LANGUAGES: tuple[str, ...] = ("fr", "en")
"""The languages of pages; French first, the project's language."""

SH_NAME = URIRef("http://www.w3.org/ns/shacl#name")
LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, SH_NAME)
DEFINITIONS = (SKOS.definition, RDFS.comment, DCTERMS.description)
SOURCES = (DCTERMS.source, PROV.wasDerivedFrom, RDFS.isDefinedBy, RDFS.seeAlso)
# (heading key, predicate going up or down, its inverse read from incoming links)
_HIERARCHY = (
    ("broader", SKOS.broader, SKOS.narrower),
    ("narrower", SKOS.narrower, SKOS.broader),
    ("superclasses", RDFS.subClassOf, None),
    ("subclasses", None, RDFS.subClassOf),
    ("superproperties", RDFS.subPropertyOf, None),
    ("subproperties", None, RDFS.subPropertyOf),
)
_MESSAGES = Path(__file__).parents[1] / "messages" / "pages.json"


@cache
def _all_messages() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads(_MESSAGES.read_text(encoding="utf-8"))
    return loaded


class Messages(dict[str, str]):
    """The interface's words in one language; ``t.title`` in a template reads ``t["title"]``.

    Jinja tries an attribute before an item: found as an attribute, a word costs no caught
    AttributeError (a page reads dozens).
    """

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def messages(lang: str) -> Messages:
    """The interface's words in ``lang``."""
    return Messages({key: texts[lang] for key, texts in _all_messages().items()})


def pick_language(accept_language: str | None, requested: str | None) -> str:
    """``?lang=`` when it is fr or en, else Accept-Language's choice; French by default.

    A header naming neither French nor English gets English, the wider second language.
    """
    if requested in LANGUAGES:
        return requested
    if not accept_language:
        return LANGUAGES[0]
    best, best_quality = "en", 0.0
    for part in accept_language.split(","):
        tag, _, parameters = part.partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = _quality(parameters)
        if primary in LANGUAGES and quality > best_quality:
            best, best_quality = primary, quality
    return best


def _quality(parameters: str) -> float:
    name, _, number = parameters.strip().partition("=")
    if name.strip() != "q":
        return 1.0
    try:
        return float(number)
    except ValueError:
        return 0.0


@dataclass(frozen=True)
class Value:
    """One value on a page: a link (href), a literal (text, lang), or a blank node (rows)."""

    text: str
    href: str | None = None
    lang: str | None = None
    rows: tuple[PropertyRow, ...] = ()
    local: bool = False


@dataclass(frozen=True)
class PropertyRow:
    """A predicate and its values."""

    predicate: Value
    values: tuple[Value, ...]


@dataclass
class ResourcePage:
    """Everything the resource template shows."""

    iri: str
    title: str
    lang: str
    types: list[Value]
    definitions: list[Value]
    other_labels: list[Value]
    hierarchy: list[tuple[str, list[Value]]]
    outgoing: list[PropertyRow]
    incoming: list[PropertyRow]
    incoming_cut: bool
    sources: list[Value]
    provenance: list[linked_data.GraphSource]
    deprecated: bool
    replaced_by: list[Value] = field(default_factory=list)


@lru_cache(maxsize=8192)
def curie(iri: str) -> str:
    """A prefixed name for ``iri`` when a known prefix fits, else the IRI."""
    best = max(
        ((p, ns) for p, ns in linked_data.prefixes().items() if iri.startswith(ns)),
        key=lambda pair: len(pair[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def href(iri: str, site: str) -> str:
    """Where a link to ``iri`` points: this deployment for our IRIs, else the IRI itself."""
    path = linked_data.local_path(iri)
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


def value(graph: Graph, node: Node, lang: str, site: str, depth: int = 0) -> Value:
    """The view of one RDF term: a link with its label, a literal, or a nested blank node."""
    if isinstance(node, Literal):
        return Value(str(node), lang=node.language)
    if isinstance(node, BNode):
        return Value(
            "", rows=tuple(rows_of(graph, node, lang, site, depth + 1)) if depth < 4 else ()
        )
    local = linked_data.local_path(str(node)) is not None
    return Value(label(graph, node, lang), href=href(str(node), site), local=local)


def rows_of(
    graph: Graph, subject: Node, lang: str, site: str, depth: int = 0, skip: Iterable[Node] = ()
) -> list[PropertyRow]:
    """The outgoing properties of ``subject``, one row a predicate, values sorted."""
    skipped = set(skip)
    predicates = sorted({p for p in graph.predicates(subject) if p not in skipped}, key=str)
    return [
        PropertyRow(
            value(graph, p, lang, site),
            tuple(
                value(graph, o, lang, site, depth)
                for o in sorted(graph.objects(subject, p), key=str)
            ),
        )
        for p in predicates
    ]


def resource_page(description: linked_data.Description, lang: str, site: str) -> ResourcePage:
    """The view of a resource page in ``lang``, its links on ``site``."""
    graph, iri = description.graph, description.iri
    shown = {RDF.type, *LABELS, *DEFINITIONS, SKOS.altLabel}
    return ResourcePage(
        iri=str(iri),
        title=label(graph, iri, lang),
        lang=lang,
        types=[value(graph, t, lang, site) for t in linked_data.objects(graph, iri, RDF.type)],
        definitions=text_values(graph, iri, DEFINITIONS, lang),
        other_labels=_other_labels(graph, iri, lang),
        hierarchy=_hierarchy(description, lang, site),
        outgoing=rows_of(graph, iri, lang, site, skip=shown),
        incoming=_incoming_rows(description, lang, site),
        incoming_cut=description.incoming_cut,
        sources=[value(graph, o, lang, site) for p in SOURCES for o in graph.objects(iri, p)],
        provenance=description.sources,
        deprecated=linked_data.is_deprecated(graph, iri),
        replaced_by=[value(graph, o, lang, site) for o in graph.objects(iri, DCTERMS.isReplacedBy)],
    )


def text_values(graph: Graph, node: Node, predicates: Iterable[URIRef], lang: str) -> list[Value]:
    """Literals of ``predicates``: those in ``lang`` (or without language) first."""
    found = [o for p in predicates for o in graph.objects(node, p) if isinstance(o, Literal)]
    found.sort(key=lambda literal: literal.language not in (lang, None))
    return [Value(str(o), lang=o.language) for o in found]


def _other_labels(graph: Graph, node: Node, lang: str) -> list[Value]:
    title = label(graph, node, lang)
    predicates = (*LABELS, SKOS.altLabel)
    return [v for v in text_values(graph, node, predicates, lang) if v.text != title]


def _hierarchy(
    description: linked_data.Description, lang: str, site: str
) -> list[tuple[str, list[Value]]]:
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
                (heading, [value(graph, n, lang, site) for n in sorted(related, key=str)])
            )
    return sections


def _incoming_rows(description: linked_data.Description, lang: str, site: str) -> list[PropertyRow]:
    graph = description.graph
    by_predicate: dict[URIRef, list[URIRef]] = {}
    for subject, predicate in description.incoming:
        by_predicate.setdefault(predicate, []).append(subject)
    return [
        PropertyRow(
            value(graph, predicate, lang, site),
            tuple(value(graph, s, lang, site) for s in subjects),
        )
        for predicate, subjects in sorted(by_predicate.items())
    ]
