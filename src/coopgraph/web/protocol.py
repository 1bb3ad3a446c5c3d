"""Reading a SPARQL 1.1 Protocol request: which operation, its text, its dataset.

https://www.w3.org/TR/sparql11-protocol/ : a query by GET, by POST form or by POST
``application/sparql-query``; an update by POST form or ``application/sparql-update``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl

from fastapi import Request

from coopgraph import formats
from coopgraph.errors import InputError, TooLarge, UnsupportedMediaType
from coopgraph.store.base import Dataset

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Operation:
    """One protocol operation; ``kind`` None when the request asks for no operation."""

    kind: Literal["query", "update"] | None
    text: str
    dataset: Dataset
    using: Dataset


async def read_body(request: Request, limit: int, what: str = "request body") -> bytes:
    """The request body, refused with TooLarge as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the {what} is {declared} bytes; the limit is {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the {what} is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the {what} is not UTF-8 (byte {exc.start})") from exc


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise InputError(f"the parameter '{name}' is given {len(values)} times; give it once")
    return values[0] if values else None


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    return tuple(v for k, v in params if k == name)


def _operation(
    kind: Literal["query", "update"], text: str, params: list[tuple[str, str]]
) -> Operation:
    dataset = Dataset(_graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"))
    using = Dataset(_graphs(params, "using-graph-uri"), _graphs(params, "using-named-graph-uri"))
    if kind == "query" and using.is_given:
        raise InputError("using-graph-uri and using-named-graph-uri belong to updates, not queries")
    if kind == "update" and dataset.is_given:
        raise InputError("default-graph-uri and named-graph-uri belong to queries, not updates")
    return Operation(kind, text, dataset, using)


def _from_params(params: list[tuple[str, str]]) -> Operation:
    query, update = _single(params, "query"), _single(params, "update")
    if query is not None and update is not None:
        raise InputError("a request carries either 'query' or 'update', not both")
    if query is not None:
        return _operation("query", query, params)
    if update is not None:
        return _operation("update", update, params)
    return Operation(None, "", Dataset(), Dataset())


async def read_operation(request: Request, limit: int) -> Operation:
    """The operation a GET or POST to the SPARQL endpoint asks for."""
    url_params = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        operation = _from_params(url_params)
        if operation.kind == "update":
            raise InputError("updates must be sent with POST, not GET")
        if len(operation.text.encode()) > limit:
            raise TooLarge(f"the query is over the limit of {limit} bytes")
        return operation
    media_type = formats.essence(request.headers.get("content-type", ""))
    body = await read_body(request, limit, "query or update")
    if media_type == FORM:
        form = parse_qsl(_decode(body, "form"), keep_blank_values=True)
        if _single(url_params, "query") or _single(url_params, "update"):
            raise InputError("with a form POST, send 'query' or 'update' in the body only")
        return _from_params(form + url_params)
    if media_type == SPARQL_QUERY:
        return _operation("query", _decode(body, "query"), url_params)
    if media_type == SPARQL_UPDATE:
        return _operation("update", _decode(body, "update"), url_params)
    raise UnsupportedMediaType(
        f"cannot read a POST body of type '{media_type or '(none)'}'; send "
        f"{FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}"
    )
