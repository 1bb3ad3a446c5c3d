"""Reconciliation queries read from their JSON: the 0.2 batch and the 1.0 draft's list.

A 0.2 batch is an object of queries by key (``{"q0": {"query": "Lens", "type": ..., "limit":
3, "properties": [{"pid": ..., "v": ...}]}}``); the 1.0 draft sends ``{"queries": [...]}``,
each with ``conditions`` (``matchType`` ``name``, ``id`` or ``property``, the value in
``propertyValue``, the property in ``propertyId``; ``v`` and ``pid`` are read too). Both
become :class:`Query`.
What cannot be read is an InputError naming the query and the field, in French and English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coopgraph.errors import InputError

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
FIELDS = frozenset({"query", "type", "limit", "properties", "type_strict"})
"""The fields of a 0.2 query."""
DRAFT_FIELDS = frozenset({"type", "limit", "lang", "dir", "conditions"})
"""The fields of a 1.0 draft query."""


@dataclass(frozen=True)
class Condition:
    """A property value a candidate should have (``pid``/``v``)."""

    property: str
    values: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class Query:
    """One reconciliation query: a name, types, a limit, property conditions."""

    text: str
    types: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    conditions: tuple[Condition, ...] = ()
    ids: tuple[str, ...] = ()
    """The draft's ``matchType: id``: the candidates are these IRIs."""


def refused(french: str, english: str) -> InputError:
    """An InputError worded in both languages."""
    return InputError(f"{french} / {english}")


def read_json(text: str, field: str) -> Any:
    """The JSON document of a form field or body; InputError naming the field and place."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise refused(
            f"« {field} » n'est pas du JSON valide (ligne {exc.lineno}, colonne {exc.colno} : "
            f"{exc.msg})",
            f"'{field}' is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
        ) from exc


def read_batch(document: Any) -> dict[str, Query]:
    """The queries of a 0.2 batch, by key."""
    if not isinstance(document, dict):
        raise refused(
            '« queries » doit être un objet JSON de requêtes par clé ({"q0": {...}})',
            "'queries' must be a JSON object of queries by key ({\"q0\": {...}})",
        )
    return {str(key): read_query(value, str(key)) for key, value in document.items()}


def read_query(value: Any, where: str) -> Query:
    """One 0.2 query (or a bare string, as 0.1 allowed)."""
    if isinstance(value, str):
        return Query(value)
    if not isinstance(value, dict):
        raise refused(f"{where} : une requête est un objet JSON", f"{where}: a query is an object")
    _check_fields(value, FIELDS, where)
    conditions = tuple(
        _condition(item, f"{where}.properties[{n}]")
        for n, item in enumerate(_list(value.get("properties", []), f"{where}.properties"))
    )
    text = value.get("query", "")
    if not isinstance(text, str):
        raise refused(f"{where}.query : un texte est attendu", f"{where}.query: expected a string")
    if not text.strip() and not conditions:
        raise refused(
            f"{where} : ni « query » ni « properties » : rien à chercher",
            f"{where}: neither 'query' nor 'properties': nothing to look for",
        )
    return Query(text, _types(value.get("type"), where), _limit(value, where), conditions)


def read_draft(document: Any) -> list[Query]:
    """The queries of a 1.0 draft batch, in order."""
    if not isinstance(document, dict) or "queries" not in document:
        raise refused(
            'le corps doit être un objet JSON {"queries": [...]}',
            'the body must be a JSON object {"queries": [...]}',
        )
    return [
        _draft_query(item, f"queries[{n}]")
        for n, item in enumerate(_list(document["queries"], "queries"))
    ]


def _draft_query(value: Any, where: str) -> Query:
    if not isinstance(value, dict):
        raise refused(f"{where} : une requête est un objet", f"{where}: a query is an object")
    _check_fields(value, DRAFT_FIELDS, where)
    found: dict[str, list[str]] = {"name": [], "id": []}
    conditions: list[Condition] = []
    for n, item in enumerate(_list(value.get("conditions"), f"{where}.conditions")):
        place = f"{where}.conditions[{n}]"
        kind = item.get("matchType") if isinstance(item, dict) else None
        if kind in found:
            found[kind].extend(_values(_draft_value(item, place), place))
        elif kind == "property":
            conditions.append(_condition(item, place, bool(item.get("required", False))))
        else:
            raise refused(
                f"{place}.matchType : « name », « id » ou « property » attendu",
                f"{place}.matchType: expected 'name', 'id' or 'property'",
            )
    text, ids = " ".join(found["name"]), tuple(found["id"])
    if not text.strip() and not conditions and not ids:
        raise refused(f"{where} : aucune condition", f"{where}: no condition to match")
    types, limit = _types(value.get("type"), where), _limit(value, where)
    return Query(text, types, limit, tuple(conditions), ids)


def _check_fields(value: dict[str, Any], known: frozenset[str], where: str) -> None:
    """A misspelt field ("props") would be silently left out: refused instead."""
    unknown = sorted(set(value) - known)
    if unknown:
        names, expected = ", ".join(unknown), ", ".join(sorted(known))
        raise refused(
            f"{where} : champ inconnu {names} ; connus : {expected}",
            f"{where}: unknown field {names}; known: {expected}",
        )


def _draft_value(item: dict[str, Any], where: str) -> Any:
    if "propertyValue" in item:
        return item["propertyValue"]
    if "v" in item:
        return item["v"]
    raise refused(f"{where} : « propertyValue » manque", f"{where}: 'propertyValue' is missing")


def _condition(item: Any, where: str, required: bool = False) -> Condition:
    """A 0.2 property (``pid``, ``v``) or a draft condition (``propertyId``, ``propertyValue``)."""
    if isinstance(item, dict):
        prop = item.get("pid", item.get("propertyId"))
        if isinstance(prop, str) and ("v" in item or "propertyValue" in item):
            return Condition(prop, _values(_draft_value(item, where), where), required)
    raise refused(
        f"{where} : « pid » (texte) et « v » sont attendus",
        f"{where}: expected 'pid' (a string) and 'v'",
    )


def _values(value: Any, where: str) -> tuple[str, ...]:
    """Property values as text: strings, numbers, booleans, or ``{"id": ...}`` objects."""
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.append(item["id"])
        elif isinstance(item, bool):
            found.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            found.append(str(item))
        else:
            raise refused(
                f'{where}.v : texte, nombre, booléen ou {{"id": ...}} attendu',
                f'{where}.v: expected a string, number, boolean or {{"id": ...}}',
            )
    return tuple(found)


def _types(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise refused(
        f"{where}.type : un IRI de type ou une liste d'IRI attendu",
        f"{where}.type: expected a type IRI or a list of them",
    )


def _limit(value: dict[str, Any], where: str) -> int:
    limit = value.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not limit >= 1:
        raise refused(
            f"{where}.limit : un entier positif est attendu, pas {limit!r}",
            f"{where}.limit: expected a positive integer, not {limit!r}",
        )
    return min(int(limit), MAX_LIMIT)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise refused(f"{where} : une liste est attendue", f"{where}: expected a list")
    return value
