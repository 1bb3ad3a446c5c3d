"""The one place where coopgraph's errors become HTTP statuses.

The message is in the reader's language (``?lang=``, else Accept-Language; French and English
when neither says) and format: JSON for ``?format=json`` (or ``jsonld``) or an Accept naming
JSON, plain text otherwise (``?format=`` wins over Accept, as for the answers themselves).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from coopgraph import errors
from coopgraph.languages import LANGUAGES, pick_language

logger = logging.getLogger(__name__)

STATUS: dict[type[errors.CoopgraphError], int] = {
    errors.UnsupportedMediaType: 415,
    errors.NotAcceptable: 406,
    errors.TooLarge: 413,
    errors.NotFound: 404,
    errors.InputError: 400,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.QueryTimeout: 503,
    errors.DiskFull: 507,
    errors.StoreError: 503,
}


JSON_FORMATS = ("json", "jsonld")
"""The ``?format=`` values that ask for a JSON answer, hence a JSON error."""

TITLES: dict[int, tuple[str, str]] = {
    400: ("Requête invalide", "Bad request"),
    401: ("Authentification requise", "Authentication required"),
    403: ("Accès refusé", "Forbidden"),
    404: ("Introuvable", "Not found"),
    406: ("Format de réponse non disponible", "Not acceptable"),
    413: ("Contenu trop volumineux", "Content too large"),
    415: ("Type de contenu non pris en charge", "Unsupported media type"),
    503: ("Service momentanément indisponible", "Service unavailable"),
    507: ("Espace de stockage insuffisant", "Insufficient storage"),
}
"""The status in French and English, before the detail (which names what is wrong)."""


def title_of(status: int) -> str:
    """``French / English`` title of a status."""
    french, english = TITLES.get(status, ("Erreur", "Error"))
    return f"{french} / {english}"


def status_of(error: errors.CoopgraphError) -> int:
    """The HTTP status of one of our errors (the most specific class wins)."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def error_response(request: Request, error: errors.CoopgraphError) -> Response:
    """A short message naming the problem, in the reader's language and format."""
    status = status_of(error)
    lang = error_language(request)
    message = error.in_language(lang)
    headers = {"Vary": "Accept, Accept-Language"}
    if lang is not None and _fields(error, lang):  # only syntax errors are worded in both yet
        headers["Content-Language"] = lang
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="coopgraph"'
    if status in (503, 507):
        headers["Retry-After"] = "5"
    if wants_json(request):
        body = {"status": status, "title": title_of(status), "detail": message}
        body.update(_fields(error, lang))
        return JSONResponse(body, status, headers=headers)
    return PlainTextResponse(f"{title_of(status)}: {message}\n", status, headers=headers)


def error_language(request: Request) -> str | None:
    """``?lang=`` when fr or en, else Accept-Language's choice; None when neither says."""
    requested = request.query_params.get("lang")
    accept_language = request.headers.get("accept-language")
    if requested not in LANGUAGES and not accept_language:
        return None
    return pick_language(accept_language, requested)


def wants_json(request: Request) -> bool:
    """True for ``?format=json`` or ``jsonld``, or, without ``?format=``, an Accept naming
    JSON (SPARQL JSON results aside: a SPARQL client reads the text)."""
    chosen = request.query_params.get("format")
    if chosen:
        return chosen.lower() in JSON_FORMATS
    accept = request.headers.get("accept", "")
    return "json" in accept and "sparql-results" not in accept


def _fields(error: errors.CoopgraphError, lang: str | None) -> dict[str, object]:
    """What a program reads of a syntax error: where the fault is, and what it is."""
    if not isinstance(error, errors.RdfSyntaxError) or error.fault is None:
        return {}
    fault = error.fault
    return {
        "source": fault.source,
        "line": fault.line,
        "column": fault.column,
        "noticed_line": fault.noticed,
        "excerpt": fault.excerpt,
        "message": error.explanation(lang),
    }


async def _handle(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.CoopgraphError)
    if status_of(exc) >= 500:
        logger.warning("%s %s: %s", request.method, request.url.path, exc)
    if errors.is_no_space(exc) and not isinstance(exc, errors.DiskFull):
        return error_response(request, errors.DiskFull())  # the engine's words name its files
    return error_response(request, exc)


async def _handle_os_error(request: Request, exc: Exception) -> Response:
    """A full disk met by a write the store did not translate: 507; any other: as before."""
    if not errors.is_no_space(exc):
        raise exc
    logger.warning("%s %s: %s", request.method, request.url.path, exc)
    return error_response(request, errors.DiskFull())


def install(app: FastAPI) -> None:
    """Register the handler for every coopgraph error, and for a full disk."""
    app.add_exception_handler(errors.CoopgraphError, _handle)
    app.add_exception_handler(OSError, _handle_os_error)
