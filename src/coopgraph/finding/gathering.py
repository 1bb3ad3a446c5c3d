"""What the index knows of each named thing, read from the store in a few SELECTs.

Everything with a label (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``) is an
:class:`Entry`: its labels by language, its codes (``cg:inseeCode``, ``cg:sirenCode``), its
postal codes (``cg:postalCode``, kept apart: one may serve several communes), its
types with their superclasses (from ``rdfs:subClassOf`` in the store, so that a firm is found
as an actor without reasoning), the territories it is part of, its population and definition.
The answers are read as SPARQL JSON, without making rdflib terms: at a million triples that is
what the time goes to.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from coopgraph import formats, iris
from coopgraph.store import AnswerFormats, Store

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_PROPERTY = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"
NAME_PROPERTIES = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel")
"""The properties whose values name a thing; the first ones are its name."""
INSEE_CODE = iris.TERM_BASE + "inseeCode"
SIREN_CODE = iris.TERM_BASE + "sirenCode"
CODE_PROPERTIES = (INSEE_CODE, SIREN_CODE)
POSTAL_CODE = iris.TERM_BASE + "postalCode"
POPULATION = iris.TERM_BASE + "population"
DEFINITION = SKOS + "definition"
IS_PART_OF = iris.TERM_BASE + "isPartOf"
DEPARTMENT = iris.TERM_BASE + "Department"
LEFT_OUT = (iris.SHAPE_BASE, iris.GRAPH_BASE)
"""IRIs never offered: the shapes and the named graphs are not things one looks for."""

_VALUES = f"""
SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ {" ".join(f"<{p}>" for p in (*NAME_PROPERTIES, *CODE_PROPERTIES))}
              <{POSTAL_CODE}> <{POPULATION}> <{DEFINITION}> }}
  ?s ?p ?o FILTER(isIRI(?s))
}}"""
_TYPES = "SELECT ?s ?o WHERE { ?s a ?o FILTER(isIRI(?s) && isIRI(?o)) }"
_SUPERCLASSES = f"SELECT ?s ?o WHERE {{ ?s <{RDFS}subClassOf> ?o FILTER(isIRI(?o)) }}"
_PARENTS = f"SELECT ?s ?o WHERE {{ ?s <{IS_PART_OF}> ?o FILTER(isIRI(?o)) }}"


@dataclass(slots=True)
class Entry:
    """One named thing as the index holds it."""

    iri: str
    names: dict[str, str] = field(default_factory=dict)
    """The first name (rdfs:label or skos:prefLabel) in each language ('' for none)."""
    labels: set[str] = field(default_factory=set)
    """Every name and alternative name, in every language."""
    codes: set[str] = field(default_factory=set)
    """Its official codes: INSEE code, SIREN."""
    postal_codes: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    """Its asserted types."""
    kinds: frozenset[str] = frozenset()
    """Its types with all their superclasses."""
    parents: set[str] = field(default_factory=set)
    """What it is part of (``cg:isPartOf``, one level up)."""
    definitions: dict[str, str] = field(default_factory=dict)
    population: int = 0

    def name(self, lang: str) -> str:
        """Its name in ``lang``, else in French, without a language, or any; else its IRI."""
        for choice in (lang, "fr", "", "en"):
            if choice in self.names:
                return self.names[choice]
        return next(iter(self.names.values()), next(iter(sorted(self.labels)), self.iri))

    def definition(self, lang: str) -> str | None:
        """Its definition in ``lang``, else in any language it has one."""
        return self.definitions.get(lang) or next(iter(self.definitions.values()), None)


Superclasses = dict[str, frozenset[str]]
"""Each class's superclasses, direct or not."""


def gather_entries(store: Store) -> tuple[list[Entry], Superclasses]:
    """Every labelled thing of the store, its types closed under ``rdfs:subClassOf``; and
    the superclasses of each class."""
    entries: dict[str, Entry] = {}
    for subject, predicate, value, lang in _rows(store, _VALUES):
        if not subject.startswith(LEFT_OUT):
            _add_value(entries.setdefault(subject, Entry(subject)), predicate, value, lang)
    named = {iri: entry for iri, entry in entries.items() if entry.labels}
    for subject, kind, _, _ in _rows(store, _TYPES):
        if subject in named:
            named[subject].types.add(kind)
    for subject, parent, _, _ in _rows(store, _PARENTS):
        if subject in named:
            named[subject].parents.add(parent)
    closure = superclass_closure((s, o) for s, o, _, _ in _rows(store, _SUPERCLASSES))
    for entry in named.values():
        entry.kinds = frozenset(entry.types).union(*(closure.get(t, ()) for t in entry.types))
    return list(named.values()), closure


def _add_value(entry: Entry, predicate: str, value: str, lang: str) -> None:
    if predicate in NAME_PROPERTIES:
        entry.labels.add(value)
        if predicate != SKOS + "altLabel":
            entry.names.setdefault(lang, value)
    elif predicate in CODE_PROPERTIES:
        entry.codes.add(value)
    elif predicate == POSTAL_CODE:
        entry.postal_codes.add(value)
    elif predicate == POPULATION:
        entry.population = max(entry.population, _integer(value))
    else:
        entry.definitions.setdefault(lang, value)


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def superclass_closure(pairs: Iterator[tuple[str, str]]) -> Superclasses:
    """Each class's superclasses, direct or not, itself left out.

    >>> closure = superclass_closure(iter([("a", "b"), ("b", "c"), ("c", "a")]))
    >>> sorted(closure["a"])
    ['b', 'c']
    """
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in pairs:
        if sub != sup:
            direct[sub].add(sup)
    closure: Superclasses = {}
    for start in direct:
        seen: set[str] = set()
        waiting = list(direct[start])
        while waiting:
            current = waiting.pop()
            if current not in seen and current != start:
                seen.add(current)
                waiting.extend(direct.get(current, ()))
        closure[start] = frozenset(seen)
    return closure


def _rows(store: Store, sparql: str) -> Iterator[tuple[str, str, str, str]]:
    """(s, p or o, o, language) of a SELECT, as plain strings read from SPARQL JSON."""
    answer = store.answer(sparql, AnswerFormats(formats.SPARQL_JSON, None))
    variables = ("s", "p", "o") if "?p" in sparql else ("s", "o")
    for binding in json.loads(answer.body)["results"]["bindings"]:
        values = [binding[name]["value"] for name in variables]
        lang = binding[variables[-1]].get("xml:lang", "")
        if len(values) == 2:
            values.append("")
        yield values[0], values[1], values[2], lang
