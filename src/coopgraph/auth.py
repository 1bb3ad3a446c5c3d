"""Bearer tokens: who may write. Compared in constant time, never logged."""

from __future__ import annotations

import hmac

from coopgraph.errors import Forbidden, Unauthorized


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None.

    >>> bearer_token("Bearer abc")
    'abc'
    >>> bearer_token("Basic abc") is None
    True
    """
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_admin(authorization: str | None, admin_token: str | None) -> None:
    """Raise unless the header carries the admin token."""
    token = bearer_token(authorization)
    if token is None:
        raise Unauthorized("this operation needs the admin token as 'Authorization: Bearer ...'")
    if admin_token is None:
        raise Forbidden("writes are disabled on this server: no COOPGRAPH_ADMIN_TOKEN is set")
    if not hmac.compare_digest(token.encode(), admin_token.encode()):
        raise Unauthorized("the bearer token is not valid for this server")
