"""A full disk: writes get a 507 that names no server file, nothing is written, and the
service writes again once space is freed. The store lives on a small tmpfs mounted in a mount
namespace of the server's own (``unshare -m``, as root: CI runs as root); the test fills and
frees it from inside that namespace (``nsenter``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from conftest import ADMIN_TOKEN, _free_port, _server_environment, _stop, _wait_until_healthy

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("nsenter") is None,
        reason="a private mount namespace needs root and util-linux's unshare and nsenter",
    ),
]
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
GRAPH = "http://example.org/disk/graph"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Server:
    """A server whose store is on a tmpfs only it sees."""

    base_url: str
    folder: Path
    pid: int

    def inside(self, *command: str) -> None:
        """Run ``command`` in the server's mount namespace."""
        subprocess.run(["nsenter", "-t", str(self.pid), "-m", *command], check=False)

    def fill(self) -> None:
        """Fill the tmpfs up."""
        self.inside("dd", "if=/dev/zero", f"of={self.folder}/filler", "bs=64k", "status=none")

    def free(self) -> None:
        """Free the tmpfs again."""
        self.inside("rm", "-f", f"{self.folder}/filler")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``coopgraph serve`` with its store on a 48 MiB tmpfs of its own mount namespace."""
    folder = tmp_path / "disk"
    folder.mkdir()
    port = _free_port()
    log = tmp_path / "server.log"
    coopgraph = Path(sys.executable).parent / "coopgraph"
    script = (
        f"mount -t tmpfs -o size=48m tmpfs {folder} && "
        f"exec {coopgraph} serve --host 127.0.0.1 --port {port}"
    )
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
            env=_server_environment(folder / "store", {"COOPGRAPH_QUERY_WORKERS": "1"}),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(process, f"http://127.0.0.1:{port}", log)
        yield Server(f"http://127.0.0.1:{port}", folder, process.pid)
    finally:
        _stop(process)


def _put(http: httpx.Client, count: int, tag: str) -> httpx.Response:
    lines = "".join(f'<http://e/{tag}/{n}> <http://e/p> "{"x" * 200}" .\n' for n in range(count))
    return http.put(
        "/graphs",
        params={"graph": GRAPH},
        content=lines.encode(),
        headers={"Content-Type": "application/n-triples", **ADMIN},
    )


def _update(http: httpx.Client, tag: str) -> httpx.Response:
    text = f'INSERT DATA {{ GRAPH <{GRAPH}/u> {{ <http://e/{tag}> <http://e/p> "{"y" * 5000}" }} }}'
    return http.post(
        "/sparql",
        content=text.encode(),
        headers={"Content-Type": "application/sparql-update", **ADMIN},
    )


def _count(http: httpx.Client) -> int:
    answer = http.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200, answer.text
    return int(answer.text.splitlines()[1])


def _assert_disk_full(response: httpx.Response, folder: Path) -> None:
    assert response.status_code == 507, response.text
    assert "disque du serveur est plein" in response.text
    assert "server's disk is full" in response.text
    assert str(folder) not in response.text
    assert "/tmp" not in response.text
    assert ".log" not in response.text  # nor the engine's own files
    assert response.headers["Retry-After"] == "5"


def test_a_write_on_a_full_disk_is_a_507_and_writes_nothing(server: Server) -> None:
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        assert _put(http, 100, "before").status_code in (201, 204)
        before = _count(http)
        server.fill()
        try:
            _assert_disk_full(_put(http, 2000, "full"), server.folder)
            _assert_disk_full(_update(http, "full"), server.folder)
        finally:
            server.free()
        assert http.get("/health").status_code == 200
        assert _count(http) == before


@pytest.mark.xfail(
    strict=True,
    reason="RocksDB keeps refusing writes after a failed WAL append until the store is opened "
    "again; store/embedded.py must reopen its engine after a DiskFull (issue 17, point 13)",
)
def test_writes_work_again_once_space_is_freed(server: Server) -> None:
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        assert _put(http, 100, "before").status_code in (201, 204)
        before = _count(http)
        server.fill()
        try:
            assert _update(http, "full").status_code == 507
        finally:
            server.free()
        assert _update(http, "after").status_code == 204
        assert _count(http) == before + 1
