"""Steward and admin tokens: random secrets shown once, kept hashed in a file, never logged.

Tokens live in ``tokens.json`` in the private folder (``Settings.private_path``), outside
the triple store: a graph would be readable by anyone who can query the store (the union
default graph here, the server itself for a remote store). Each token is stored as the
SHA-256 of its secret. A secret is 256 random bits, so no dictionary or brute force can
reach it and a slow key derivation (scrypt, PBKDF2) would add cost without adding safety.
Every write replaces the file atomically under a lock, so the CLI and a running server
may use it together; a revoked token stops working at the server's next request.

>>> secret = new_secret()
>>> secret.startswith("cg_") and len(secret) > 40 and digest(secret) != secret
True
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coopgraph.errors import InputError, NotFound
from coopgraph.settings import Settings

FILE_NAME = "tokens.json"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_SECRET_PREFIX = "cg_"


@dataclass(frozen=True)
class Token:
    """A named token: the hash of its secret, the territories it may publish, admin or not."""

    name: str
    hash: str
    territories: tuple[str, ...]
    admin: bool
    created: str


def new_secret() -> str:
    """A fresh secret: ``cg_`` and 256 random bits, URL-safe."""
    return _SECRET_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 of a secret, as stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def keyring_of(settings: Settings) -> Keyring | None:
    """The keyring of the settings' private folder; None when there is none."""
    folder = settings.private_path
    return Keyring(folder) if folder is not None else None


class Keyring:
    """The tokens file of one private folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME

    def tokens(self) -> list[Token]:
        """Every token, sorted by name (an absent file holds none)."""
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return sorted((_token(entry) for entry in document["tokens"]), key=lambda t: t.name)

    def find(self, secret: str) -> Token | None:
        """The token whose secret this is; every stored hash is compared in constant time."""
        presented = digest(secret)
        found = None
        for token in self.tokens():
            if hmac.compare_digest(presented, token.hash):
                found = token
        return found

    def has_admin(self) -> bool:
        """True if any admin token exists."""
        return any(token.admin for token in self.tokens())

    def create(self, name: str, territories: Sequence[str], admin: bool) -> str:
        """Add a token and return its secret (the only time it is seen)."""
        if not _NAME.fullmatch(name):
            raise InputError(
                f"'{name}' is not a token name: use lowercase letters, digits and '-', "
                "at most 63 characters"
            )
        if not territories and not admin:
            raise InputError(f"token '{name}' needs --territory IRI (one or more) or --admin")
        secret = new_secret()
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._locked() as tokens:
            if any(t.name == name for t in tokens):
                raise InputError(f"a token named '{name}' exists; revoke it first")
            tokens.append(Token(name, digest(secret), tuple(territories), admin, created))
        return secret

    def revoke(self, name: str) -> None:
        """Remove the token named ``name``."""
        with self._locked() as tokens:
            kept = [t for t in tokens if t.name != name]
            if len(kept) == len(tokens):
                raise NotFound(f"there is no token named '{name}' in {self.path}")
            tokens[:] = kept

    @contextmanager
    def _locked(self) -> Iterator[list[Token]]:
        """The tokens, for change; written back atomically when the block ends well."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with (self.path.parent / (FILE_NAME + ".lock")).open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            tokens = self.tokens()
            yield tokens
            self._write(tokens)

    def _write(self, tokens: list[Token]) -> None:
        temporary = self.path.with_suffix(".tmp")
        document = {"tokens": [_entry(token) for token in tokens]}
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as output:
            json.dump(document, output, indent=2)
            output.flush()
            os.fsync(output.fileno())
        os.replace(temporary, self.path)


def _entry(token: Token) -> dict[str, Any]:
    entry = asdict(token)
    entry["territories"] = list(token.territories)
    return entry


def _token(entry: dict[str, Any]) -> Token:
    return Token(
        entry["name"],
        entry["hash"],
        tuple(entry["territories"]),
        bool(entry["admin"]),
        entry["created"],
    )
