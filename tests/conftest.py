"""Shared fixtures: settings for a throw-away store, the app through TestClient, a live server.

``live_server`` runs the real ``coopgraph serve`` in a subprocess on a loopback port, with an
on-disk store in a temporary folder; ``start_server`` starts more of them where a test needs
its own (the W3C tests clear the whole store).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from coopgraph.settings import Settings
from coopgraph.web.app import create_app

pytest_plugins = ["support.virtuoso"]  # the session fixture `virtuoso` (tests/support/virtuoso.py)

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
SHARED = (REPOSITORY_ROOT / ".." / "shared").resolve()
ADMIN_TOKEN = "test-admin-token"
LIVE_QUERY_TIMEOUT = 20.0
"""COOPGRAPH_QUERY_TIMEOUT of the test apps and live servers: far above any query a test runs
(a stored query on a fresh app took over 3 s on a slow day), and below the 30 s the tests'
HTTP clients wait, so that a runaway query still ends as the server's 503, not a client's
timeout."""
SHORT_QUERY_TIMEOUT = 3.0
"""The deadline of the tests of the deadline itself, which give it to their own app or server
(``make_settings(query_timeout=SHORT_QUERY_TIMEOUT)``, ``deadline_server``)."""
_STARTUP_SECONDS = 300.0


@dataclass(frozen=True)
class LiveServer:
    """A running ``coopgraph serve``: where it listens and how to write to it."""

    base_url: str
    token: str
    store: Path
    log: Path

    @property
    def sparql(self) -> str:
        """The SPARQL endpoint's URL."""
        return f"{self.base_url}/sparql"

    @property
    def admin(self) -> dict[str, str]:
        """The Authorization header of the admin."""
        return {"Authorization": f"Bearer {self.token}"}


def make_settings(**overrides: Any) -> Settings:
    """Settings of a throw-away store in memory, with an admin token and one query worker."""
    values: dict[str, Any] = {
        "store": "memory",
        "load_content": False,
        "admin_token": ADMIN_TOKEN,
        "query_timeout": LIVE_QUERY_TIMEOUT,
        "query_workers": 1,
    }
    return Settings(**(values | overrides))


@pytest.fixture
def settings() -> Settings:
    """Settings of a store in memory, content not loaded, admin token ``test-admin-token``."""
    return make_settings()


@contextmanager
def running_client(settings: Settings) -> Iterator[TestClient]:
    """A TestClient over ``create_app(settings)`` with its lifespan running."""
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The app on the ``settings`` fixture, started (store open, workers up)."""
    with running_client(settings) as started:
        yield started


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_environment(store: Path, extra: dict[str, str]) -> dict[str, str]:
    return os.environ | {
        "COOPGRAPH_STORE": str(store),
        "COOPGRAPH_LOAD_CONTENT": "false",
        "COOPGRAPH_ADMIN_TOKEN": ADMIN_TOKEN,
        "COOPGRAPH_QUERY_TIMEOUT": str(LIVE_QUERY_TIMEOUT),
        **extra,
    }


def _wait_until_healthy(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"coopgraph serve exited with {process.returncode}:\n{log.read_text()}"
            )
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"coopgraph serve did not answer /health in time:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextmanager
def serve(folder: Path, **environment: str) -> Iterator[LiveServer]:
    """Run the real ``coopgraph serve`` on a free loopback port, its store in ``folder``."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "server.log"
    command = [str(Path(sys.executable).parent / "coopgraph"), "serve"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)],
            env=_server_environment(folder / "store", environment),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(process, base_url, log)
        yield LiveServer(base_url, ADMIN_TOKEN, folder / "store", log)
    finally:
        _stop(process)


StartServer = Callable[..., AbstractContextManager[LiveServer]]


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory) -> StartServer:
    """Start another live server: ``with start_server(COOPGRAPH_ROW_CAP="5") as server:``."""

    def start(**environment: str) -> AbstractContextManager[LiveServer]:
        return serve(tmp_path_factory.mktemp("server"), **environment)

    return start


@pytest.fixture(scope="session")
def deadline_server(start_server: StartServer) -> Iterator[LiveServer]:
    """A live server whose queries have the short deadline, for the tests of the deadline."""
    with start_server(COOPGRAPH_QUERY_TIMEOUT=str(SHORT_QUERY_TIMEOUT)) as server:
        yield server


@pytest.fixture(scope="session")
def live_server(start_server: StartServer) -> Iterator[LiveServer]:
    """One real ``coopgraph serve`` for the session, on an empty on-disk store."""
    with start_server() as server:
        yield server
