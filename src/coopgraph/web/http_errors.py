"""The one place where coopgraph's errors become HTTP statuses."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from coopgraph import errors

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
    errors.StoreError: 503,
}


TITLES: dict[int, tuple[str, str]] = {
    400: ("Requête invalide", "Bad request"),
    401: ("Authentification requise", "Authentication required"),
    403: ("Accès refusé", "Forbidden"),
    404: ("Introuvable", "Not found"),
    406: ("Format de réponse non disponible", "Not acceptable"),
    413: ("Contenu trop volumineux", "Content too large"),
    415: ("Type de contenu non pris en charge", "Unsupported media type"),
    503: ("Service momentanément indisponible", "Service unavailable"),
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
    """A short message naming the problem: JSON for JSON clients, plain text otherwise."""
    status = status_of(error)
    message = str(error)
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="coopgraph"'
    if status == 503:
        headers["Retry-After"] = "5"
    if "json" in request.headers.get("accept", "") and "sparql-results" not in request.headers.get(
        "accept", ""
    ):
        body = {"status": status, "title": title_of(status), "detail": message}
        return JSONResponse(body, status, headers=headers)
    return PlainTextResponse(f"{title_of(status)}: {message}\n", status, headers=headers)


async def _handle(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.CoopgraphError)
    if status_of(exc) >= 500:
        logger.warning("%s %s: %s", request.method, request.url.path, exc)
    return error_response(request, exc)


def install(app: FastAPI) -> None:
    """Register the handler for every coopgraph error."""
    app.add_exception_handler(errors.CoopgraphError, _handle)
