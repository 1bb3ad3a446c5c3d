"""kill -9 during a stream of submissions: after a restart on the same store, every
acknowledged submission is there whole (graph, file, PROV-O record, audit line) and no
unacknowledged one is there in part (a graph without its record, a record without its graph or
file, a gap in the version numbers)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from conftest import _free_port, _server_environment, _wait_until_healthy
from support.steward_content import MAX_SUBMISSION_BYTES, content_root
from support.submission_state import (
    ID_BASE,
    Sent,
    audited,
    check_territory,
    document,
    recorded,
    submit,
    version_checksums,
)

from coopgraph.access.keyring import Keyring

pytestmark = pytest.mark.slow
CLIENTS = 4
TERRITORIES = ["grouping/crash-0", "grouping/crash-1"]  # two clients to a territory
ACKNOWLEDGED_BEFORE_KILL = 16
KILL_DELAY = 0.3
"""The kill comes at a random moment up to this many seconds after the 16th answer, so that
runs catch submissions in validation, in their transaction, in reasoning, in the response."""


def _stream(base_url: str, client: int, secret: str, sent: list[Sent]) -> None:
    """Submit new versions until the server is gone; record each attempt and its answer."""
    territory = TERRITORIES[client % len(TERRITORIES)]
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for number in range(10_000):
            data = document(territory, client, number)
            try:
                sent.append(submit(http, territory, data, secret))
            except httpx.TransportError:
                sent.append(Sent(territory, data, None))  # maybe published, never acknowledged
                return


def _start(folder: Path, port: int) -> subprocess.Popen[bytes]:
    environment = {
        "COOPGRAPH_LOAD_CONTENT": "true",
        "COOPGRAPH_CONTENT_ROOT": str(folder / "project"),
        "COOPGRAPH_MAX_VALIDATION_BYTES": str(MAX_SUBMISSION_BYTES),
    }
    with (folder / "server.log").open("ab") as log:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "coopgraph"), "serve", "--port", str(port)],
            env=_server_environment(folder / "store", environment),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _kill_during_stream(folder: Path, base_url: str, port: int) -> tuple[list[Sent], list[str]]:
    process = _start(folder, port)
    try:
        _wait_until_healthy(process, base_url, folder / "server.log")
        return _stream_and_kill(process, folder, base_url)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _stream_and_kill(
    process: subprocess.Popen[bytes], folder: Path, base_url: str
) -> tuple[list[Sent], list[str]]:
    keyring = Keyring(folder / "store" / "private")
    secrets = [
        keyring.create(f"crash-{c}", [ID_BASE + TERRITORIES[c % 2]], admin=False)
        for c in range(CLIENTS)
    ]
    sent: list[Sent] = []
    clients = [
        threading.Thread(target=_stream, args=(base_url, c, secrets[c], sent))
        for c in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    while sum(s.submission is not None for s in sent) < ACKNOWLEDGED_BEFORE_KILL:
        if process.poll() is not None:
            break  # the clients stop on their own; the checks below say what went wrong
        threading.Event().wait(0.02)
    threading.Event().wait(random.uniform(0, KILL_DELAY))
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    for client in clients:
        client.join(timeout=60)
    assert sum(s.submission is not None for s in sent) >= ACKNOWLEDGED_BEFORE_KILL, (
        folder / "server.log"
    ).read_text()[-3000:]
    return sent, secrets


def test_kill_9_during_submissions_keeps_every_acknowledged_one_whole(tmp_path: Path) -> None:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    content_root(tmp_path / "project")
    sent, secrets = _kill_during_stream(tmp_path, base_url, port)
    restarted = _start(tmp_path, port)
    try:
        _wait_until_healthy(restarted, base_url, tmp_path / "server.log")
        with httpx.Client(base_url=base_url, timeout=60) as http:
            _check_after_crash(http, tmp_path / "store" / "private", sent)
            _check_writes_resume(http, secrets)
    finally:
        restarted.terminate()
        restarted.wait(timeout=15)


def _check_after_crash(http: httpx.Client, private: Path, sent: list[Sent]) -> None:
    total = 0
    audit_lines = audited(private, TERRITORIES)
    for territory in TERRITORIES:
        versions = check_territory(http, territory, sent)
        total += len(versions)
        files = version_checksums(private, versions)
        acknowledged = {s.submission for s in sent if s.submission is not None}
        for version, checksum in zip(versions, files, strict=True):
            if version["submission"] in acknowledged:
                assert checksum in audit_lines[territory], "an acknowledged write not audited"
        assert set(audit_lines[territory]) <= set(files), "an audit line of nothing published"
    assert recorded(http) == 2 * total, "a PROV-O activity or version without the other"


def _check_writes_resume(http: httpx.Client, secrets: list[str]) -> None:
    """The restarted server numbers the next version after the newest one it kept."""
    territory = TERRITORIES[0]
    before = http.get(f"/territories/{territory}/versions").json()["versions"]
    after = submit(http, territory, document(territory, 99, 0), secrets[0])
    assert after.submission is not None
    versions = http.get(f"/territories/{territory}/versions").json()["versions"]
    assert [v["submission"] for v in versions[:-1]] == [v["submission"] for v in before]
    assert versions[-1]["version"] == len(before) + 1
