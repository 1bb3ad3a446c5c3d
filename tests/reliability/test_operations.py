"""Operations: an online backup and its restore drill; the store refuses to start on a lock or
on corruption, with a clear message, and never deletes anything."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import ADMIN_TOKEN, StartServer, make_settings, running_client
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from coopgraph.cli.main import app as cli
from coopgraph.store import backup
from coopgraph.store.embedded import EmbeddedStore

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
COOPGRAPH = str(Path(sys.executable).parent / "coopgraph")
# Files RocksDB itself rotates on every open: its info log, never data.
_INFO_LOGS = ("LOG", "LOG.old")


def _put(client: TestClient, graph: str, count: int) -> None:
    lines = "".join(f'<http://e/{graph}/{n}> <http://e/p> "{n}" .\n' for n in range(count))
    response = client.put(
        "/graphs",
        params={"graph": f"http://e/{graph}"},
        content=lines.encode(),
        headers={"Content-Type": "application/n-triples", **ADMIN},
    )
    assert response.status_code in (201, 204), response.text


def _dump(store_folder: Path) -> set[bytes]:
    store = EmbeddedStore.on_disk(store_folder)
    output = io.BytesIO()
    try:
        store.dump(output)
    finally:
        store.close()
    return set(output.getvalue().splitlines())


def test_online_backup_and_restore_drill(tmp_path: Path) -> None:
    settings = make_settings(store=str(tmp_path / "store"), private_folder=tmp_path / "private")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "tokens.json").write_text("[]")
    with running_client(settings) as client:
        _put(client, "before", 500)
        made = client.post("/admin/backup", headers=ADMIN)
        _put(client, "after", 10)
        refused = client.post("/admin/backup")
    assert made.status_code == 201, made.text
    assert made.json()["quads"] == 500
    assert refused.status_code == 401
    folder = backup.backups(tmp_path / "store" / "backups")[-1]
    result = CliRunner().invoke(cli, ["restore", str(folder), "--store", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    restored = _dump(tmp_path / "new")
    assert len(restored) == 500
    assert all(b"http://e/before" in line for line in restored)
    assert (folder / "private" / "tokens.json").read_text() == "[]"


def test_a_store_in_memory_backs_up_as_n_quads(tmp_path: Path) -> None:
    settings = make_settings(backup_folder=tmp_path / "backups")
    with running_client(settings) as client:
        _put(client, "memory", 20)
        assert client.post("/admin/backup", headers=ADMIN).json()["quads"] == 20
    folder = backup.backups(tmp_path / "backups")[-1]
    assert (folder / backup.DUMP).read_bytes().count(b"\n") == 20
    without_folder = make_settings()
    with running_client(without_folder) as client:
        response = client.post("/admin/backup", headers=ADMIN)
    assert response.status_code == 503
    assert "COOPGRAPH_BACKUP_FOLDER" in response.text


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(_INFO_LOGS)
    }


def _serve(store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COOPGRAPH, "serve", "--store", str(store), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COOPGRAPH_LOAD_CONTENT": "false", "PATH": str(Path(sys.executable).parent)},
        check=False,
    )


@pytest.mark.slow
def test_a_second_server_on_the_same_folder_is_refused(start_server: StartServer) -> None:
    with start_server() as server:
        before = _fingerprint(server.store)
        second = _serve(server.store)
        assert second.returncode != 0
        assert "in use by another process" in second.stderr
        assert "Traceback" not in second.stderr
        assert _fingerprint(server.store).items() >= before.items()
        assert httpx.get(f"{server.base_url}/health", timeout=5).status_code == 200


@pytest.mark.slow
def test_a_corrupt_store_is_refused_and_kept(tmp_path: Path) -> None:
    store = EmbeddedStore.on_disk(tmp_path / "store")
    store.update('INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> "o" } }')
    store.close()
    table = next((tmp_path / "store" / "oxigraph").glob("*.sst"))
    table.write_bytes(table.read_bytes()[:10])
    before = _fingerprint(tmp_path / "store")
    result = _serve(tmp_path / "store")
    assert result.returncode != 0
    assert "cannot open the store at" in result.stderr
    assert "Nothing was changed or deleted" in result.stderr
    assert "Traceback" not in result.stderr
    after = _fingerprint(tmp_path / "store")
    assert {name: after.get(name) for name in before} == before
