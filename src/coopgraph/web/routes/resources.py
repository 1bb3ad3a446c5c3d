"""Dereferencing of /def, /ref/..., /id/..., /shapes/...: 303 to a document, then the document.

``GET /id/commune/62528`` (a resource) answers 303 See Other to ``/id/commune/62528.html``
or ``.ttl``, ``.jsonld``, ``.rdf``, ``.nt`` (chosen by Accept or ``?format=``); the document
URL answers 200 with Content-Location (its own URL; an HTML page's names its language). Both
carry Link headers: canonical (the persistent IRI), alternate (every format, with its type) and
describedby (the chosen document). A page says the same in ``<link>`` elements and embeds its
description as JSON-LD.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request, Response

from coopgraph.errors import InputError, NotFound
from coopgraph.formats import with_charset
from coopgraph.languages import LANGUAGES
from coopgraph.linked_data import (
    DOCUMENT_FORMATS,
    HTML_DOCUMENT,
    INCOMING_SHOWN,
    NAMESPACES,
    Description,
    DocumentFormat,
    add_incoming,
    canonical_iri,
    choose_document_format,
    describe_resource,
    format_by_suffix,
    iri_path,
    ontology_document,
    ontology_versions,
    render_documentation,
    resource_exists,
    resource_page,
    serialise_document,
    split_suffix,
    uri_of,
)
from coopgraph.store import Store
from coopgraph.web import answer_cache, page_cache
from coopgraph.web.api_docs import path_parameter_docs
from coopgraph.web.browsing import browsing_of, paging
from coopgraph.web.deps import SettingsDep, StoreDep
from coopgraph.web.html import (
    LangQuery,
    alternates,
    embedded_jsonld,
    localised,
    page_context,
    request_language,
    resource_links,
    site_of,
)
from coopgraph.web.templating import templates
from coopgraph.web.territory_page import territory_of

router = APIRouter(tags=["Linked Data"])

FormatQuery = Annotated[
    str | None, Query(description="html, ttl, jsonld, rdf or nt: overrides Accept.")
]
_PATHS = ("/def", "/def.{suffix}", *(f"/{n}/{{rest:path}}" for n in NAMESPACES))
_UNDOCUMENTED_PATHS = ("/def.",)
"""Paths that name no document either, routed here for the 404 page (an empty suffix)."""
_VARY = "Accept, Accept-Language"


def link_header(site: str, path: str, iri: str, chosen: DocumentFormat) -> str:
    """Link: canonical (the persistent IRI), alternate per format, describedby (URI forms)."""
    iri, path = uri_of(iri), uri_of(path)
    links = [f'<{iri}>; rel="canonical"']
    for each in DOCUMENT_FORMATS:
        links.append(f'<{site}{path}.{each.suffix}>; rel="alternate"; type="{each.media_type}"')
    links.append(f'<{site}{path}.{chosen.suffix}>; rel="describedby"; type="{chosen.media_type}"')
    return ", ".join(links)


def request_path(request: Request) -> str:
    """The IRI form of the path under the root path, as the client sent it (percent-encoded).

    The decoded path would turn ``%2F`` into a slash and ``%5E`` into a ``^`` no IRI holds.
    """
    raw = request.scope.get("raw_path")
    if not isinstance(raw, bytes):
        return iri_path(quote(request.url.path, safe=_PATH_SAFE))
    try:
        sent = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the request path is not UTF-8: {raw[:80]!r}") from exc
    root = quote(str(request.scope.get("root_path", "")), safe=_PATH_SAFE)
    return iri_path(sent.removeprefix(root) if root else sent)


_PATH_SAFE = "/!$&'()*+,;=:@~%"


def dereference(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    format: FormatQuery = None,
    lang: LangQuery = None,
) -> Response:
    """Answer a resource IRI with 303 to a document, or a document URL with the document.

    Answers are kept in the store's page cache until its next write, never for a request with
    a token (see :mod:`coopgraph.web.answer_cache`); each carries an ETag, and If-None-Match
    gets 304.
    """
    lang = lang if lang in LANGUAGES else None  # others: Accept-Language's choice
    path, suffix = split_suffix(request_path(request))
    site = site_of(request, settings.public_base)
    if suffix is None:
        chosen = choose_document_format(request.headers.get("accept"), format)
    else:
        chosen = format_by_suffix(suffix)
    language = request_language(request, lang)
    key = (path, suffix is None, chosen.suffix, language, lang is not None, site, *paging(request))
    try:
        return answer_cache.kept_or_made(
            request, store, settings, key,
            lambda: _answer(request, store, site, path, suffix is None, chosen, lang),
        )  # fmt: skip
    except _NotFoundPage as missing:
        return missing.response


def _answer(
    request: Request,
    store: Store,
    site: str,
    path: str,
    is_resource: bool,
    chosen: DocumentFormat,
    lang: str | None,
) -> page_cache.Rendered:
    """The 303 of a resource IRI or the document, as bytes and headers to keep."""
    iri = canonical_iri(path)
    if is_resource:
        if not _known(store, iri):
            raise _NotFoundPage(not_found(request, iri, site, chosen, lang))
        response = _see_other(site, path, iri, chosen, lang)
    else:
        response = _document(request, store, site, path, chosen, lang)
    return _rendered(response)


class _NotFoundPage(Exception):
    """A 404 answer: sent, never kept (unknown paths are unbounded)."""

    def __init__(self, response: Response) -> None:
        super().__init__("not found")
        self.response = response


def _rendered(response: Response) -> page_cache.Rendered:
    if response.status_code == 404:
        raise _NotFoundPage(response)
    return page_cache.rendered_of(response)


_PATH_PARAMETERS = {
    "suffix": "A document format: html, ttl, jsonld, rdf or nt.",
    "rest": "The rest of the IRI under the namespace, percent-encoded as in a URI.",
}
"""The path parameters ``dereference`` reads from the raw path, for the OpenAPI."""

for _path in (*_PATHS, *_UNDOCUMENTED_PATHS):
    for _method in ("GET", "HEAD"):
        router.add_api_route(
            _path,
            dereference,
            methods=[_method],
            name=f"resource {_path}",
            summary="Dereference a coopgraph IRI (303 to a document) or fetch a document",
            response_class=Response,
            include_in_schema=_method == "GET" and _path in _PATHS,
            openapi_extra=path_parameter_docs(_path, _PATH_PARAMETERS),
        )


@router.head("/graph/{rest:path}", include_in_schema=False)
@router.get(
    "/graph/{rest:path}",
    summary="Dereference a named graph IRI: 303 to its Graph Store document",
    response_class=Response,
)
def dereference_graph(
    request: Request, rest: str, settings: SettingsDep, store: StoreDep
) -> Response:
    """A named graph's IRI names the graph; its content is served by the Graph Store."""
    iri = canonical_iri(request_path(request))
    if not store.has_graph(iri):
        raise NotFound(f"coopgraph holds no graph <{iri}>")
    location = f"{site_of(request, settings.public_base)}/graphs?{urlencode({'graph': iri})}"
    return Response(status_code=303, headers={"Location": location, "Vary": "Accept"})


