"""The W3C Reconciliation Service API over the search index: manifest, candidates, suggest.

Version 0.2 (what OpenRefine 3.x speaks) and the 1.0 draft where the two agree: the draft's
manifest is its own (its ``suggest`` is booleans), its batch a list answered as
``{"results": [{"candidates": [...]}]}``. Candidates are scored 0-100; a candidate is a
``match`` when its whole name or code was given, no other candidate has as much, and every
property given agrees. Properties: ``cg:inseeCode``, ``cg:sirenCode``, ``cg:postalCode`` (or
schema.org's ``postalCode``: the code, a postal code telling apart namesakes), and
``cg:isPartOf`` or ``department`` (a territory's IRI, code or name: "62", "Pas-de-Calais");
other properties are left out of the score, as the protocol lets a service do.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from coopgraph import __version__, iris
from coopgraph.finding.cards import card_of, kinds_of, name_of
from coopgraph.finding.gathering import (
    INSEE_CODE,
    IS_PART_OF,
    OWL,
    POSTAL_CODE,
    RDF_PROPERTY,
    RDFS,
    SIREN_CODE,
    SKOS,
    Entry,
)
from coopgraph.finding.index import EXACT, Hit, SearchIndex
from coopgraph.finding.queries import Condition, Query

_OWN_TYPES = ("Commune", "Intercommunality", "Department", "Region", "Actor", "Action")
DEFAULT_TYPES = (*(iris.TERM_BASE + name for name in _OWN_TYPES), SKOS + "Concept", OWL + "Class")
"""The types offered first: territories, actors, actions, concepts, ontology terms."""
CLASS_TYPES = (OWL + "Class", RDFS + "Class")
PROPERTY_TYPES = (RDF_PROPERTY, OWL + "ObjectProperty", OWL + "DatatypeProperty")
DEPARTMENT_PROPERTY = "department"
PROPERTIES = {
    INSEE_CODE: INSEE_CODE,
    "inseeCode": INSEE_CODE,
    SIREN_CODE: SIREN_CODE,
    "sirenCode": SIREN_CODE,
    POSTAL_CODE: POSTAL_CODE,
    "postalCode": POSTAL_CODE,
    "https://schema.org/postalCode": POSTAL_CODE,
    "http://schema.org/postalCode": POSTAL_CODE,
    IS_PART_OF: IS_PART_OF,
    "isPartOf": IS_PART_OF,
    DEPARTMENT_PROPERTY: IS_PART_OF,
}
"""The properties a query may give, by the names it may give them."""
_AGREES = 10.0
_DISAGREES = -30.0


def manifest(endpoint: str, index: SearchIndex, lang: str, draft: bool = False) -> dict[str, Any]:
    """The service manifest of the endpoint at ``endpoint`` (0.2, or the 1.0 draft's)."""
    described: dict[str, Any] = {
        "versions": ["1.0-draft"] if draft else ["0.1", "0.2"],
        "name": "coopgraph",
        "identifierSpace": iris.CANONICAL_BASE,
        "schemaSpace": iris.TERM_BASE,
        "serviceVersion": __version__,
        "defaultTypes": [_named(kind, index, lang) for kind in DEFAULT_TYPES],
        "view": {"url": endpoint + "/view?id={{id}}"},
        "preview": {"url": endpoint + "/preview?id={{id}}", "width": 400, "height": 160},
    }
    if draft:
        del described["preview"]["url"]
        described["suggest"] = {"entity": True, "type": True, "property": True}
        return described
    described["suggest"] = {
        kind: {"service_url": endpoint, "service_path": f"/suggest/{kind}"}
        for kind in ("entity", "type", "property")
    }
    return described


def reconcile(index: SearchIndex, query: Query, lang: str) -> list[dict[str, Any]]:
    """The candidates of one query, best first, as the API writes them."""
    conditions = tuple(c for c in query.conditions if c.property in PROPERTIES)
    hits = _candidates(index, replace(query, conditions=conditions))
    if conditions:
        hits = [_weighed(hit, conditions, index) for hit in hits]
        required = [c for c in conditions if c.required]
        hits = [h for h in hits if all(_agrees(h.entry, c, index) for c in required)]
        hits.sort(key=lambda hit: (-hit.score, -hit.entry.population))
    match = _is_match(hits)
    return [_candidate(h, index, lang, match and n == 0) for n, h in enumerate(hits[: query.limit])]


def answer_batch(index: SearchIndex, queries: dict[str, Query], lang: str) -> dict[str, Any]:
    """A 0.2 batch answered: ``{"q0": {"result": [...]}}``."""
    return {key: {"result": reconcile(index, query, lang)} for key, query in queries.items()}


def answer_draft(index: SearchIndex, queries: list[Query], lang: str) -> dict[str, Any]:
    """A 1.0 draft batch answered: ``{"results": [{"candidates": [...]}]}``, in order."""
    return {"results": [{"candidates": reconcile(index, query, lang)} for query in queries]}


def suggest(
    index: SearchIndex, kind: str, prefix: str, lang: str, cursor: int = 0, limit: int = 10
) -> dict[str, Any]:
    """What the suggest service offers for ``prefix``: entities, types or properties."""
    types = {"type": CLASS_TYPES, "property": PROPERTY_TYPES}.get(kind, ())
    hits = index.search(prefix, types, cursor + limit)[cursor:]
    if kind != "entity":
        return {"result": [_suggestion(hit.entry, index, lang) for hit in hits]}
    return {
        "result": [
            _suggestion(hit.entry, index, lang)
            | {"notable": [vars(k) for k in kinds_of(hit.entry, index, lang)]}
            for hit in hits
        ]
    }


def _candidates(index: SearchIndex, query: Query) -> list[Hit]:
    """Found by name, or by a code given as a property when no name is."""
    wider = max(query.limit * 5, 50) if query.conditions else query.limit + 1
    if query.ids:
        return [Hit(e, EXACT) for e in map(index.find, query.ids) if e is not None]
    if query.text.strip():
        return index.search(query.text, query.types, wider)
    found = {
        entry.iri: Hit(entry, EXACT)
        for condition in query.conditions
        for code in _codes(condition)
        for entry in index.named(code, query.types)
        if _agrees(entry, condition, index)
    }
    return sorted(found.values(), key=lambda hit: -hit.entry.population)


def _codes(condition: Condition) -> tuple[str, ...]:
    if PROPERTIES[condition.property] == IS_PART_OF:
        return ()
    width = 9 if PROPERTIES[condition.property] == SIREN_CODE else 5
    return tuple(_padded(value, width) for value in condition.values)


def _padded(value: str, width: int) -> str:
    """A code a spreadsheet read as a number, zeros put back (1001 -> 01001)."""
    return value.zfill(width) if value.isdigit() else value


def _weighed(hit: Hit, conditions: tuple[Condition, ...], index: SearchIndex) -> Hit:
    score = hit.score
    for condition in conditions:
        score += _AGREES if _agrees(hit.entry, condition, index) else _DISAGREES
    return replace(hit, score=max(0.0, min(EXACT, score)))


def _agrees(entry: Entry, condition: Condition, index: SearchIndex) -> bool:
    prop = PROPERTIES[condition.property]
    if prop != IS_PART_OF:
        codes = entry.postal_codes if prop == POSTAL_CODE else entry.codes
        return bool(codes & set(_codes(condition)))
    for value in condition.values:
        named = index.named(_padded(value, 2) if len(value) == 1 else value)
        if ({value} | {place.iri for place in named}) & entry.parents:
            return True
    return False


def _is_match(hits: list[Hit]) -> bool:
    """True when the first candidate is certain: whole name or code, and alone at its score."""
    if not hits or not hits[0].exact:
        return False
    return len(hits) == 1 or hits[1].score < hits[0].score


def _candidate(hit: Hit, index: SearchIndex, lang: str, match: bool) -> dict[str, Any]:
    found = _suggestion(hit.entry, index, lang)
    found["score"] = round(hit.score, 2)
    found["match"] = match
    found["type"] = [vars(kind) for kind in kinds_of(hit.entry, index, lang)]
    return found


def _suggestion(entry: Entry, index: SearchIndex, lang: str) -> dict[str, Any]:
    card = card_of(entry, index, lang)
    found: dict[str, Any] = {"id": entry.iri, "name": card.name}
    summary = card.summary()
    if summary:
        found["description"] = summary
    return found


def _named(iri: str, index: SearchIndex, lang: str) -> dict[str, str]:
    return {"id": iri, "name": name_of(iri, index, lang)}
