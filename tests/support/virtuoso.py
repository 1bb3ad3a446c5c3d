"""A Virtuoso Open Source server of our own, on loopback, for tests and the benchmark.

Its configuration, database and log live in a folder we give; it is started as
``virtuoso-t +foreground`` and stopped by its process id. Updates go to ``/sparql-auth`` with
digest authentication as ``dba`` (a fresh database's default password), so the anonymous
``/sparql`` endpoint stays read-only, as on a real deployment. No MaxQueryCostEstimationTime:
Virtuoso's estimate refuses queries that run in a fraction of a second (ecosystem-value with
its ecosystem bound: "estimated execution time 3083 (sec)"); MaxQueryExecutionTime bounds the
real time. Registered as a pytest plugin in tests/conftest.py: the session fixture
``virtuoso`` starts one server, or skips where no
Virtuoso binary is installed.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from coopgraph import iris
from coopgraph.store.base import Store
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.store.remote import RemoteStore

BINARY = shutil.which("virtuoso-t")
INSTALL = "DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource"
_STARTUP_SECONDS = 90.0

_CONFIGURATION = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{odbc_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
DirsAllowed = {folder}
TransactionAfterImageLimit = 2000000000
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its endpoints and the credentials of its writer."""

    base_url: str
    folder: Path
    user: str = "dba"
    password: str = "dba"

    @property
    def sparql(self) -> str:
        """The anonymous, read-only SPARQL endpoint."""
        return f"{self.base_url}/sparql"

    @property
    def sparql_auth(self) -> str:
        """The endpoint that takes updates, with digest authentication."""
        return f"{self.base_url}/sparql-auth"

    def environment(self) -> dict[str, str]:
        """The COOPGRAPH_* variables that point coopgraph at this server."""
        return {
            "COOPGRAPH_STORE": self.sparql,
            "COOPGRAPH_UPDATE_URL": self.sparql_auth,
            "COOPGRAPH_STORE_USER": self.user,
            "COOPGRAPH_STORE_PASSWORD": self.password,
        }

    def store(self, timeout: float = 60.0) -> RemoteStore:
        """A RemoteStore on this server."""
        credentials = ("digest", self.user, self.password)
        return RemoteStore(self.sparql, self.sparql_auth, credentials, timeout)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_answering(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + _STARTUP_SECONDS
    accept = {"Accept": "application/sparql-results+json"}
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{log.read_text()}")
        try:
            answer = httpx.get(url, params={"query": "ASK {}"}, headers=accept, timeout=2)
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"Virtuoso did not answer {url} in time:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def running_virtuoso(folder: Path, buffers: int = 100_000) -> Iterator[Virtuoso]:
    """Start Virtuoso on free loopback ports with its database in ``folder``; stop it after."""
    if BINARY is None:
        raise RuntimeError(f"no virtuoso-t on PATH; install it with: {INSTALL}")
    folder.mkdir(parents=True, exist_ok=True)
    http_port = _free_port()
    configuration = folder / "virtuoso.ini"
    configuration.write_text(
        _CONFIGURATION.format(
            folder=folder,
            odbc_port=_free_port(),
            http_port=http_port,
            buffers=buffers,
            dirty_buffers=buffers * 3 // 4,
        )
    )
    log = folder / "console.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [BINARY, "+foreground", "+configfile", str(configuration)],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_answering(process, f"{base_url}/sparql", log)
        yield Virtuoso(base_url, folder)
    finally:
        _stop(process)


def empty(store: RemoteStore) -> None:
    """Remove every graph coopgraph wrote, and the registry itself."""
    store.restore(io.BytesIO(b""))
    store.update(f"DROP SILENT GRAPH <{iris.REGISTRY_GRAPH}>")


def open_test_store(kind: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of ``kind``: embedded in memory, or the session's Virtuoso, emptied."""
    if kind == "embedded":
        yield EmbeddedStore.in_memory()
        return
    server: Virtuoso = request.getfixturevalue("virtuoso")
    remote = server.store()
    empty(remote)
    yield remote
    remote.close()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """One Virtuoso for the session; skipped where Virtuoso is not installed."""
    if BINARY is None:
        pytest.skip(f"Virtuoso is not installed (no virtuoso-t on PATH); {INSTALL}")
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
