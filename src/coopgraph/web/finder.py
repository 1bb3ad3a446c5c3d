"""What the search and reconciliation routes share: the index keeper, types, page links."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request

from coopgraph import iris
from coopgraph.finding import IndexKeeper, refused

PREFIXES = {
    "cg": iris.TERM_BASE,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
"""The prefixes ``type`` may be written with (``cg:Commune``); a bare name is coopgraph's."""


def keeper_of(request: Request) -> IndexKeeper:
    """The app's search index keeper (opened by the lifespan)."""
    keeper: IndexKeeper = request.app.state.finder
    return keeper


def type_iri(value: str) -> str:
    """A type as given (IRI, ``cg:Commune`` or ``Commune``) as an IRI.

    >>> type_iri("cg:Commune")
    'https://w3id.org/coopgraph/def/Commune'
    >>> type_iri("Region")
    'https://w3id.org/coopgraph/def/Region'
    """
    if value.startswith(("http://", "https://")):
        return value
    prefix, colon, name = value.partition(":")
    if not colon:
        return iris.TERM_BASE + value
    if prefix not in PREFIXES or not name:
        known = ", ".join(PREFIXES)
        raise refused(
            f"type « {value} » : préfixe inconnu ; connus : {known}, ou un IRI entier",
            f"type '{value}': unknown prefix; known: {known}, or a whole IRI",
        )
    return PREFIXES[prefix] + name


def page_of(site: str, iri: str) -> str | None:
    """The page of a persistent IRI on this deployment; None for an IRI from elsewhere."""
    if not iri.startswith(iris.CANONICAL_BASE):
        return None
    return site + quote("/" + iri.removeprefix(iris.CANONICAL_BASE), safe="/:@!$&'()*+,;=-._~")


def read_count(value: str, name: str, lowest: int, highest: int) -> int:
    """An integer parameter between ``lowest`` and ``highest``; else InputError naming it.

    >>> read_count("5", "limit", 1, 50)
    5
    """
    if not value.strip().isdigit() or not lowest <= int(value) <= highest:
        raise refused(
            f"« {name} » doit être un entier de {lowest} à {highest}, pas « {value} »",
            f"'{name}' must be an integer from {lowest} to {highest}, not '{value}'",
        )
    return int(value)