def _known(store: Store, iri: str) -> bool:
    return iri in ontology_versions(store) or resource_exists(store, iri)


def _see_other(
    site: str, path: str, iri: str, chosen: DocumentFormat, lang: str | None
) -> Response:
    location = f"{site}{uri_of(path)}.{chosen.suffix}"
    if lang and chosen is HTML_DOCUMENT:
        location += f"?lang={lang}"
    headers = {
        "Location": location,
        "Link": link_header(site, path, iri, chosen),
        "Vary": "Accept",
    }
    return Response(status_code=303, headers=headers)


def _document(
    request: Request,
    store: Store,
    site: str,
    path: str,
    chosen: DocumentFormat,
    lang: str | None,
) -> Response:
    iri = canonical_iri(path)
    language = request_language(request, lang) if chosen is HTML_DOCUMENT else None
    location = f"{site}{uri_of(path)}.{chosen.suffix}" + (f"?lang={language}" if language else "")
    headers = {"Link": link_header(site, path, iri, chosen), "Content-Location": location}
    if iri in ontology_versions(store):
        return _ontology(request, store, site, chosen, lang, headers)
    description = describe_resource(store, iri)
    if chosen is not HTML_DOCUMENT:
        if description.is_empty and not resource_exists(store, iri):
            raise NotFound(f"coopgraph knows no resource <{iri}>")
        body = serialise_document(description.graph, chosen)
        return Response(body, media_type=with_charset(chosen.media_type), headers=headers)
    embedded = embedded_jsonld(description.graph)  # the .jsonld document: no incoming labels
    add_incoming(store, description)
    if description.is_empty:
        return not_found(request, iri, site, chosen, lang)
    return _html_page(request, description, embedded, site, path, lang, headers)


def _html_page(
    request: Request,
    description: Description,
    embedded: dict[str, Any],
    site: str,
    path: str,
    lang: str | None,
    headers: dict[str, str],
) -> Response:
    chosen = request_language(request, lang)
    context = {
        "page": resource_page(description, chosen, site),
        "alternates": alternates(site, path),
        "head_links": resource_links(site, path, str(description.iri)),
        "embedded_jsonld": embedded,
        "incoming_shown": INCOMING_SHOWN,
        "keep_lang": lang is not None,
        "territory": territory_of(request, description, chosen),
        "browsing": browsing_of(request, description, chosen, site),
        **page_context(chosen, site),
    }
    response = templates.TemplateResponse(request, "resource.html", context, headers=headers)
    return localised(response, chosen, _VARY)


def _ontology(
    request: Request,
    store: Store,
    site: str,
    chosen: DocumentFormat,
    lang: str | None,
    headers: dict[str, str],
) -> Response:
    if chosen is not HTML_DOCUMENT:
        body = ontology_document(store, chosen)
        return Response(body, media_type=with_charset(chosen.media_type), headers=headers)
    language = request_language(request, lang)
    html = render_documentation("ontology", store, language, site)
    response = Response(html, media_type=with_charset("text/html"), headers=headers)
    return localised(response, language, _VARY)


def not_found(
    request: Request, iri: str, site: str, chosen: DocumentFormat, lang: str | None
) -> Response:
    """404: an HTML page saying so for browsers, else a plain-text error."""
    if chosen is not HTML_DOCUMENT:
        raise NotFound(f"coopgraph knows no resource <{iri}>")
    language = request_language(request, lang)
    context = {"iri": iri, **page_context(language, site)}
    response = templates.TemplateResponse(request, "404.html", context, status_code=404)
    return localised(response, language, _VARY)
