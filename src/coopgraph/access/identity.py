"""Bearer tokens: who may write. Compared in constant time, never logged.

The admin token of the settings, and the admin and steward tokens of the keyring
(``access.keyring``), are all sent as ``Authorization: Bearer <secret>``. An admin may do every
write; a steward may publish and roll back the territories of its token, nothing else.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from coopgraph.access.keyring import Keyring
from coopgraph.errors import Forbidden, Unauthorized

SETTINGS_ADMIN = "admin"
"""The name under which the settings' admin token acts (in provenance records)."""


@dataclass(frozen=True)
class Identity:
    """Who a request comes from: a token's name, its territories, admin or not."""

    name: str
    territories: tuple[str, ...] = ()
    admin: bool = False

    def covers(self, territory: str) -> bool:
        """True if this identity may publish ``territory``."""
        return self.admin or territory in self.territories


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


def identify(
    authorization: str | None, admin_token: str | None, keyring: Keyring | None
) -> Identity:
    """Who the header's token belongs to; Unauthorized without a known token."""
    token = bearer_token(authorization)
    if token is None:
        raise Unauthorized("this operation needs a token as 'Authorization: Bearer ...'")
    if admin_token is not None and hmac.compare_digest(token.encode(), admin_token.encode()):
        return Identity(SETTINGS_ADMIN, admin=True)
    found = keyring.find(token) if keyring is not None else None
    if found is None:
        raise Unauthorized("the bearer token is not valid for this server")
    return Identity(found.name, found.territories, found.admin)


def require_admin(
    authorization: str | None, admin_token: str | None, keyring: Keyring | None = None
) -> None:
    """Raise unless the header carries the admin token or a keyring admin token."""
    if bearer_token(authorization) is None:
        raise Unauthorized("this operation needs the admin token as 'Authorization: Bearer ...'")
    if admin_token is None and (keyring is None or not keyring.has_admin()):
        raise Forbidden("writes are disabled on this server: no COOPGRAPH_ADMIN_TOKEN is set")
    identity = identify(authorization, admin_token, keyring)
    if not identity.admin:
        raise Forbidden(f"token '{identity.name}' may publish territories only; this needs admin")


def require_territory(identity: Identity, territory: str) -> None:
    """Raise Forbidden unless ``identity`` may publish ``territory``."""
    if not identity.covers(territory):
        allowed = ", ".join(identity.territories) or "none"
        raise Forbidden(
            f"token '{identity.name}' may not publish <{territory}>; it covers: {allowed}"
        )
