"""The SPARQL 1.1 endpoint: public queries, admin updates, the service description, YASGUI."""

from __future__ import annotations

from collections.abc import Hashable
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from rdflib import Graph

from coopgraph import formats, sparql_text
from coopgraph.access import keyring_of, require_admin
from coopgraph.errors import NotAcceptable
from coopgraph.reasoning import asserted_only
from coopgraph.settings import Settings
from coopgraph.store import AnswerFormats, Dataset, Store, own_dataset
from coopgraph.submissions import record_write
from coopgraph.templating import read_template, render_template
from coopgraph.web.answer_cache import look_up
from coopgraph.web.deps import RunnerDep, SettingsDep, StoreDep
from coopgraph.web.headers import ROW_CAP_HEADER, TRUNCATED_HEADER, UNKNOWN_GRAPHS_HEADER
from coopgraph.web.html import site_of
from coopgraph.web.sparql_protocol import Operation, read_operation
from coopgraph.web.templating import local_links, templates, yasgui_directory
from coopgraph.workers import QueryRunner

router = APIRouter(tags=["SPARQL"])

_IRI_SAFE = ":/?#[]@!$&'()*+,;=%~"
_HTML = "text/html"
_RDFLIB_FORMATS = {
    formats.TURTLE: "turtle",
    formats.N_TRIPLES: "nt",
    formats.JSON_LD: "json-ld",
    formats.RDF_XML: "xml",
}


def endpoint_url(request: Request, public_base: str | None) -> str:
    """The endpoint's own URL, as clients reach it."""
    if public_base:
        return public_base.rstrip("/") + "/sparql"
    return str(request.base_url) + "sparql"  # as url_for("sparql") would, without its cost


def _wants_html(accept: str | None) -> bool:
    """True for browsers: HTML named in Accept and preferred (``*/*`` alone is a machine)."""
    if not accept or _HTML not in accept.lower():
        return False
    offered = (*formats.RESULT_MEDIA_TYPES, *formats.GRAPH_MEDIA_TYPES, _HTML)
    return formats.negotiate(accept, offered) == _HTML


def _unknown_graphs(store: Store, dataset: Dataset) -> list[str]:
    """The graphs a request's dataset names that this store does not hold."""
    named = (*dataset.default_graphs, *dataset.named_graphs)
    return [graph for graph in dict.fromkeys(named) if not store.has_graph(graph)]


def _asserted_dataset(store: Store, operation: Operation, base: str) -> Dataset:
    """The dataset of an ``inference=false`` query, less the inferred graphs: the request's
    parameters, else the query's FROM and FROM NAMED (relative IRIs resolved against the
    endpoint, as the engine resolves them), else every asserted graph."""
    asked = operation.dataset
    if not asked.is_given:
        asked = own_dataset(f"BASE <{base}>\n{operation.text}")[0]
    return asserted_only(store, asked)


def _answer_headers(settings: Settings, truncated: bool, unknown: list[str]) -> dict[str, str]:
    """Row cap, truncation and unknown dataset graphs, said in headers, never silently."""
    headers = {ROW_CAP_HEADER: str(settings.row_cap), "Vary": "Accept"}
    if truncated:
        headers[TRUNCATED_HEADER] = "true"
    if unknown:
        headers[UNKNOWN_GRAPHS_HEADER] = " ".join(f"<{quote(g, safe=_IRI_SAFE)}>" for g in unknown)
    return headers


