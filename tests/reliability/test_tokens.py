"""Tokens are never logged: a live server's log, after authenticated requests, holds none."""

from __future__ import annotations

import httpx
import pytest
from conftest import LiveServer

pytestmark = pytest.mark.slow


def test_tokens_never_reach_the_log(live_server: LiveServer) -> None:
    wrong = "not-a-token-5d1e8a"
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        http.put(
            "/graphs",
            params={"graph": "http://e/logged"},
            content=b"<a:a> <a:b> <a:c> .",
            headers={"Content-Type": "application/n-triples", **live_server.admin},
        )
        http.post(
            "/sparql",
            content=b"CLEAR SILENT GRAPH <http://e/logged>",
            headers={"Content-Type": "application/sparql-update", **live_server.admin},
        )
        http.post(
            "/sparql",
            content=b"CLEAR ALL",
            headers={
                "Content-Type": "application/sparql-update",
                "Authorization": f"Bearer {wrong}",
            },
        )
        http.get("/sparql", params={"query": "ASK {}"}, headers=live_server.admin)
    log = live_server.log.read_text()
    assert "POST /sparql" in log
    assert live_server.token not in log
    assert wrong not in log
