"""What a remote SPARQL server's refusals mean, in words a steward can act on."""

from __future__ import annotations

from coopgraph.errors import QueryFailed, StoreError


def server_message(text: str, fallback: str) -> str:
    """The first line of what the server answered, unescaped; ``fallback`` if nothing."""
    text = text.split("Response:", 1)[-1].strip()
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1].encode().decode("unicode_escape", errors="replace")
    return text.splitlines()[0] if text.strip() else fallback


def server_error(text: str, update: bool) -> Exception:
    """Our error for a server's refusal, saying what to change where we know it."""
    message = server_message(text, "the server failed")
    if "SR186" in message or "permission" in message.lower():
        return StoreError(
            f"the SPARQL server refused a write ({message}); grant SPARQL_UPDATE to its "
            "anonymous user, or set COOPGRAPH_UPDATE_URL to an authenticated endpoint with "
            "COOPGRAPH_STORE_USER and COOPGRAPH_STORE_PASSWORD"
        )
    if "SR325" in message:
        return StoreError(
            f"the SPARQL server refused a transaction this large ({message}); on Virtuoso, raise "
            "TransactionAfterImageLimit in the [Parameters] of virtuoso.ini (2000000000 for "
            "graphs of a few million triples)"
        )
    return QueryFailed(
        f"the SPARQL server could not run the {'update' if update else 'query'}: {message}"
    )


def wants_a_default_graph(message: str) -> bool:
    """True for Virtuoso's refusal of an update that writes its own default graph ("No plain
    default graph specified in the preamble, but it is needed for triple in INSERT DATA")."""
    return "no plain default graph specified" in message.lower()


def refused(url: str) -> str:
    """The server at ``url`` refused our credentials."""
    return (
        f"the SPARQL server at {url} refused our credentials; check COOPGRAPH_STORE_USER, "
        "COOPGRAPH_STORE_PASSWORD and COOPGRAPH_STORE_AUTH (digest or basic)"
    )


def unreachable(url: str, reason: object) -> str:
    """No server answers at ``url``."""
    return f"cannot reach the SPARQL server at {url}: {reason}; is it running?"


def late(timeout: float) -> str:
    """The server gave no answer within ``timeout`` seconds."""
    return (
        f"the SPARQL server gave no answer within {timeout:g} s (COOPGRAPH_QUERY_TIMEOUT); "
        "narrow the query with LIMIT or tighter patterns"
    )
