"""Reading a SPARQL 1.1 Protocol request: which operation, its text, its dataset; and the
RDF documents of a Graph Store Protocol upload.

https://www.w3.org/TR/sparql11-protocol/ : a query by GET, by POST form or by POST
``application/sparql-query``; an update by POST form or ``application/sparql-update``.
https://www.w3.org/TR/sparql11-http-rdf-update/ : an RDF body, or on POST a
``multipart/form-data`` body whose parts are each an RDF document.

Bodies are read on the event loop; decoding them (form fields, percent escapes, multipart
parts) runs in a thread, so that a large request never holds the other requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import PurePath
from typing import Literal
from urllib.parse import unquote_to_bytes

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from coopgraph import formats
from coopgraph.errors import InputError, TooLarge, UnsupportedMediaType
from coopgraph.store import Dataset

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
INFERENCE = "inference"
MULTIPART = "multipart/form-data"
MAX_PARTS = 100
"""Most parts in one multipart body (counted before it is decoded)."""


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
        raise InputError(
            f"the {what} is not UTF-8 (byte {exc.start}) / {_FRENCH_WHAT.get(what, what)} "
            f"n'est pas en UTF-8 (octet {exc.start})"
        ) from exc


_FRENCH_WHAT = {"query": "la requête", "update": "la mise à jour", "form": "le formulaire"}


def parse_form(text: str, where: str = "form") -> list[tuple[str, str]]:
    """The name, value pairs of urlencoded ``text``; a percent-escaped value that is not UTF-8
    is refused, naming the parameter and the byte, never replaced with U+FFFD.

    >>> parse_form("query=ASK%7B%7D&inference=false")
    [('query', 'ASK{}'), ('inference', 'false')]
    """
    pairs = []
    for field in text.split("&"):
        if not field:
            continue
        name, _, value = field.partition("=")
        key = _unescape(name, f"a parameter name of the {where}")
        pairs.append((key, _unescape(value, f"the parameter '{key}' of the {where}")))
    return pairs


def _unescape(text: str, what: str) -> str:
    raw = unquote_to_bytes(text.replace("+", " "))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} is not UTF-8 once percent-decoded (byte {exc.start} of its value) / "
            f"un paramètre n'est pas en UTF-8 une fois décodé (octet {exc.start} de sa valeur)"
        ) from exc


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
    """The operation a GET or POST to the SPARQL endpoint asks for (decoded in a thread)."""
    query = request.url.query
    if request.method == "GET":
        return await run_in_threadpool(_from_url, query, limit)
    content_type = request.headers.get("content-type", "")
    body = await read_body(request, limit, "query or update")
    return await run_in_threadpool(_from_body, query, content_type, body)


def _from_url(query: str, limit: int) -> Operation:
    operation = _from_params(parse_form(query, "URL"))
    if operation.kind == "update":
        raise InputError("updates must be sent with POST, not GET")
    if len(operation.text.encode()) > limit:
        raise TooLarge(f"the query is over the limit of {limit} bytes")
    return operation


def _from_body(query: str, content_type: str, body: bytes) -> Operation:
    url_params = parse_form(query, "URL")
    media_type = formats.essence(content_type)
    _check_charset(content_type)
    if media_type == FORM:
        form = parse_form(_decode(body, "form"))
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


def _part_media_type(part: MIMEPart, number: int) -> str:
    """A part's RDF format: its Content-Type, else the suffix of its file name."""
    declared = part.get("content-type")
    if declared:
        return formats.readable_media_type(str(declared))
    filename = part.get_filename()
    if filename:
        return formats.media_type_for_path(PurePath(filename))
    raise UnsupportedMediaType(f"part {number} of the multipart body has no Content-Type")


def multipart_parts(content_type: str, body: bytes) -> list[MIMEPart]:
    """The parts of a ``multipart/form-data`` body, refused past MAX_PARTS before decoding.

    The stdlib parser is slow on many small parts (38,000 parts in 2 MiB: 17 s): call this in
    a thread, never on the event loop.
    """
    head = EmailMessage()
    head["Content-Type"] = content_type
    boundary = head.get_boundary()
    if not boundary:
        raise InputError(f"the multipart Content-Type '{content_type}' names no boundary")
    delimiters = body.count(b"--" + boundary.encode("latin-1"))
    if delimiters > MAX_PARTS + 1:
        raise TooLarge(
            f"the multipart body has about {delimiters - 1} parts; the limit is {MAX_PARTS} / "
            f"le corps multipart a environ {delimiters - 1} parties ; la limite est {MAX_PARTS}"
        )
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body
    )
    assert isinstance(message, EmailMessage)
    return list(message.iter_parts())


def _parts(content_type: str, body: bytes) -> list[tuple[bytes, str]]:
    documents = []
    for number, part in enumerate(multipart_parts(content_type, body), start=1):
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
