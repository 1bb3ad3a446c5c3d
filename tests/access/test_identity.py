"""Who a request is: the settings' admin, a keyring admin, a steward, nobody; and what each
may write."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.access import identity as auth
from coopgraph.access.keyring import Keyring
from coopgraph.errors import Forbidden, Unauthorized

LOOS = "https://w3id.org/coopgraph/id/commune/62528"
LILLE = "https://w3id.org/coopgraph/id/commune/59350"


@pytest.fixture
def keyring(tmp_path: Path) -> Keyring:
    """An empty keyring in a temporary private folder."""
    return Keyring(tmp_path / "private")


def _bearer(secret: str) -> str:
    return f"Bearer {secret}"


def test_identify_each_kind_of_token(keyring: Keyring) -> None:
    steward = keyring.create("alice", [LOOS], admin=False)
    admin = keyring.create("root", [], admin=True)
    assert auth.identify(_bearer("settings-admin"), "settings-admin", keyring).admin
    assert auth.identify(_bearer(admin), None, keyring) == auth.Identity("root", (), True)
    alice = auth.identify(_bearer(steward), "settings-admin", keyring)
    assert alice.covers(LOOS)
    assert not alice.covers(LILLE)
    with pytest.raises(Unauthorized):
        auth.identify(None, "settings-admin", keyring)
    with pytest.raises(Unauthorized, match="not valid"):
        auth.identify(_bearer("guess"), "settings-admin", keyring)


def test_require_admin_takes_keyring_admins_and_refuses_stewards(keyring: Keyring) -> None:
    steward = keyring.create("alice", [LOOS], admin=False)
    with pytest.raises(Forbidden, match="writes are disabled"):
        auth.require_admin(_bearer(steward), None, keyring)
    admin = keyring.create("root", [], admin=True)
    auth.require_admin(_bearer(admin), None, keyring)
    auth.require_admin(_bearer("settings-admin"), "settings-admin", keyring)
    with pytest.raises(Forbidden, match="'alice' may publish territories only"):
        auth.require_admin(_bearer(steward), None, keyring)
    with pytest.raises(Unauthorized):
        auth.require_admin(None, "settings-admin", keyring)


def test_require_territory_names_what_the_token_covers() -> None:
    alice = auth.Identity("alice", (LOOS,))
    auth.require_territory(alice, LOOS)
    auth.require_territory(auth.Identity("root", admin=True), LILLE)
    with pytest.raises(Forbidden, match=f"'alice' may not publish <{LILLE}>; it covers: {LOOS}"):
        auth.require_territory(alice, LILLE)


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        ("Basic abc", None),
        ("Bearer ", None),
        ("", None),
        (None, None),
    ],
    ids=["bearer", "lower-case-and-spaces", "basic", "empty-token", "empty", "none"],
)
def test_the_bearer_token_of_a_header(header: str | None, token: str | None) -> None:
    assert auth.bearer_token(header) == token
