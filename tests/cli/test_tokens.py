"""``coopgraph token``: the secret printed once, list without secrets, revoke, clear errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from coopgraph.access.keyring import Keyring
from coopgraph.cli import tokens
from coopgraph.cli.main import app

LOOS = "https://w3id.org/coopgraph/id/commune/62528"


def _run(folder: Path, *arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["token", *arguments, "--store", str(folder / "store")], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_create_prints_the_secret_once_and_list_never(tmp_path: Path) -> None:
    code, secret, said = _run(tmp_path, "create", "alice", "--territory", "commune/62528")
    assert code == 0
    assert "keep the secret" in said
    found = Keyring(tmp_path / "store" / "private").find(secret.strip())
    assert found is not None
    assert found.territories == (LOOS,)
    _run(tmp_path, "create", "root", "--admin")
    code, listed, _ = _run(tmp_path, "list")
    lines = [line.split("\t") for line in listed.splitlines()]
    assert [(fields[0], fields[2]) for fields in lines] == [("alice", LOOS), ("root", "admin")]
    assert secret.strip() not in listed
    assert found.hash not in listed


def test_revoke(tmp_path: Path) -> None:
    _run(tmp_path, "create", "alice", "--territory", LOOS)
    assert _run(tmp_path, "revoke", "alice")[0] == 0
    assert _run(tmp_path, "list")[1] == ""
    code, _, said = _run(tmp_path, "revoke", "alice")
    assert code == 2
    assert "no token named 'alice'" in said


def test_bad_requests_exit_2(tmp_path: Path) -> None:
    code, _, said = _run(tmp_path, "create", "alice", "--territory", "62528")
    assert (code, "does not name a territory" in said) == (2, True)
    code, _, said = _run(tmp_path, "create", "alice")
    assert (code, "needs --territory" in said) == (2, True)
    result = CliRunner().invoke(app, ["token", "list", "--store", "memory"])
    assert result.exit_code == 2
    assert "COOPGRAPH_PRIVATE_FOLDER" in result.stderr


def test_the_token_commands_are_the_token_group(tmp_path: Path) -> None:
    alone = CliRunner().invoke(tokens.app, ["list", "--store", str(tmp_path / "store")])
    assert alone.exit_code == 0
    assert alone.stdout == ""
    listed = CliRunner().invoke(app, ["token", "--help"])
    assert {"create", "list", "revoke"} <= set(listed.stdout.split())
