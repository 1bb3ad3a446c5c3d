"""The SPARQL 1.1 Graph Store HTTP Protocol at /graphs.

Indirect identification with ``?graph=IRI`` or ``?default``; direct identification of graphs
whose IRI is a URL under /graphs/. Reads are public; writes need the admin token. An upload is
decoded in a thread (a multipart body) and parsed in a validation worker (a parser crash costs
a worker, not the service), which hands it back as N-Triples or N-Quads for the store to load.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable, NotFound
from coopgraph.settings import Settings
from coopgraph.store import Store
from coopgraph.submissions import record_write
from coopgraph.validation import Validator
from coopgraph.web.deps import AdminDep, SettingsDep, StoreDep, ValidatorDep
from coopgraph.web.sparql_protocol import read_body, read_rdf_documents

router = APIRouter(tags=["Graph Store"])


def _target(request: Request) -> str | None:
    """The graph a request names: an IRI, or None for the default graph."""
    params = request.query_params
    direct = request.path_params.get("path")
    if direct:
        if "graph" in params or "default" in params:
            raise InputError(
                "a graph under /graphs/ is named by its URL; drop ?graph= and ?default"
            )
        return str(request.url.replace(query=""))
    if "graph" in params and "default" in params:
        raise InputError("name the graph with ?graph=IRI or ?default, not both")
    if "default" in params:
        return None
    graph = params.get("graph")
    if not graph:
        raise InputError("name a graph with ?graph=IRI, or ?default for the default graph")
    return graph


def _exists(store: Store, graph: str | None) -> bool:
    return graph is None or store.has_graph(graph)


async def _read_graph(request: Request, store: Store, graph: str | None) -> Response:
    accept = request.headers.get("accept")
    media_type = formats.negotiate(accept, formats.GRAPH_MEDIA_TYPES)
    if media_type is None:
        raise NotAcceptable(
            f"a graph comes as RDF; Accept '{accept}' allows none of "
            + ", ".join(formats.GRAPH_MEDIA_TYPES)
        )
    if not await run_in_threadpool(_exists, store, graph):
        raise NotFound(f"there is no graph <{graph}> in this store")
    body = await run_in_threadpool(store.export_graph, graph, media_type)
    headers = {"Vary": "Accept", "Content-Length": str(len(body))}
    if request.method == "HEAD":
        return Response(media_type=media_type, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


async def _write(
    request: Request,
    services: tuple[Settings, Store, Validator],
    graph: str | None,
    replace: bool,
) -> Response:
    settings, store, validator = services
    body = await read_body(request, settings.max_upload_bytes, "RDF upload")
    content_type = request.headers.get("content-type")
    # A multipart body is decoded by the stdlib parser, slow on many parts: not on the loop.
    uploaded = await run_in_threadpool(read_rdf_documents, content_type, body, not replace)
    base = graph or str(request.url)
    documents = await validator.flatten(uploaded, base, triples_only=graph is not None)
    existed = await run_in_threadpool(_exists, store, graph)
    if len(documents) == 1 and (replace or not existed):
        data, media_type = documents[0]
        await run_in_threadpool(store.replace_graph, graph, data, media_type, base)
    else:
        await run_in_threadpool(store.load_all, documents, graph, base)
    action = "graph-put" if replace else "graph-post"
    await run_in_threadpool(_audit, request, settings, action, graph, body)
    return Response(status_code=204 if existed else 201)


async def _delete(
    request: Request, settings: Settings, store: Store, graph: str | None
) -> Response:
    if not await run_in_threadpool(store.drop_graph, graph):
        raise NotFound(f"there is no graph <{graph}> to delete")
    await run_in_threadpool(_audit, request, settings, "graph-delete", graph, b"")
    return Response(status_code=204)


def _audit(
    request: Request, settings: Settings, action: str, graph: str | None, body: bytes
) -> None:
    authorization = request.headers.get("authorization")
    record_write(settings, authorization, action, graph or "default", body)


_PATH = {
    "parameters": [
        {
            "name": "path",
            "in": "path",
            "required": True,
            "description": "The rest of the graph's URL, under /graphs/.",
            "schema": {"type": "string"},
        }
    ]
}
"""The path parameter of direct identification, which the handlers read from the request."""


@router.get("/graphs", summary="Read a graph")
@router.get("/graphs/{path:path}", summary="Read a graph by URL", openapi_extra=_PATH)
@router.head("/graphs", include_in_schema=False)
@router.head("/graphs/{path:path}", include_in_schema=False)
async def read_graph(request: Request, store: StoreDep) -> Response:
    """The graph named by the request, in the negotiated RDF format."""
    return await _read_graph(request, store, _target(request))


@router.put("/graphs", summary="Replace a graph (admin)")
@router.put("/graphs/{path:path}", summary="Replace a graph by URL (admin)", openapi_extra=_PATH)
async def put_graph(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    validator: ValidatorDep,
    _admin: AdminDep,
) -> Response:
    """Replace the graph with the body: 201 when created, 204 when replaced."""
    return await _write(request, (settings, store, validator), _target(request), replace=True)


@router.post("/graphs", summary="Add to a graph, or create a new one (admin)")
@router.post("/graphs/{path:path}", summary="Add to a graph by URL (admin)", openapi_extra=_PATH)
async def post_graph(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    validator: ValidatorDep,
    _admin: AdminDep,
) -> Response:
    """Merge the body into the graph; POST to /graphs itself creates a new graph."""
    services = (settings, store, validator)
    params = request.query_params
    if "graph" in params or "default" in params or request.path_params.get("path"):
        return await _write(request, services, _target(request), replace=False)
    graph = f"{str(request.url.replace(query='')).rstrip('/')}/{uuid.uuid4()}"
    await _write(request, services, graph, replace=True)
    return Response(status_code=201, headers={"Location": graph})


@router.delete("/graphs", summary="Delete a graph (admin)")
@router.delete("/graphs/{path:path}", summary="Delete a graph by URL (admin)", openapi_extra=_PATH)
async def delete_graph(
    request: Request, settings: SettingsDep, store: StoreDep, _admin: AdminDep
) -> Response:
    """Remove the graph (clear it, for the default graph)."""
    return await _delete(request, settings, store, _target(request))
