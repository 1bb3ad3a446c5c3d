"""The W3C SPARQL 1.1 Protocol tests, run against a real ``coopgraph serve``.

Each test starts on an empty store with the manifest's graph data loaded through the Graph
Store Protocol; the tests themselves run CLEAR ALL, so this module has its own server.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from conftest import LiveServer, StartServer

from conformance.checks import check
from conformance.w3c import SPARQL11, Exchange, W3cTest, cases

MANIFEST = SPARQL11 / "protocol" / "manifest.ttl"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(start_server: StartServer) -> Iterator[LiveServer]:
    """A server of its own: these tests clear the whole store."""
    with start_server() as started:
        yield started


def _reset(http: httpx.Client, server: LiveServer, test: W3cTest) -> None:
    """Empty the store, then load the test's graphs through the Graph Store Protocol."""
    dropped = http.post(
        "/sparql",
        content=b"DROP ALL",
        headers={"Content-Type": "application/sparql-update", **server.admin},
    )
    assert dropped.status_code == 204, dropped.text
    for file, graph in test.graph_data:
        loaded = http.put(
            "/graphs",
            params={"graph": graph},
            content=file.read_bytes(),
            headers={"Content-Type": "application/n-triples", **server.admin},
        )
        assert loaded.status_code == 201, loaded.text


def _is_update(exchange: Exchange) -> bool:
    if exchange.headers.get("content-type", "").startswith("application/sparql-update"):
        return True
    query = urlsplit(exchange.path).query
    form = exchange.body.decode("utf-8", "replace") if exchange.body else ""
    return any(name == "update" for name, _ in parse_qsl(query) + parse_qsl(form))


def _send(http: httpx.Client, server: LiveServer, exchange: Exchange) -> httpx.Response:
    headers = dict(exchange.headers)
    if _is_update(exchange):
        headers |= server.admin
    path = exchange.path.replace("/sparql/", "/sparql", 1)
    return http.request(exchange.method, path, headers=headers, content=exchange.body)


@pytest.mark.parametrize("test", cases(MANIFEST))
def test_protocol(server: LiveServer, test: W3cTest) -> None:
    """Every request of the test gets the status and answer the manifest expects."""
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        _reset(http, server, test)
        for exchange in test.exchanges:
            check(exchange, _send(http, server, exchange))


def test_the_manifest_has_its_34_tests() -> None:
    """The suite is read whole: no test silently lost by the manifest reader."""
    if not MANIFEST.is_file():
        pytest.skip(f"{MANIFEST} is absent")
    assert len(cases(MANIFEST)) == 34
