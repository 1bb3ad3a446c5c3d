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
        return JSONResponse({"status": status, "detail": message}, status, headers=headers)
    return PlainTextResponse(message + "\n", status, headers=headers)


async def _handle(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.CoopgraphError)
    if status_of(exc) >= 500:
        logger.warning("%s %s: %s", request.method, request.url.path, exc)
    return error_response(request, exc)


def install(app: FastAPI) -> None:
    """Register the handler for every coopgraph error."""
    app.add_exception_handler(errors.CoopgraphError, _handle)
