"""Did you mean: the nearest known terms for a misspelt IRI, the nearest territories for a code.

A steward who writes ``cg:Comune``, ``element:inhabitant-involvment`` or ``id:commune/76999``
gets, with the result that names the fault, the terms they probably meant:

- an IRI of our ontology (``cg:``) or referential (``ref/``) that the ontology graph does not
  define is a Violation of its own (``UNKNOWN_TERM``), unless a shape already reports it; either
  way the message names the nearest terms of the same kind (classes for a type, properties for a
  predicate, concepts of the same scheme folder for a value), by edit distance over local names
  and labels (rapidfuzz);
- an official territory's IRI whose code the geography lacks gets the nearest territories
  (``validation.places``).

Known terms are read from the store once per store generation.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from coopgraph.iris import CONCEPT_BASE, ONTOLOGY_GRAPH, TERM_BASE
from coopgraph.languages import normalise
from coopgraph.store import Store
from coopgraph.validation.context import OFFICIAL_TERRITORY, SHAPES_NS
from coopgraph.validation.places import NEAREST, territory_hint
from coopgraph.validation.results import Labels, Result, compact, pick

UNKNOWN_TERM = SHAPES_NS.KnownTermConstraintComponent
"""The constraint component of a result about a term our namespaces do not define."""
_TERM_CUTOFF = 70.0
_OURS = (TERM_BASE, CONCEPT_BASE)
_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[-_/#.]+")

_TERMS_QUERY = f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term ?kind ?label WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{
    ?term rdf:type ?kind
    FILTER (isIRI(?term) && (STRSTARTS(STR(?term), "{TERM_BASE}")
                             || STRSTARTS(STR(?term), "{CONCEPT_BASE}")))
    OPTIONAL {{ ?term rdfs:label|skos:prefLabel ?label }}
}} }}"""

_CLASS_KINDS = {"Class"}
_PROPERTY_KINDS = {"ObjectProperty", "DatatypeProperty", "AnnotationProperty", "Property"}


@dataclass(frozen=True)
class Term:
    """A known term: its IRI, the local names of its kinds, its labels."""

    iri: URIRef
    kinds: frozenset[str]
    labels: Labels


@dataclass(frozen=True)
class Known:
    """The terms of our namespaces the ontology graph defines."""

    terms: Mapping[URIRef, Term]

    def of_kind(self, kinds: set[str]) -> list[Term]:
        """The terms having one of these kinds (local names: 'Class', 'ObjectProperty'...)."""
        return [term for term in self.terms.values() if term.kinds & kinds]

    def in_folder(self, iri: str) -> list[Term]:
        """The terms whose IRI shares this IRI's folder (a concept's scheme folder)."""
        folder = iri.rsplit("/", 1)[0] + "/"
        return [term for term in self.terms.values() if str(term.iri).startswith(folder)]


_known_cache: weakref.WeakKeyDictionary[Store, tuple[int, Known]] = weakref.WeakKeyDictionary()


def known_terms(store: Store) -> Known:
    """The terms of ``cg:`` and ``ref/`` the ontology graph types (cached per generation)."""
    cached = _known_cache.get(store)
    generation = store.generation()
    if cached is not None and cached[0] == generation:
        return cached[1]
    kinds: dict[URIRef, set[str]] = {}
    labels: dict[URIRef, dict[str, str]] = {}
    for row in store.select(_TERMS_QUERY):
        term = URIRef(row["term"])
        kinds.setdefault(term, set()).add(_local_name(str(row["kind"])))
        label = row.get("label")
        if isinstance(label, Literal):
            labels.setdefault(term, {}).setdefault(label.language or "", str(label))
    known = Known({t: Term(t, frozenset(k), labels.get(t, {})) for t, k in kinds.items()})
    _known_cache[store] = (generation, known)
    return known


def with_suggestions(
    results: tuple[Result, ...],
    submission: Graph,
    store: Store,
    triples: Iterable[tuple[Node, Node, Node]] | None = None,
) -> tuple[Result, ...]:
    """The results, each unknown term or territory given its nearest known ones; a Violation
    added for each unknown term of our namespaces that no result names yet. ``triples``: the
    submission's as a list, when the caller holds one (read faster than the graph)."""
    known = known_terms(store)
    unknown = dict(_unknown_terms(submission if triples is None else triples, known))
    told = {r.value for r in results} | {r.focus for r in results}
    hints: dict[Node, Labels] = {
        iri: _term_hint(iri, position, known) for iri, (_s, _p, position) in unknown.items()
    }
    extra = [
        _hinted(_unknown_term_result(subject, predicate, iri, position), {iri: hints[iri]}, iri)
        for iri, (subject, predicate, position) in unknown.items()
        if iri not in told
    ]
    for iri in _unknown_territories(results):
        hints[iri] = territory_hint(iri, submission, store)
    return (*(_hinted(result, hints) for result in results), *extra)


