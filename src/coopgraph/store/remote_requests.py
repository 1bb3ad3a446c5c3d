"""One request of the remote store to its server, through SPARQLWrapper, and its errors as
ours (remote_errors.py words them).

Every request is a form-encoded POST with an explicit Accept: Virtuoso never answers a POST
of ``application/sparql-query``, and answers an ASK without Accept in HTML.
"""

from __future__ import annotations

import urllib.error

from SPARQLWrapper import BASIC, DIGEST, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException, Unauthorized

from coopgraph.errors import QuerySyntaxError, QueryTimeout, StoreError
from coopgraph.formats import essence
from coopgraph.store import remote_errors as refusals
from coopgraph.store import statements


def wrapper(
    urls: tuple[str, str],
    credentials: tuple[str, str, str] | None,
    text: str,
    update: bool,
    accept: str,
    timeout: float,
) -> SPARQLWrapper:
    """A request of ``text`` to the query or update URL of ``urls``, not sent yet."""
    request = SPARQLWrapper(urls[0], updateEndpoint=urls[1])
    request.setMethod(POST)
    request.setRequestMethod(URLENCODED)
    request.setOnlyConneg(True)
    request.setTimeout(int(timeout) or 1)
    if credentials is not None:
        scheme, user, password = credentials
        request.setHTTPAuth(DIGEST if scheme == "digest" else BASIC)
        request.setCredentials(user, password)
    # Set directly: SPARQLWrapper's own guess warns on forms it does not know (WITH ...).
    request.queryString = text
    request.queryType = "INSERT" if update else statements.query_form(text)
    request.addCustomHttpHeader("Accept", accept)
    return request


def sent(request: SPARQLWrapper, url: str, update: bool, timeout: float) -> tuple[bytes, str]:
    """Send the request to ``url``: the body and its media type, or our own error."""
    try:
        response = request.query().response
        return response.read(), essence(response.headers.get("Content-Type", ""))
    except QueryBadFormed as exc:
        raise QuerySyntaxError(
            refusals.server_message(str(exc), "the server refused the request")
        ) from exc
    except Unauthorized as exc:
        raise StoreError(refusals.refused(url)) from exc
    except SPARQLWrapperException as exc:
        raise refusals.server_error(str(exc), update) from exc
    except TimeoutError as exc:
        raise QueryTimeout(refusals.late(timeout)) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise QueryTimeout(refusals.late(timeout)) from exc
        raise StoreError(refusals.unreachable(url, exc.reason)) from exc
