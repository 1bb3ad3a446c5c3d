"""Steward and admin tokens: random secrets shown once, kept hashed in a file, never logged.

Tokens live in ``tokens.json`` in the private folder (``Settings.private_path``), outside
the triple store: a graph would be readable by anyone who can query the store (the union
default graph here, the server itself for a remote store). Each token is stored as the
SHA-256 of its secret. A secret is 256 random bits, so no dictionary or brute force can
reach it and a slow key derivation (scrypt, PBKDF2) would add cost without adding safety.
Every write replaces the file atomically under a lock, so the CLI and a running server
may use it together; a revoked token stops working at the server's next request.

The file also remembers each revocation (name, hash, when) from the moment it was first
written by a coopgraph that keeps them (``since``), so that restoring a backup (``merge``)
never brings back a token revoked since the backup: the restored keyring is the current one
plus the backup's tokens that were neither revoked nor replaced, and only from a backup taken
after ``since`` (before, a token may have been revoked unremembered).

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


@dataclass(frozen=True)
class Revocation:
    """A revoked token: its name, the hash of its secret, when."""

    name: str
    hash: str
    at: str


@dataclass
class _Contents:
    """What the tokens file holds. ``since``: when it began remembering revocations; None for
    a file written before they were kept, "" for no file (nothing was ever revoked in it)."""

    tokens: list[Token]
    revoked: list[Revocation]
    since: str | None = ""

    def remembers_after(self, taken: datetime) -> bool:
        """True if every revocation after ``taken`` is remembered."""
        if self.since is None:
            return False
        return self.since == "" or datetime.fromisoformat(self.since) <= taken


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
        return sorted(self._read().tokens, key=lambda t: t.name)

    def revocations(self) -> list[Revocation]:
        """Every revocation the file remembers, oldest first."""
        return self._read().revoked

    def _read(self) -> _Contents:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _Contents([], [])
        if not isinstance(document, dict) or not isinstance(document.get("tokens"), list):
            raise InputError(f"{self.path.name} is not a coopgraph keyring (no token list)")
        revoked = [Revocation(**entry) for entry in document.get("revoked", [])]
        tokens = [_token(entry) for entry in document["tokens"]]
        return _Contents(tokens, revoked, document.get("since"))

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
        with self._locked() as contents:
            if any(t.name == name for t in contents.tokens):
                raise InputError(f"a token named '{name}' exists; revoke it first")
            contents.tokens.append(Token(name, digest(secret), tuple(territories), admin, created))
        return secret

    def revoke(self, name: str) -> None:
        """Remove the token named ``name``, and remember it was revoked."""
        with self._locked() as contents:
            gone = [t for t in contents.tokens if t.name == name]
            if not gone:
                raise NotFound(f"there is no token named '{name}' in the keyring")
            contents.tokens[:] = [t for t in contents.tokens if t.name != name]
            at = datetime.now(UTC).isoformat(timespec="seconds")
            contents.revoked.extend(Revocation(t.name, t.hash, at) for t in gone)

    def merge(self, backup: Keyring, taken: datetime) -> list[str]:
        """Bring back the tokens of ``backup`` (the keyring of a backup taken at ``taken``)
        that this keyring neither holds (by name or hash) nor remembers revoking, when it
        remembers every revocation since ``taken``; returns their names."""
        restored = backup._read()
        with self._locked() as contents:
            revoked = {r.hash for r in (*contents.revoked, *restored.revoked)}
            held = {t.name for t in contents.tokens} | {t.hash for t in contents.tokens}
            back = [
                t for t in restored.tokens if t.hash not in revoked and not {t.name, t.hash} & held
            ]
            if contents.remembers_after(taken):
                contents.tokens.extend(back)
            else:
                back = []
            known = {r.hash for r in contents.revoked}
            contents.revoked.extend(r for r in restored.revoked if r.hash not in known)
        return sorted(t.name for t in back)

    @contextmanager
    def _locked(self) -> Iterator[_Contents]:
        """The tokens and revocations, for change; written back atomically when the block
        ends well."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with (self.path.parent / (FILE_NAME + ".lock")).open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            contents = self._read()
            yield contents
            self._write(contents)

    def _write(self, contents: _Contents) -> None:
        temporary = self.path.with_suffix(".tmp")
        document = {
            "tokens": [_entry(token) for token in contents.tokens],
            "revoked": [asdict(revocation) for revocation in contents.revoked],
            "since": contents.since or datetime.now(UTC).isoformat(timespec="seconds"),
        }
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
