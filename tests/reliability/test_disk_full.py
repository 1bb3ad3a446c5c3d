"""A full disk: writes and submissions get a 507 that names no server file, nothing is
written (store, archived versions, audit line), and the service writes again once space is
freed. The store lives on a small tmpfs mounted in a mount
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
from support.steward_content import LOOS, MAX_SUBMISSION_BYTES, content_root, steward_file

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

    def inside(self, *command: str) -> str:
        """Run ``command`` in the server's mount namespace; what it printed."""
        done = subprocess.run(
            ["nsenter", "-t", str(self.pid), "-m", *command], check=False, capture_output=True
        )
        return done.stdout.decode()

    def fill(self) -> None:
        """Fill the tmpfs up."""
        self.inside("dd", "if=/dev/zero", f"of={self.folder}/filler", "bs=64k", "status=none")

    def free(self) -> None:
        """Free the tmpfs again."""
        self.inside("rm", "-f", f"{self.folder}/filler")


def _serve(tmp_path: Path, environment: dict[str, str]) -> Iterator[Server]:
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
            env=_server_environment(
                folder / "store", {"COOPGRAPH_QUERY_WORKERS": "1"} | environment
            ),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(process, f"http://127.0.0.1:{port}", log)
        yield Server(f"http://127.0.0.1:{port}", folder, process.pid)
    finally:
        _stop(process)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A server on a tmpfs, with no content."""
    yield from _serve(tmp_path, {})


@pytest.fixture(scope="module")
def steward_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a tmpfs with the ontology, the shapes and the sample geography; its private
    folder (tokens, archived versions, audit log) on the tmpfs too."""
    tmp_path = tmp_path_factory.mktemp("steward")
    project = content_root(tmp_path / "project")
    yield from _serve(
        tmp_path,
        {
            "COOPGRAPH_LOAD_CONTENT": "true",
            "COOPGRAPH_CONTENT_ROOT": str(project),
            "COOPGRAPH_MAX_VALIDATION_BYTES": str(MAX_SUBMISSION_BYTES),
        },
    )


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


_MAKE_TOKEN = """
import sys
from pathlib import Path
from coopgraph.access.keyring import Keyring
print(Keyring(Path(sys.argv[1])).create(sys.argv[3], [sys.argv[2]], admin=False))
"""


def _private_files(server: Server) -> list[str]:
    """The files of the private folder (but the keyring's) with their sizes, and the audit log."""
    private = f"{server.folder}/store/private"
    listing = server.inside("find", private, "-type", "f", "-printf", "%P %s\\n").splitlines()
    audit = server.inside("cat", f"{private}/audit.jsonl").splitlines()
    return sorted(line for line in listing if not line.startswith("tokens.json")) + audit


def _submit(http: httpx.Client, secret: str, label: str) -> httpx.Response:
    data = steward_file("loos-en-gohelle.ttl").replace(
        b'"Solar roofs of the church"@en', f'"{label}"@en'.encode()
    )
    return http.post(
        "/submissions",
        params={"territory": LOOS},
        content=data,
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {secret}"},
    )


def _submit_on_a_full_disk(server: Server, label: str) -> tuple[list[str], list[str]]:
    """Submit once with space, once on a full disk (a 507 with nothing published), once
    with space again; the private files before and after the refused one."""
    private = f"{server.folder}/store/private"
    secret = server.inside(
        sys.executable, "-c", _MAKE_TOKEN, private, LOOS, f"disk-{label.lower()}"
    ).strip()
    assert secret, "no token was made in the server's private folder"
    with httpx.Client(base_url=server.base_url, timeout=120) as http:
        first = _submit(http, secret, f"{label}, before the disk filled up")
        assert first.status_code == 201, first.text
        before, quads = _private_files(server), _count(http)
        server.fill()
        try:
            _assert_disk_full(_submit(http, secret, f"{label}, on a full disk"), server.folder)
            after = _private_files(server)
        finally:
            server.free()
        assert _count(http) == quads
        again = _submit(http, secret, f"{label}, once space was freed")
        assert again.status_code == 201, again.text
    return before, after


def test_a_submission_on_a_full_disk_is_a_507_and_keeps_nothing(steward_server: Server) -> None:
    before, after = _submit_on_a_full_disk(steward_server, "Kept")
    # No version kept, no audit line. The archive's temporary file is the next test's.
    assert [line for line in after if ".tmp " not in line] == before


def test_a_submission_on_a_full_disk_leaves_no_temporary_file(steward_server: Server) -> None:
    before, after = _submit_on_a_full_disk(steward_server, "Temporary")
    assert after == before
