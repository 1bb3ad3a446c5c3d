"""Tokens: created with a secret shown once, stored hashed, found in constant time, revoked."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import UTC, datetime, timedelta
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


def _backup_of(keyring: Keyring, folder: Path) -> Keyring:
    """A copy of the keyring's file, as a backup keeps it."""
    folder.mkdir(parents=True)
    shutil.copy2(keyring.path, folder / keyring.path.name)
    return Keyring(folder)


def test_a_revocation_is_remembered(keyring: Keyring) -> None:
    secret = keyring.create("alice", [LOOS], admin=False)
    keyring.revoke("alice")
    assert [(r.name, r.hash) for r in keyring.revocations()] == [("alice", digest(secret))]


def test_a_merge_keeps_revocations_and_new_tokens(keyring: Keyring, tmp_path: Path) -> None:
    alice = keyring.create("alice", [LOOS], admin=False)
    bob = keyring.create("bob", [LILLE], admin=False)
    backup = _backup_of(keyring, tmp_path / "backup")
    taken = datetime.now(UTC)
    keyring.revoke("alice")
    carol = keyring.create("carol", [LOOS], admin=False)
    assert keyring.merge(backup, taken) == []
    assert [t.name for t in keyring.tokens()] == ["bob", "carol"]
    assert keyring.find(alice) is None
    assert keyring.find(bob) is not None
    assert keyring.find(carol) is not None


def test_a_merge_brings_back_tokens_lost_since(keyring: Keyring, tmp_path: Path) -> None:
    keyring.create("root", [], admin=True)
    alice = keyring.create("alice", [LOOS], admin=False)
    keyring.revoke("root")
    backup = _backup_of(keyring, tmp_path / "backup")
    document = json.loads(keyring.path.read_text())
    document["tokens"] = []  # alice lost, not revoked
    keyring.path.write_text(json.dumps(document))
    assert keyring.merge(backup, datetime.now(UTC)) == ["alice"]
    assert keyring.find(alice) is not None
    assert [t.name for t in keyring.tokens()] == ["alice"]  # root stays revoked


def test_a_merge_from_before_revocations_were_remembered_brings_nothing_back(
    keyring: Keyring, tmp_path: Path
) -> None:
    alice = keyring.create("alice", [LOOS], admin=False)
    backup = _backup_of(keyring, tmp_path / "backup")
    keyring.path.write_text(json.dumps({"tokens": []}))  # a file of an older coopgraph
    assert keyring.merge(backup, datetime.now(UTC)) == []
    assert keyring.find(alice) is None
    keyring.create("bob", [LILLE], admin=False)  # from now on, revocations are remembered
    assert keyring.merge(backup, datetime.now(UTC) - timedelta(days=1)) == []
    assert keyring.merge(backup, datetime.now(UTC) + timedelta(seconds=1)) == ["alice"]


def test_a_file_that_is_no_keyring_is_refused_without_its_path(keyring: Keyring) -> None:
    keyring.path.parent.mkdir(parents=True)
    keyring.path.write_text("[]")
    with pytest.raises(InputError, match=r"tokens\.json is not a coopgraph keyring") as caught:
        keyring.tokens()
    assert str(keyring.path.parent) not in str(caught.value)
