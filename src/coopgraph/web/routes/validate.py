"""Validation of RDF against coopgraph's shapes: POST /validate (API) and the form at GET /validate.

POST takes a raw RDF body with its Content-Type, or a form (``multipart/form-data`` or
urlencoded): a ``file`` part and/or a ``text`` field, with ``content_type``, ``lang`` and
``format`` fields.
The report is 200 whether the data conforms or not (the ``Coopgraph-Conforms`` header says
which: ``true`` or ``false``); its format is chosen by ``?format=`` or
Accept (JSON, JSON-LD, Turtle, CSV, HTML, text). Parsing and validation run in the
validation workers (``coopgraph.validation.sandbox``): past their deadline or memory cap, 413.
Nothing heavy runs on the event loop: the form is decoded in a thread (at most
``sparql_protocol.MAX_PARTS`` parts), and the report is rendered in a thread, bounded (its first
results and a count of the rest), within what remains of COOPGRAPH_VALIDATION_TIMEOUT.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from coopgraph import formats
from coopgraph.errors import InputError, TooLarge
from coopgraph.languages import interface_words
from coopgraph.settings import Settings
from coopgraph.validation import (
    Report,
    Upload,
    choose_report_format,
    render_report,
    report_table_context,
    report_words,
)
from coopgraph.web.deps import SettingsDep, ValidatorDep
from coopgraph.web.html import page_context, request_language, site_of
from coopgraph.web.sparql_protocol import FORM, MULTIPART, multipart_parts, parse_form, read_body
from coopgraph.web.templating import templates

router = APIRouter(tags=["Validation"])

FormatQuery = Annotated[
    str | None, Query(description="json, jsonld, turtle, csv, html or text: overrides Accept.")
]
LangQuery = Annotated[str | None, Query(description="fr or en: language of the messages.")]
PASTED_TYPES = (formats.TURTLE, formats.N_TRIPLES, formats.JSON_LD, formats.TRIG, formats.RDF_XML)
RENDERING_FLOOR = 1.0
"""Seconds a report may always take to render, even when validation used all its time."""
CONFORMS_HEADER = "Coopgraph-Conforms"
"""A report's header: ``true`` when the data conforms, else ``false`` (what ``coopgraph
validate --server`` reads for its exit code)."""
T = TypeVar("T")


@dataclass(frozen=True)
class Form:
    """What the web form sent: the uploads and the chosen language and format."""

    uploads: list[Upload]
    lang: str | None
    format: str | None
    pasted: str = ""


def _form(content_type: str, body: bytes) -> Form:
    fields: dict[str, tuple[bytes, str | None, str | None]] = {}
    for part in multipart_parts(content_type, body):
        payload = part.get_payload(decode=True)
        name = part.get_param("name", header="content-disposition")
        fields[str(name)] = (
            payload if isinstance(payload, bytes) else b"",
            part.get_filename(),
            part.get_content_type() if part.get("content-type") else None,
        )
    return _read_fields(fields)


def _read_fields(fields: dict[str, tuple[bytes, str | None, str | None]]) -> Form:
    def text(name: str) -> str | None:
        value = fields.get(name)
        return value[0].decode("utf-8", errors="replace").strip() if value else None

    uploads = []
    data, filename, declared = fields.get("file", (b"", None, None))
    if data and filename:
        kind = formats.submitted_media_type_for_path(PurePath(filename))
        uploads.append(Upload(data, kind if declared in (None, "application/octet-stream")
                              else declared, filename))  # fmt: skip
    pasted = fields.get("text", (b"", None, None))[0]
    if pasted.strip():
        uploads.append(Upload(pasted, text("content_type") or formats.TURTLE, "text"))
    if not uploads:
        raise InputError("nothing to validate: choose a file or paste RDF data")
    return Form(uploads, text("lang"), text("format"), pasted.decode("utf-8", "replace"))


async def _uploads(request: Request, settings: Settings) -> Form:
    body = await read_body(request, settings.max_validation_bytes, "submission")
    return await run_in_threadpool(_decode_form, request.headers.get("content-type", ""), body)


def _decode_form(content_type: str, body: bytes) -> Form:
    """The uploads of a body: a multipart or urlencoded form, or one RDF document."""
    if formats.essence(content_type) == MULTIPART:
        return _form(content_type, body)
    if formats.essence(content_type) == FORM:
        pairs = parse_form(body.decode("utf-8", errors="replace"))
        return _read_fields({name: (value.encode(), None, None) for name, value in pairs})
    media_type = formats.submitted_media_type(content_type)
    return Form([Upload(body, media_type, "body")], None, None)


async def _within(deadline: float, work: Callable[..., T], *args: object) -> T:
    """``work(*args)`` in a thread, refused with TooLarge past the validation deadline."""
    seconds = max(deadline - time.monotonic(), RENDERING_FLOOR)
    try:
        return await asyncio.wait_for(run_in_threadpool(work, *args), seconds)
    except TimeoutError as exc:
        raise TooLarge(
            f"the validation report took longer than the validation deadline to write "
            f"({seconds:.1f} s left) / le rapport de validation a dépassé le délai de "
            f"validation ({seconds:.1f} s restantes)"
        ) from exc


@router.post("/validate", summary="Validate RDF against coopgraph's shapes")
async def validate_data(
    request: Request,
    settings: SettingsDep,
    validator: ValidatorDep,
    format: FormatQuery = None,
    lang: LangQuery = None,
) -> Response:
    """The validation report of the body, in the negotiated format and language."""
    deadline = time.monotonic() + settings.validation_timeout
    form = await _uploads(request, settings)
    language = request_language(request, lang, form.lang)
    name = choose_report_format(request.headers.get("accept"), format or form.format)
    report = await validator.validate(form.uploads)
    if name == "html" and form.format == "html":
        return await _within(deadline, _page, request, settings, language, report, form.pasted)
    text, media_type = await _within(deadline, render_report, report, name, language, True)
    conforms = "true" if report.conforms else "false"
    headers = {"Content-Language": language, CONFORMS_HEADER: conforms}
    return Response(text, media_type=media_type, headers=headers)


@router.get("/validate", summary="The validation form for data stewards")
async def validation_form(
    request: Request, settings: SettingsDep, lang: LangQuery = None
) -> Response:
    """An HTML form: upload or paste RDF, choose the language, read the report as a table."""
    return _page(request, settings, request_language(request, lang), None, "")


def _page(
    request: Request, settings: Settings, lang: str, report: Report | None, pasted: str
) -> Response:
    labels = interface_words("form", lang)
    labels["limit"] = labels["limit"].format(limit=settings.max_validation_bytes)
    context = {
        **page_context(lang, site_of(request, settings.public_base)),
        "labels": labels,
        "intro": labels["intro"],
        "pasted": pasted,
        "pasted_types": PASTED_TYPES,
        "pasted_type": formats.TURTLE,
        "report": report,
        "downloads": _downloads(report, lang) if report else [],
        **(report_table_context(report, lang, True) if report else {"w": report_words(lang)}),
    }
    response = templates.TemplateResponse(request, "validate.html", context)
    response.headers["Content-Language"] = lang
    return response


def _downloads(report: Report, lang: str) -> list[dict[str, str]]:
    suffixes = {"json": "json", "csv": "csv", "turtle": "ttl", "jsonld": "jsonld", "text": "txt"}
    links = []
    for name, suffix in suffixes.items():
        text, media_type = render_report(report, name, lang, bounded=True)
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        links.append({"name": name, "media_type": media_type, "data": encoded,
                      "filename": f"validation-report.{suffix}"})  # fmt: skip
    return links