@router.post(
    "/sparql",
    name="sparql-post",
    operation_id="sparql_post",
    summary="SPARQL 1.1 Protocol endpoint (POST)",
)
@router.get(
    "/sparql",
    name="sparql",
    operation_id="sparql_get",
    summary="SPARQL 1.1 Protocol endpoint",
    description="Queries by GET or POST (read-only, public); updates by POST with the admin "
    "token. The default graph is the union of all named graphs, inferred ones included; "
    "`inference=false` leaves out the inferred graphs. Without a query, GET answers "
    "the SPARQL 1.1 Service Description (or the YASGUI editor for browsers).",
)
async def sparql(
    request: Request, settings: SettingsDep, store: StoreDep, runner: RunnerDep
) -> Response:
    """Answer one SPARQL Protocol request."""
    operation = await read_operation(request, settings.max_query_bytes)
    accept = request.headers.get("accept")
    if operation.kind is None:
        if _wants_html(accept):
            return _editor(request, settings, read_template("example-query.rq"))
        return await run_in_threadpool(_service_description, request, settings, store, accept)
    if operation.kind == "update":
        return await _update(request, settings, store, operation)
    if request.method == "GET" and _wants_html(accept):
        return _editor(request, settings, operation.text)
    chosen = AnswerFormats(
        formats.negotiate(accept, formats.RESULT_MEDIA_TYPES),
        formats.negotiate(accept, formats.GRAPH_MEDIA_TYPES),
    )
    base = endpoint_url(request, settings.public_base)
    lookup = await look_up(request, store, settings, _answer_key(operation, chosen, base))
    kept = lookup.hit(request) if chosen.results or chosen.graph else None
    if kept is not None:
        return kept  # the same text passed check_public when it was answered
    await run_in_threadpool(
        sparql_text.check_public, operation.text, settings.max_nesting, settings.allow_federation
    )
    if chosen.results is None and chosen.graph is None:
        raise NotAcceptable(f"cannot answer a query in any type of Accept: '{accept}'")
    answer = await _query(settings, store, runner, operation, chosen, base)
    return lookup.keep(request, answer)


def _answer_key(operation: Operation, chosen: AnswerFormats, base: str) -> Hashable:
    """What a query's answer depends on besides the store: its key in the answer cache."""
    dataset = operation.dataset
    return (
        "sparql",
        operation.text,
        dataset.default_graphs,
        dataset.named_graphs,
        operation.inference,
        chosen.results,
        chosen.graph,
        base,
    )


async def _query(
    settings: Settings,
    store: Store,
    runner: QueryRunner,
    operation: Operation,
    chosen: AnswerFormats,
    base: str,
) -> Response:
    """Run a checked public query in the query runner; the answer with its headers."""
    unknown: list[str] = []
    if operation.dataset.is_given:
        unknown = await run_in_threadpool(_unknown_graphs, store, operation.dataset)
    dataset = operation.dataset
    if not operation.inference:
        dataset = await run_in_threadpool(_asserted_dataset, store, operation, base)
    answer = await runner.answer(operation.text, chosen, dataset, settings.row_cap, base_iri=base)
    headers = _answer_headers(settings, answer.truncated, unknown)
    return Response(
        answer.body, media_type=formats.with_charset(answer.media_type), headers=headers
    )


async def _update(
    request: Request, settings: SettingsDep, store: StoreDep, operation: Operation
) -> Response:
    keyring = keyring_of(settings)
    authorization = request.headers.get("authorization")
    require_admin(authorization, settings.admin_secret(), keyring)
    await run_in_threadpool(sparql_text.check_public, operation.text, settings.max_nesting, False)
    text = sparql_text.with_using(
        operation.text, operation.using.default_graphs, operation.using.named_graphs
    )
    await run_in_threadpool(store.update, text, endpoint_url(request, settings.public_base))
    await run_in_threadpool(record_write, settings, authorization, "update", None, text.encode())
    return Response(status_code=204)


def _editor(request: Request, settings: SettingsDep, query: str) -> Response:
    assets = yasgui_directory(settings)
    return templates.TemplateResponse(
        request,
        "yasgui.html",
        {
            "endpoint": endpoint_url(request, settings.public_base),
            "query": query,
            "static": str(request.url_for("yasgui", path="")).rstrip("/") if assets else "",
            "assets": assets is not None,
            "links": local_links(site_of(request, settings.public_base)),
            "lang": "fr",
        },
    )


def _service_description(
    request: Request, settings: SettingsDep, store: Store, accept: str | None
) -> Response:
    media_type = formats.negotiate(accept, formats.GRAPH_MEDIA_TYPES)
    if media_type is None:
        raise NotAcceptable(f"the service description comes as RDF; Accept '{accept}' allows none")
    turtle = render_template(
        "service-description.ttl",
        endpoint=endpoint_url(request, settings.public_base),
        graphs=store.graph_names(),
    )
    graph = Graph().parse(data=turtle, format="turtle")
    body = graph.serialize(format=_RDFLIB_FORMATS[media_type], encoding="utf-8")
    return Response(body, media_type=formats.with_charset(media_type), headers={"Vary": "Accept"})
