"""What every HTML answer needs: the site prefix of links, the page context, the language.

Pages link within the deployment (``site`` + path), speak the language ``?lang=`` or
Accept-Language chose (:func:`request_language`), and say it in ``Content-Language`` with the
headers they vary on (:func:`localised`). A resource's page names its persistent IRI as
canonical and its RDF documents as alternates (:func:`resource_links`), and embeds its
description as JSON-LD (:func:`embedded_jsonld`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query, Request, Response
from rdflib import Graph

from coopgraph.languages import LANGUAGES, interface_words, pick_language
from coopgraph.linked_data import (
    DOCUMENT_FORMATS,
    HTML_DOCUMENT,
    format_by_suffix,
    serialise_document,
    uri_of,
)

LangQuery = Annotated[str | None, Query(description="fr or en: overrides Accept-Language.")]
"""The ``?lang=`` of a page."""


def site_of(request: Request, public_base: str | None) -> str:
    """The prefix of links on this deployment: COOPGRAPH_PUBLIC_BASE, or the root path."""
    if public_base:
        return public_base.rstrip("/")
    return str(request.scope.get("root_path", "")).rstrip("/")


def request_language(request: Request, *choices: str | None) -> str:
    """The first of ``choices`` that is fr or en, else Accept-Language's choice; French first."""
    chosen = next((choice for choice in choices if choice in LANGUAGES), None)
    return pick_language(request.headers.get("accept-language"), chosen)


def page_context(lang: str, site: str) -> dict[str, object]:
    """What every page template needs: language, interface words, site prefix."""
    return {"lang": lang, "t": interface_words("pages", lang), "site": site}


def localised(response: Response, lang: str, vary: str = "Accept-Language") -> Response:
    """The response, saying its language and what it varies on."""
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = vary
    return response


@dataclass(frozen=True)
class Alternate:
    """A link to another representation of a page (attributes: Jinja reads them at no cost)."""

    href: str
    type: str
    name: str
    rel: str = "alternate"


def alternates(site: str, path: str) -> list[Alternate]:
    """The RDF documents of a resource, for links in its page."""
    return [
        Alternate(f"{site}{uri_of(path)}.{f.suffix}", f.media_type, f.name)
        for f in DOCUMENT_FORMATS
        if f is not HTML_DOCUMENT
    ]


def resource_links(site: str, path: str, iri: str) -> list[Alternate]:
    """The ``<link>`` elements of a resource's page: canonical (the IRI), then alternates."""
    return [Alternate(uri_of(iri), "", "IRI", rel="canonical"), *alternates(site, path)]


def embedded_jsonld(graph: Graph) -> dict[str, Any]:
    """``graph`` as the compact JSON-LD of its ``.jsonld`` document, for a page's ``<script>``.

    The template writes it with Jinja's ``tojson``, which escapes ``<``, ``>``, ``&`` and
    ``'``: no literal can close the script element.
    """
    document = serialise_document(graph, format_by_suffix("jsonld"))
    parsed: dict[str, Any] = json.loads(document)
    return parsed
