"""Where `coopgraph serve` listens (its record in the private folder, gone when it stops), and
what `coopgraph validate` makes of that record; the server's own answers are in
tests/e2e/test_validate_while_serving.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from coopgraph.cli.main import app
from coopgraph.cli.remote_validation import (
    SERVER_RECORD,
    forget_server,
    listening_url,
    record_server,
    recorded_server,
    validate_remotely,
)
from coopgraph.store.embedded import EmbeddedStore

GOOD = Path(__file__).resolve().parents[2] / "data" / "seed" / "workshop.ttl"

# The real uvicorn, stopped by SIGTERM as a service manager stops it, inside `serve`'s record.
_SERVING = """
import sys
import uvicorn
from pathlib import Path
from coopgraph.cli.main import _recorded
from coopgraph.settings import Settings

async def nothing(scope, receive, send):
    pass

settings = Settings(store=sys.argv[1], port=int(sys.argv[2]), host="127.0.0.1")
with _recorded(settings):
    uvicorn.run(nothing, host="127.0.0.1", port=settings.port, log_level="warning")
"""


def test_a_record_names_this_process_and_is_forgotten_by_it_only(tmp_path: Path) -> None:
    record = record_server(tmp_path / "private", "http://127.0.0.1:8123")
    assert json.loads(record.read_text()) == {"url": "http://127.0.0.1:8123", "pid": os.getpid()}
    assert recorded_server(tmp_path / "private") == "http://127.0.0.1:8123"
    forget_server(tmp_path / "private")
    assert not record.exists()
    assert recorded_server(tmp_path / "private") is None


def test_a_record_of_a_dead_process_is_not_followed(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    (tmp_path / SERVER_RECORD).write_text(
        json.dumps({"url": "http://127.0.0.1:9", "pid": int(gone.stdout)})
    )
    assert recorded_server(tmp_path) is None
    forget_server(tmp_path)  # not ours: left alone
    assert (tmp_path / SERVER_RECORD).exists()


def test_a_record_that_is_no_http_url_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / SERVER_RECORD).write_text(json.dumps({"url": "file:///etc", "pid": os.getpid()}))
    assert recorded_server(tmp_path) is None
    (tmp_path / SERVER_RECORD).write_text("{not json")
    assert recorded_server(tmp_path) is None


def test_the_listening_url_is_one_a_local_client_reaches() -> None:
    assert listening_url("0.0.0.0", 8000) == "http://127.0.0.1:8000"
    assert listening_url("::", 8000) == "http://[::1]:8000"
    assert listening_url("127.0.0.1", 8080) == "http://127.0.0.1:8080"


def test_the_record_goes_when_the_server_is_stopped(tmp_path: Path) -> None:
    port = _free_port()
    store = tmp_path / "store"
    serving = subprocess.Popen([sys.executable, "-c", _SERVING, str(store), str(port)])
    record = store / "private" / SERVER_RECORD
    try:
        _wait_for(lambda: record.exists() and _listening(port))
        assert json.loads(record.read_text())["pid"] == serving.pid
    finally:
        serving.send_signal(signal.SIGTERM)
        serving.wait(timeout=30)
    assert not record.exists()


def test_a_held_store_with_a_stale_record_exits_3(tmp_path: Path) -> None:
    """No living server recorded: the lock is reported, with the ways out."""
    store = tmp_path / "store"
    holder = EmbeddedStore.on_disk(store)
    (store / "private").mkdir()
    (store / "private" / SERVER_RECORD).write_text(
        json.dumps({"url": "http://127.0.0.1:9", "pid": 2**22 + 1})
    )
    try:
        result = CliRunner().invoke(app, ["validate", str(GOOD), "--store", str(store)])
    finally:
        holder.close()
    assert result.exit_code == 3
    assert "--server URL" in result.stderr
    assert "held by coopgraph serve" not in result.stderr


def test_an_unknown_suffix_is_refused_before_sending(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    answer = validate_remotely("http://127.0.0.1:9", path, "text", "en")
    assert answer.code == 2
    assert "unknown RDF file suffix '.txt'" in answer.text


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the server did not start in time"
        time.sleep(0.05)
