"""Access: who may write. Owns the keyring of tokens, kept hashed in the private folder
(``keyring``), and reading a request's bearer token into an identity, with the admin and
territory checks (``identity``)."""

from coopgraph.access.identity import (
    Identity,
    bearer_token,
    identify,
    require_admin,
    require_territory,
)
from coopgraph.access.keyring import Keyring, digest, keyring_of

__all__ = [
    "Identity",
    "Keyring",
    "bearer_token",
    "digest",
    "identify",
    "keyring_of",
    "require_admin",
    "require_territory",
]
