"""Tokens: created with a secret shown once, stored hashed, found in constant time, revoked."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from coopgraph.access.keyring import Keyring, digest
from coopgraph.errors import InputError, NotFound

LOOS = "https://w3id.org/coopgraph/id/commune/62528"
LILLE = "https://w3id.org/coopgraph/id/commune/59350"


@pytest.fixture
def keyring(tmp_path: Path) -> Keyring:
    """An empty keyring in a temporary private folder."""
    return Keyring(tmp_path / "private")


def test_a_secret_is_stored_as_its_hash_only(keyring: Keyring) -> None:
    secret = keyring.create("alice", [LOOS], admin=False)
    text = keyring.path.read_text()
    assert secret not in text
    assert json.loads(text)["tokens"][0]["hash"] == digest(secret)
    assert stat.S_IMODE(keyring.path.stat().st_mode) == 0o600


def test_a_secret_finds_its_token(keyring: Keyring) -> None:
    alice = keyring.create("alice", [LOOS], admin=False)
    keyring.create("bob", [LILLE], admin=False)
    found = keyring.find(alice)
    assert found is not None
    assert (found.name, found.territories, found.admin) == ("alice", (LOOS,), False)
    assert keyring.find(alice + "x") is None
    assert keyring.find(digest(alice)) is None  # the stored hash is not a key


def test_every_secret_is_new(keyring: Keyring) -> None:
    secrets = {keyring.create(f"steward-{n}", [LOOS], admin=False) for n in range(20)}
    assert len(secrets) == 20


def test_list_never_shows_secrets(keyring: Keyring) -> None:
    keyring.create("bob", [LILLE], admin=False)
    keyring.create("alice", [LOOS, LILLE], admin=False)
    keyring.create("root", [], admin=True)
    assert [(t.name, t.territories, t.admin) for t in keyring.tokens()] == [
        ("alice", (LOOS, LILLE), False),
        ("bob", (LILLE,), False),
        ("root", (), True),
    ]


def test_revoked_tokens_stop_working(keyring: Keyring) -> None:
    secret = keyring.create("alice", [LOOS], admin=False)
    keyring.revoke("alice")
    assert keyring.find(secret) is None
    with pytest.raises(NotFound, match="no token named 'alice'"):
        keyring.revoke("alice")


@pytest.mark.parametrize(
    ("name", "territories", "admin", "message"),
    [
        ("Alice", [LOOS], False, "'Alice' is not a token name"),
        ("a b", [LOOS], False, "is not a token name"),
        ("alice", [], False, "needs --territory"),
    ],
    ids=["capitals", "space", "no-scope"],
)
def test_bad_tokens_are_refused(
    keyring: Keyring, name: str, territories: list[str], admin: bool, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        keyring.create(name, territories, admin)
    assert keyring.tokens() == []


def test_names_are_unique(keyring: Keyring) -> None:
    keyring.create("alice", [LOOS], admin=False)
    with pytest.raises(InputError, match="exists"):
        keyring.create("alice", [LILLE], admin=False)
