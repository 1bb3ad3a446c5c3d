"""Pictures of stored queries whose analysis draws: ``/api/<name>.svg`` and an HTML page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from rdflib import Literal
from rdflib.term import Identifier
from starlette.datastructures import URL

from coopgraph.errors import InputError
from coopgraph.questions import (
    Drawing,
    Limits,
    StoredQuery,
    ask,
    drawing_legend,
    drawing_svg,
    iri_labels,
)
from coopgraph.store import Store
from coopgraph.web.api_docs import common_docs, parameter_doc
from coopgraph.web.api_requests import given_values, read_options
from coopgraph.web.deps import RunnerDep, SettingsDep, StoreDep
from coopgraph.web.templating import templates

SVG = "image/svg+xml"


def drawn_terms(drawing: Drawing) -> list[Identifier]:
    """Every term a drawing shows: nodes, their groups, edge labels."""
    terms = [n.term for n in drawing.nodes] + [n.group for n in drawing.nodes if n.group]
    return list(dict.fromkeys(terms + [e.label for e in drawing.edges if e.label is not None]))


def draw(drawing: Drawing, store: Store, lang: str) -> tuple[bytes, dict[Identifier, Literal]]:
    """The SVG of a drawing, labelled in ``lang``, and the labels used."""
    names = iri_labels(store, drawn_terms(drawing), lang)
    return drawing_svg(drawing, names), names


async def _drawing(
    query: StoredQuery, request: Request, store: Store, runner: RunnerDep, limits: Limits
) -> Drawing:
    asked = await ask(query, given_values(request), store, runner, limits)
    if asked.findings.drawing is None:
        raise InputError(f"{query.name} has nothing to draw")
    return asked.findings.drawing


def _url(base: URL, given: dict[str, list[str]], **extra: str) -> str:
    pairs = [(k, v) for k, values in given.items() for v in values] + list(extra.items())
    return str(base.replace(query=urlencode(pairs)))


def links(
    request: Request, query: StoredQuery, given: dict[str, list[str]], lang: str
) -> dict[str, str]:
    """The same question as SVG, JSON and CSV."""
    api = request.url_for(f"api-{query.name}")
    return {
        "SVG": _url(request.url_for(f"svg-{query.name}"), given, lang=lang),
        "JSON": _url(api, given, lang=lang, format="json"),
        "CSV": _url(api, given, lang=lang, format="csv"),
    }


def add_routes(router: APIRouter, query: StoredQuery, limits: Limits) -> None:
    """``/api/<name>.svg`` and ``/pictures/<name>`` for one stored query."""

    async def svg(
        request: Request, settings: SettingsDep, store: StoreDep, runner: RunnerDep
    ) -> Response:
        lang = read_options(request, settings.row_cap).lang
        drawing = await _drawing(query, request, store, runner, limits)
        picture, _ = await run_in_threadpool(draw, drawing, store, lang)
        return Response(picture, media_type=SVG, headers={"Content-Language": lang})

    async def page(
        request: Request, settings: SettingsDep, store: StoreDep, runner: RunnerDep
    ) -> Response:
        lang = read_options(request, settings.row_cap).lang
        given = given_values(request)
        context: dict[str, Any] = {"query": query, "lang": lang, "given": given, "error": None}
        status = 200
        try:
            drawing = await _drawing(query, request, store, runner, limits)
            picture, names = await run_in_threadpool(draw, drawing, store, lang)
            context |= {"svg": picture.decode("utf-8"), "legend": drawing_legend(drawing, names)}
        except InputError as exc:
            context["error"], status = str(exc), 400
        context["links"] = links(request, query, given, lang)
        return templates.TemplateResponse(request, "pictures.html", context, status_code=status)

    summary = f"Picture: {query.summary['en']} / {query.summary['fr']}"
    router.add_api_route(
        f"/api/{query.name}.svg", svg, methods=["GET"], name=f"svg-{query.name}",
        summary=summary, response_class=Response,
        responses={200: {"content": {SVG: {}}, "description": "An SVG picture."}},
        openapi_extra={"parameters": [parameter_doc(p) for p in query.parameters]
                       + common_docs(1, [])[:1]},
    )  # fmt: skip
    router.add_api_route(
        f"/pictures/{query.name}", page, methods=["GET"], name=f"picture-{query.name}",
        include_in_schema=False,
    )  # fmt: skip
