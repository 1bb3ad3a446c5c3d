"""The W3C SPARQL 1.1 Graph Store HTTP Protocol tests, run against a real ``coopgraph serve``.

The manifests address the graph store as /gsp; coopgraph serves it at /graphs, with direct
identification of graphs under /graphs/... and indirect identification by ?graph= and ?default.
Every test starts on an empty store.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from conftest import LiveServer, StartServer

from conformance.checks import check
from conformance.w3c import SPARQL11, Exchange, W3cTest, cases, substitute

DIRECTORY = SPARQL11 / "graph-store-protocol"
MANIFESTS = (DIRECTORY / "manifest-direct.ttl", DIRECTORY / "manifest-indirect.ttl")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(start_server: StartServer) -> Iterator[LiveServer]:
    """A server of its own: each test empties the whole store."""
    with start_server() as started:
        yield started


def _empty(http: httpx.Client, server: LiveServer) -> None:
    dropped = http.post(
        "/sparql",
        content=b"DROP ALL",
        headers={"Content-Type": "application/sparql-update", **server.admin},
    )
    assert dropped.status_code == 204, dropped.text


def _send(
    http: httpx.Client, server: LiveServer, exchange: Exchange, variables: dict[str, str]
) -> httpx.Response:
    path = "/graphs" + substitute(exchange.path, variables).removeprefix("/gsp")
    body = exchange.body
    if body is not None:
        body = substitute(body.decode("utf-8"), variables).encode("utf-8")
    headers = exchange.headers | server.admin
    return http.request(exchange.method, path, headers=headers, content=body)


@pytest.mark.parametrize("test", cases(*MANIFESTS))
def test_graph_store(server: LiveServer, test: W3cTest) -> None:
    """Every request of the test gets the status, type and graph the manifest expects."""
    variables: dict[str, str] = {}
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        _empty(http, server)
        for exchange in test.exchanges:
            response = _send(http, server, exchange, variables)
            check(exchange, response)
            if exchange.expected.location_variable:
                variables[exchange.expected.location_variable] = response.headers["location"]


def test_the_manifests_have_their_13_tests() -> None:
    """Both manifests are read whole: 4 direct and 9 indirect tests."""
    if not DIRECTORY.is_dir():
        pytest.skip(f"{DIRECTORY} is absent")
    assert len(cases(*MANIFESTS)) == 13
