"""Fixtures of the reliability tests: the canary server, hostile query texts, a live server.

The canary is a tiny TCP server on loopback, up for the whole session. Tests point SERVICE,
LOAD, JSON-LD contexts, owl:imports and external entities at it; it records every connection
it receives. After each test of this folder, and at the end of the session, it must have
received none: coopgraph never fetches what a request names.
"""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest


@dataclass
class Canary:
    """Where the canary listens, and every connection it has seen."""

    host: str
    port: int
    hits: list[str] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        """A URL on the canary."""
        return f"http://{self.host}:{self.port}/{path}"


class _Recorder(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        canary: Canary = self.server.canary  # type: ignore[attr-defined]
        self.request.settimeout(1)
        try:
            first = self.request.recv(200)
        except OSError:
            first = b""
        canary.hits.append(f"{self.client_address}: {first[:120]!r}")


class _CanaryServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture(scope="session", autouse=True)
def canary() -> Iterator[Canary]:
    """The session's canary server; the session fails if anything ever connected to it."""
    server = _CanaryServer(("127.0.0.1", 0), _Recorder)
    found = Canary("127.0.0.1", server.server_address[1])
    server.canary = found  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="canary", daemon=True)
    thread.start()
    yield found
    time.sleep(0.5)  # a late connection from a background thread or a server still counts
    server.shutdown()
    server.server_close()
    assert found.hits == [], f"the canary was contacted during the session: {found.hits}"


@pytest.fixture(autouse=True)
def _canary_untouched(canary: Canary) -> Iterator[None]:
    """Name the test that made coopgraph contact the canary."""
    before = len(canary.hits)
    yield
    assert canary.hits[before:] == [], f"this test made coopgraph fetch: {canary.hits[before:]}"
