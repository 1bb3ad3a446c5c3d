"""The domain API: every stored query of queries/ at ``/api/<name>``, documented from its header.

Routes are made from the query files when the app is created, one loop, no route per query.
Queries run through the isolated query runner (deadline, row cap), like public SPARQL.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import URL

from coopgraph import formats
from coopgraph.errors import InputError
from coopgraph.questions import (
    DRAWN_ANALYSES,
    GRAPH_MEDIA_TYPES,
    GRAPH_SHAPED_ANALYSES,
    PLAIN_JSON,
    Asked,
    Findings,
    FindingsPage,
    JsonLdSite,
    Limits,
    Record,
    StoredQuery,
    ask,
    cell_json,
    check_analysis,
    findings_csv,
    findings_json,
    findings_jsonld,
    findings_media_type,
    findings_rdf,
    findings_sparql_json,
    graph_iris,
    graph_jsonld,
    iri_labels,
    iris_of,
    load_queries,
)
from coopgraph.settings import Settings
from coopgraph.store import Store
from coopgraph.web.answer_cache import look_up
from coopgraph.web.api_docs import (
    DEFAULT_LIMIT,
    RESERVED,
    describe,
    examples_json,
    operation_doc,
)
from coopgraph.web.api_requests import Options, given_values, jsonld_site, read_options
from coopgraph.web.deps import RunnerDep, SettingsDep, StoreDep
from coopgraph.web.headers import ROW_CAP_HEADER, TRUNCATED_HEADER

Endpoint = Callable[..., Awaitable[Response]]
PictureRoutes = Callable[[APIRouter, StoredQuery, Limits], None]
"""Adds the picture routes of a query whose analysis draws (``routes.pictures.add_routes``,
handed in by the app: no route module imports another)."""


def _links(url: URL, page: FindingsPage) -> dict[str, str | None]:
    def at(offset: int | None) -> str | None:
        return None if offset is None else str(url.include_query_params(offset=offset))

    return {"self": str(url), "next": at(page.next_offset), "previous": at(page.previous_offset)}


def _link_header(links: dict[str, str | None]) -> str:
    return ", ".join(f'<{href}>; rel="{rel}"' for rel, href in links.items() if href)


def _jsonld(
    query: StoredQuery, findings: Findings, page: tuple[list[Record], int], lang: str,
    store: Store, site: JsonLdSite,
) -> bytes:  # fmt: skip
    """Graph-shaped findings as their graph, any other as a result set, compact JSON-LD."""
    if findings.graph is not None:
        names = iri_labels(store, graph_iris(findings.graph), lang)
        return graph_jsonld(findings.graph, names, site)
    names = iri_labels(store, iris_of(page[0], findings.summary), lang)
    return findings_jsonld(query.name, findings, page, names, lang, site)


def _body(
    query: StoredQuery, asked: Asked, options: Options, media: str, request: Request,
    store: Store, public_base: str | None,
) -> tuple[bytes, dict[str, str | None]]:  # fmt: skip
    findings = asked.findings
    page = FindingsPage(options.offset, options.limit, len(findings.records))
    records = page.slice(findings.records)
    links = _links(request.url, page)
    if media == formats.JSON_LD:
        site = jsonld_site(request, public_base, store)
        return _jsonld(query, findings, (records, page.offset), options.lang, store, site), links
    if media in GRAPH_MEDIA_TYPES and findings.graph is not None:
        names = iri_labels(store, graph_iris(findings.graph), options.lang)
        return findings_rdf(findings.graph, names, media), links
    if media == PLAIN_JSON:
        names = iri_labels(store, iris_of(records, findings.summary), options.lang)
        head = {
            "query": query.name,
            "parameters": cell_json(asked.values, names, options.lang),
            "total": page.total, "offset": page.offset, "limit": page.limit, "links": links,
        }  # fmt: skip
        return findings_json(findings, records, names, options.lang, head), links
    if media == formats.CSV:
        names = iri_labels(store, iris_of(records, {}), options.lang)
        return findings_csv(findings, records, names, options.lang), links
    return findings_sparql_json(findings, records, options.lang), links


def respond(
    request: Request, query: StoredQuery, asked: Asked, options: Options, store: Store,
    settings: Settings,
) -> Response:  # fmt: skip
    """The answer in the negotiated format, with page links and the row cap in headers."""
    media = findings_media_type(options.format, request.headers.get("accept"), asked.findings)
    body, links = _body(query, asked, options, media, request, store, settings.public_base)
    headers = {"Vary": "Accept, Accept-Language", "Content-Language": options.lang}
    headers[ROW_CAP_HEADER] = str(settings.row_cap)
    if asked.findings.truncated:
        headers[TRUNCATED_HEADER] = "true"
    if _link_header(links):
        headers["Link"] = _link_header(links)
    return Response(body, media_type=formats.with_charset(media), headers=headers)


def answer_endpoint(query: StoredQuery, limits: Limits) -> Endpoint:
    """The handler of ``/api/<name>`` for one stored query."""

    async def answer(
        request: Request, settings: SettingsDep, store: StoreDep, runner: RunnerDep
    ) -> Response:
        options = read_options(request, settings.row_cap)
        key = ("api", str(request.url), request.headers.get("accept"), options.lang)
        lookup = await look_up(request, store, settings, key)  # every parameter, in order
        kept = lookup.hit(request)
        if kept is not None:
            return kept
        asked = await ask(query, given_values(request), store, runner, limits)
        response = await run_in_threadpool(respond, request, query, asked, options, store, settings)
        return lookup.keep(request, response)

    return answer


def catalogue_entry(query: StoredQuery, lang: str, request: Request) -> dict[str, Any]:
    """One stored query as the catalogue lists it."""
    drawn = query.analysis in DRAWN_ANALYSES
    return {
        "name": query.name,
        "summary": query.summary[lang],
        "description": query.description.get(lang, ""),
        "question": query.question,
        "tags": list(query.tags),
        "analysis": query.analysis,
        "url": str(request.url_for(f"api-{query.name}")),
        "svg": str(request.url_for(f"svg-{query.name}")) if drawn else None,
        "picture": str(request.url_for(f"picture-{query.name}")) if drawn else None,
        "parameters": [
            {"name": p.name, "type": p.kind, "class": p.of_class, "scheme": p.scheme,
             "datatype": p.datatype, "list": p.many, "required": p.required,
             "default": list(p.default)}
            for p in query.parameters
        ],
        "examples": examples_json(query),
    }  # fmt: skip


def catalogue_endpoint(queries: dict[str, StoredQuery]) -> Endpoint:
    """The handler of ``/api/queries``."""

    async def catalogue(request: Request) -> Response:
        lang = read_options(request, DEFAULT_LIMIT).lang
        entries = [catalogue_entry(query, lang, request) for query in queries.values()]
        body = json.dumps({"lang": lang, "queries": entries}, ensure_ascii=False)
        return Response(body.encode("utf-8"), media_type=PLAIN_JSON)

    return catalogue


def load(settings: Settings) -> dict[str, StoredQuery]:
    """The stored queries of the content root, checked against the analyses and the API."""
    queries = load_queries(settings.content_root / "queries")
    for query in queries.values():
        check_analysis(query)
        taken = [p.name for p in query.parameters if p.name in RESERVED]
        if taken or query.name == "queries":
            raise InputError(
                f"{query.source}: '{(taken or ['queries'])[0]}' is reserved by the API "
                f"({', '.join(RESERVED)} as parameters, `queries` as a name)"
            )
    return queries


def build_router(settings: Settings, add_pictures: PictureRoutes) -> APIRouter:
    """A router with ``/api/queries``, an endpoint for each stored query, and its pictures."""
    queries = load(settings)
    limits = Limits(
        settings.query_timeout, asyncio.Semaphore(settings.query_workers), settings.row_cap
    )
    router = APIRouter(tags=["Domain API"])
    router.add_api_route(
        "/api/queries", catalogue_endpoint(queries), methods=["GET"], name="api-queries",
        summary="The stored queries / les requêtes enregistrées", response_class=Response,
    )  # fmt: skip
    for query in queries.values():
        graph_shaped = query.form in ("CONSTRUCT", "DESCRIBE")
        graph_shaped = graph_shaped or query.analysis in GRAPH_SHAPED_ANALYSES
        router.add_api_route(
            f"/api/{query.name}", answer_endpoint(query, limits), methods=["GET"],
            name=f"api-{query.name}",
            summary=f"{query.summary['en']} / {query.summary['fr']}",
            description=describe(query, "en"), response_class=Response,
            openapi_extra=operation_doc(query, settings.row_cap, graph_shaped),
        )  # fmt: skip
        if query.analysis in DRAWN_ANALYSES:
            add_pictures(router, query, limits)
    return router
