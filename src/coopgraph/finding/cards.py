"""What is shown of a thing found: its name, kinds, where it lies, codes, population.

A :class:`Card` is the content of a reconciliation preview and of a search suggestion; its
:meth:`Card.summary` is the one line that tells namesakes apart ("commune · Pas-de-Calais
(62) · 32 920 hab.").
"""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph import iris
from coopgraph.finding.gathering import DEPARTMENT, OWL, Entry
from coopgraph.finding.index import SearchIndex

_INHABITANTS = {"fr": "hab.", "en": "inhabitants"}
_POSTAL = {"fr": "code postal", "en": "postal code"}
_POSTALS = {"fr": "codes postaux", "en": "postal codes"}
_INSEE = {"fr": "code Insee", "en": "INSEE code"}
_SIREN_WIDTH = 9
_HIDDEN_KINDS = (OWL + "NamedIndividual", OWL + "Thing")
_DEFINITION_CUT = 160
_KNOWN_NAMES = {
    "http://www.w3.org/2004/02/skos/core#Concept": ("concept (SKOS)", "concept (SKOS)"),
    OWL + "Class": ("classe de l'ontologie", "ontology class"),
    OWL + "ObjectProperty": ("propriété d'objet", "object property"),
    OWL + "DatatypeProperty": ("propriété de données", "datatype property"),
}


@dataclass(frozen=True)
class Named:
    """An IRI and its name in the reader's language."""

    id: str
    name: str


@dataclass(frozen=True)
class Card:
    """A thing found, as a reader sees it."""

    id: str
    name: str
    kinds: tuple[Named, ...]
    within: tuple[Named, ...]
    codes: tuple[str, ...]
    population: int
    definition: str | None
    lang: str
    postal_codes: tuple[str, ...] = ()

    def postal(self) -> str:
        """Its postal codes after their name ("code postal 62750"), or '' for none."""
        if not self.postal_codes:
            return ""
        words = (_POSTALS if len(self.postal_codes) > 1 else _POSTAL)[self.lang]
        return f"{words} {', '.join(self.postal_codes)}"

    def official(self) -> str:
        """Its official codes after their name ("code Insee 62498 · SIREN 216204982")."""
        return " · ".join(
            f"{'SIREN' if len(code) == _SIREN_WIDTH else _INSEE[self.lang]} {code}"
            for code in self.codes
        )

    def summary(self) -> str:
        """One line: kinds, the territories it is part of, population; else its definition."""
        parts = [", ".join(kind.name for kind in self.kinds)]
        parts += [place.name for place in self.within]
        if self.population:
            parts.append(f"{self.population:,} {_INHABITANTS[self.lang]}".replace(",", "\u202f"))
        if len(parts) == 1 and self.definition:
            parts.append(_shortened(self.definition))
        return " · ".join(part for part in parts if part)


def card_of(entry: Entry, index: SearchIndex, lang: str) -> Card:
    """The card of an entry, its kinds and places named from the index in ``lang``."""
    return Card(
        id=entry.iri,
        name=entry.name(lang),
        kinds=kinds_of(entry, index, lang),
        within=tuple(_places(entry, index, lang)),
        codes=_in_order(entry.codes),
        population=entry.population,
        definition=entry.definition(lang),
        lang=lang,
        postal_codes=tuple(sorted(entry.postal_codes)),
    )


def kinds_of(entry: Entry, index: SearchIndex, lang: str) -> tuple[Named, ...]:
    """The most specific types of an entry, named: coopgraph's own when it has any."""
    shown = {kind for kind in entry.types if kind not in _HIDDEN_KINDS}
    broader = set().union(*(index.superclasses.get(kind, ()) for kind in shown))
    specific = shown - broader
    own = {kind for kind in specific if kind.startswith(iris.TERM_BASE)}
    return tuple(Named(kind, name_of(kind, index, lang)) for kind in sorted(own or specific))


def _places(entry: Entry, index: SearchIndex, lang: str) -> list[Named]:
    """The département (with its code) an entry lies in, else what it is part of."""
    places = [index.find(parent) for parent in sorted(entry.parents)]
    known = [place for place in places if place is not None]
    departments = [place for place in known if DEPARTMENT in place.kinds]
    return [Named(place.iri, _with_code(place, lang)) for place in departments or known[:2]]


def _in_order(codes: set[str]) -> tuple[str, ...]:
    """INSEE code first, then SIREN."""
    return tuple(sorted(codes, key=lambda code: (len(code), code)))


def _with_code(place: Entry, lang: str) -> str:
    codes = _in_order(place.codes)
    return f"{place.name(lang)} ({codes[0]})" if codes else place.name(lang)


def name_of(iri: str, index: SearchIndex, lang: str) -> str:
    """The name of an IRI in ``lang``: the index's, else a few known ones, else its last part.

    A few classes of other vocabularies that coopgraph offers as types have no label in the
    store; they are named here.
    """
    found = index.find(iri)
    if found is not None:
        return found.name(lang)
    if iri in _KNOWN_NAMES:
        return _KNOWN_NAMES[iri][lang == "en"]
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _shortened(text: str) -> str:
    if len(text) <= _DEFINITION_CUT:
        return text
    return text[: _DEFINITION_CUT - 1].rsplit(" ", 1)[0] + "…"