def _hinted(result: Result, hints: Mapping[Node, Labels], about: Node | None = None) -> Result:
    if about is not None:
        hint = hints[about]
    elif result.value is not None and result.value in hints:
        hint = hints[result.value]
    elif result.value in (None, result.focus):  # a result about the node itself
        hint = hints.get(result.focus, {})
    else:
        hint = {}
    if not hint:
        return result
    messages = {
        language: f"{text} {pick(hint, language or 'en')}".strip()
        for language, text in result.messages.items()
    }
    return replace(result, messages=messages)


Position = str
"""Where an unknown term stands: 'class' (object of rdf:type), 'property', or 'value'."""


def _unknown_terms(
    submission: Iterable[tuple[Node, Node, Node]], known: Known
) -> Iterator[tuple[URIRef, tuple[Node, Node, Position]]]:
    for subject, predicate, obj in submission:
        if isinstance(predicate, URIRef) and _unknown(predicate, known):
            yield predicate, (subject, predicate, "property")
        if isinstance(obj, URIRef) and _unknown(obj, known):
            yield obj, (subject, predicate, "class" if predicate == RDF.type else "value")


def _unknown(term: URIRef, known: Known) -> bool:
    # str(): rdflib's URIRef.startswith does not take a tuple of prefixes
    return str(term).startswith(_OURS) and term not in known.terms


def _unknown_term_result(subject: Node, predicate: Node, iri: URIRef, position: str) -> Result:
    name = compact(iri)
    what = {
        "class": ("aucune classe", "class"),
        "property": ("aucune propriété", "property"),
        "value": ("aucun terme", "term"),
    }[position]
    return Result(
        focus=subject,
        path=predicate,
        value=iri if position != "property" else None,
        severity="Violation",
        messages={
            "fr": f"{name} n'existe pas : l'ontologie et le référentiel de coopgraph ne "
            f"définissent {what[0]} de ce nom.",
            "en": f"{name} does not exist: coopgraph's ontology and referential define no "
            f"{what[1]} of that name.",
        },
        component=UNKNOWN_TERM,
    )


def _term_hint(iri: URIRef, position: Position, known: Known) -> Labels:
    if position == "class":
        candidates = known.of_kind(_CLASS_KINDS)
    elif position == "property":
        candidates = known.of_kind(_PROPERTY_KINDS)
    else:
        candidates = known.in_folder(iri) or list(known.terms.values())
    nearest = nearest_terms(iri, candidates)
    if not nearest:
        return {
            "fr": "Aucun terme proche : voyez la documentation (/doc).",
            "en": "No close term: see the documentation (/doc).",
        }
    return {
        "fr": "Vouliez-vous dire " + _listed(nearest, "fr", " ou ") + " ?",
        "en": "Did you mean " + _listed(nearest, "en", " or ") + "?",
    }


def nearest_terms(iri: str, candidates: Iterable[Term], limit: int = NEAREST) -> list[Term]:
    """The candidates closest to ``iri`` by its local name against theirs and their labels."""
    choices: dict[str, Term] = {}
    for term in candidates:
        choices.setdefault(_spoken(_local_name(term.iri)), term)
        for label in term.labels.values():
            choices.setdefault(normalise(label), term)
    query = _spoken(_local_name(iri))
    found: list[Term] = []
    for choice, _score, _index in process.extract(
        query, list(choices), scorer=fuzz.ratio, score_cutoff=_TERM_CUTOFF, limit=limit * 4
    ):
        term = choices[choice]
        if term not in found:
            found.append(term)
    return found[:limit]


def _unknown_territories(results: Iterable[Result]) -> set[URIRef]:
    """Official-looking IRIs a result names that the geography lacks."""
    return {
        URIRef(r.focus)
        for r in results
        if isinstance(r.focus, URIRef) and OFFICIAL_TERRITORY.match(r.focus) and r.value == r.focus
    }


def _listed(terms: list[Term], language: str, joiner: str) -> str:
    named = []
    for term in terms:
        label = pick(term.labels, language)
        named.append(f"{compact(term.iri)} ({label})" if label else compact(term.iri))
    return joiner.join(named)


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _spoken(name: str) -> str:
    """A local name as words: 'inhabitantInvolvement' and 'inhabitant-involvement' alike."""
    return " ".join(part.lower() for part in _WORD_BREAK.split(name) if part)
