"""Reading a request to a stored query: its parameter values, language, page and format, and
where a JSON-LD answer to it is (its URL, the deployment's context)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from fastapi import Request

from coopgraph.errors import InputError
from coopgraph.languages import LANGUAGES, pick_language
from coopgraph.linked_data import jsonld_context_from_store
from coopgraph.questions import JsonLdSite
from coopgraph.store import Store
from coopgraph.web.api_docs import DEFAULT_LIMIT, RESERVED

_DIGITS = re.compile(r"[0-9]{1,18}")
"""An integer request parameter: ASCII digits only (``str.isdigit`` takes '²', which ``int``
refuses), and few enough that ``int`` never meets its limit on digits."""


@dataclass(frozen=True)
class Options:
    """What a request asks besides the query's parameters: language, page, format."""

    lang: str
    limit: int
    offset: int
    format: str | None


def _integer(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not _DIGITS.fullmatch(raw) or int(raw) < low or (high is not None and int(raw) > high):
        upper = f" and {high}" if high is not None else " or more"
        raise InputError(f"parameter '{name}': '{raw}' is not an integer between {low}{upper}")
    return int(raw)


def read_options(request: Request, row_cap: int) -> Options:
    """The language, page and format of a request; InputError naming a bad one."""
    lang = request.query_params.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise InputError(f"parameter 'lang': '{lang}' is not one of {', '.join(LANGUAGES)}")
    return Options(
        pick_language(request.headers.get("accept-language"), lang),
        _integer(request, "limit", min(DEFAULT_LIMIT, row_cap), 1, row_cap),
        _integer(request, "offset", 0, 0, None),
        request.query_params.get("format") or None,
    )


def given_values(request: Request) -> dict[str, list[str]]:
    """The stored query's parameters of a request (every name but the reserved ones)."""
    params = request.query_params
    return {key: params.getlist(key) for key in params if key not in RESERVED}


def jsonld_site(request: Request, public_base: str | None, store: Store) -> JsonLdSite:
    """The answer's URL, and the context it names: ``/context.jsonld`` of the request's site
    (COOPGRAPH_PUBLIC_BASE when set), absolute, with the document served there."""
    site = (public_base or str(request.base_url)).rstrip("/")
    context = json.loads(jsonld_context_from_store(store))
    return JsonLdSite(str(request.url), f"{site}/context.jsonld", context)
