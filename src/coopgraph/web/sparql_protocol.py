"""Reading a SPARQL 1.1 Protocol request: which operation, its text, its dataset; and the
RDF documents of a Graph Store Protocol upload.

https://www.w3.org/TR/sparql11-protocol/ : a query by GET, by POST form or by POST
``application/sparql-query``; an update by POST form or ``application/sparql-update``.
https://www.w3.org/TR/sparql11-http-rdf-update/ : an RDF body, or on POST a
``multipart/form-data`` body whose parts are each an RDF document.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import PurePath
from typing import Literal
from urllib.parse import parse_qsl

from fastapi import Request

from coopgraph import formats
from coopgraph.errors import InputError, TooLarge, UnsupportedMediaType
from coopgraph.store import Dataset

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
INFERENCE = "inference"


@dataclass(frozen=True)
class Operation:
    """One protocol operation; ``kind`` None when the request asks for no operation."""

    kind: Literal["query", "update"] | None
    text: str
    dataset: Dataset
    using: Dataset
    inference: bool = True
    """False when the query asks for asserted triples only (``inference=false``)."""


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


def _check_charset(content_type: str) -> None:
    """Refuse a body whose declared charset is not UTF-8, the only one the protocol allows."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(
                f"the body is declared as charset '{value.strip()}' in Content-Type "
                f"'{content_type}'; SPARQL requests must be UTF-8"
            )


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
    return Operation(kind, text, dataset, using, _inference(params))


def _inference(params: list[tuple[str, str]]) -> bool:
    """The ``inference`` parameter: true (the default) or false, for asserted triples only."""
    value = _single(params, INFERENCE)
    if value is None or value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise InputError(f"the parameter '{INFERENCE}' is '{value}'; give true or false")


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
    content_type = request.headers.get("content-type", "")
    media_type = formats.essence(content_type)
    body = await read_body(request, limit, "query or update")
    _check_charset(content_type)
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
        f"cannot read a POST body of Content-Type '{content_type or '(none)'}'; send "
        f"{FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}"
    )


MULTIPART = "multipart/form-data"


def _part_media_type(part: MIMEPart, number: int) -> str:
    """A part's RDF format: its Content-Type, else the suffix of its file name."""
    declared = part.get("content-type")
    if declared:
        return formats.readable_media_type(str(declared))
    filename = part.get_filename()
    if filename:
        return formats.media_type_for_path(PurePath(filename))
    raise UnsupportedMediaType(f"part {number} of the multipart body has no Content-Type")


def _parts(content_type: str, body: bytes) -> list[tuple[bytes, str]]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    assert isinstance(message, EmailMessage)
    documents = []
    for number, part in enumerate(message.iter_parts(), start=1):
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        documents.append((data, _part_media_type(part, number)))
    if not documents:
        raise InputError(f"the multipart body (Content-Type '{content_type}') has no parts")
    return documents


def read_rdf_documents(
    content_type: str | None, body: bytes, multipart: bool
) -> list[tuple[bytes, str]]:
    """The (data, media type) documents of an upload; several only for a multipart POST."""
    if formats.essence(content_type or "") != MULTIPART:
        return [(body, formats.readable_media_type(content_type))]
    if not multipart:
        raise UnsupportedMediaType(
            f"{MULTIPART} is accepted on POST only (it merges its parts); PUT one RDF document"
        )
    return _parts(str(content_type), body)
