"""`coopgraph validate` while a real `coopgraph serve` holds the store: through that server,
found in the store's private folder, or named by `--server URL`; its exit codes 0 to 3."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from conftest import LiveServer
from support.steward_content import STEWARD

from coopgraph.cli.remote_validation import SERVER_RECORD

BROKEN = Path(__file__).resolve().parents[1] / "data" / "submissions" / "broken" / "literals.ttl"
GOOD = STEWARD / "loos-en-gohelle.ttl"
COMMAND = str(Path(sys.executable).parent / "coopgraph")


def _validate(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The real command, in its own process (as a steward runs it beside the server)."""
    return subprocess.run(
        [COMMAND, "validate", *arguments], capture_output=True, text=True, timeout=120
    )


def test_serve_records_where_it_listens(steward_server: LiveServer) -> None:
    record = json.loads((steward_server.store / "private" / SERVER_RECORD).read_text())
    assert record["url"] == steward_server.base_url
    assert isinstance(record["pid"], int)


def test_a_held_store_is_validated_through_its_server(steward_server: LiveServer) -> None:
    done = _validate(str(BROKEN), "--store", str(steward_server.store), "--lang", "en")
    assert done.returncode == 1, done.stderr
    held = f"the store is held by coopgraph serve at {steward_server.base_url}: validating"
    assert held in done.stderr
    assert done.stdout.startswith("Conforms: no")
    assert "literals.ttl, line " in done.stdout


def test_conforming_data_through_the_server_exits_0(steward_server: LiveServer) -> None:
    done = _validate(str(GOOD), "--server", steward_server.base_url, "--lang", "en")
    assert done.returncode == 0, done.stderr + done.stdout
    assert done.stdout.startswith("Conforms: yes")


def test_the_format_and_language_asked_come_back(steward_server: LiveServer) -> None:
    done = _validate(str(BROKEN), "--server", steward_server.base_url, "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["conforms"] is False
    assert report["counts"]["Violation"] > 0


def test_unreadable_input_through_the_server_exits_2(
    steward_server: LiveServer, tmp_path: Path
) -> None:
    broken = tmp_path / "missing-dot.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p ex:b\nex:c ex:p ex:d .\n")
    done = _validate(str(broken), "--server", steward_server.base_url, "--lang", "en")
    assert done.returncode == 2
    assert "answered 400" in done.stderr
    assert "line 2" in done.stderr


def test_a_server_that_does_not_answer_exits_3(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = _validate(str(GOOD), "--server", f"http://127.0.0.1:{port}")
    assert done.returncode == 3
    assert "cannot reach" in done.stderr
