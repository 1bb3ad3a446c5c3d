"""One writer, and nothing acknowledged lost: concurrent read-modify-write updates end in the
exact state; after kill -9 during a stream of writes, every acknowledged write is there whole
and no unacknowledged one in part."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import (
    ADMIN_TOKEN,
    StartServer,
    _free_port,
    _server_environment,
    _wait_until_healthy,
)

pytestmark = pytest.mark.slow

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
CLIENTS, WRITES = 8, 200
COUNTER = "http://e/counter"
TRIPLES_PER_GRAPH = 200
INCREMENT = """
DELETE {{ GRAPH <{counter}> {{ <{counter}> <http://e/n> ?old }} }}
INSERT {{ GRAPH <{counter}> {{
  <{counter}> <http://e/n> ?new . <http://e/w/{client}/{n}> <http://e/by> {client} }} }}
WHERE {{ GRAPH <{counter}> {{ <{counter}> <http://e/n> ?old }} BIND(?old + 1 AS ?new) }}
"""


def _count(http: httpx.Client, query: str) -> int:
    response = http.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    return int(response.text.splitlines()[1])


def _increment(base_url: str, client: int) -> list[int]:
    headers = {"Content-Type": "application/sparql-update", **ADMIN}
    with httpx.Client(base_url=base_url, timeout=60, headers=headers) as http:
        return [
            http.post(
                "/sparql", content=INCREMENT.format(counter=COUNTER, client=client, n=n)
            ).status_code
            for n in range(WRITES)
        ]


def test_concurrent_read_modify_write_updates_lose_nothing(start_server: StartServer) -> None:
    with (
        start_server(
            COOPGRAPH_FAIR_SHARE_CONCURRENCY=str(CLIENTS),
            COOPGRAPH_FAIR_SHARE_SECONDS="100000",
            COOPGRAPH_FAIR_SHARE_HEAVY_SECONDS="100000",
        ) as server,
        httpx.Client(base_url=server.base_url, timeout=60) as http,
    ):
        seed = f"INSERT DATA {{ GRAPH <{COUNTER}> {{ <{COUNTER}> <http://e/n> 0 }} }}"
        http.post(
            "/sparql",
            content=seed,
            headers={"Content-Type": "application/sparql-update", **ADMIN},
        )
        with ThreadPoolExecutor(CLIENTS) as pool:
            runs = list(pool.map(_increment, [server.base_url] * CLIENTS, range(CLIENTS)))
        assert [s for run in runs for s in run] == [204] * CLIENTS * WRITES
        total = f"SELECT ?n {{ GRAPH <{COUNTER}> {{ <{COUNTER}> <http://e/n> ?n }} }}"
        assert _count(http, total) == CLIENTS * WRITES
        marks = f"SELECT (COUNT(*) AS ?c) {{ GRAPH <{COUNTER}> {{ ?w <http://e/by> ?by }} }}"
        assert _count(http, marks) == CLIENTS * WRITES


def _graph_body(number: int) -> bytes:
    return "".join(
        f'<http://e/crash/{number}/{t}> <http://e/p> "{t}" .\n' for t in range(TRIPLES_PER_GRAPH)
    ).encode()


def _stream(base_url: str, acknowledged: list[int], attempted: list[int]) -> None:
    headers = {"Content-Type": "application/n-triples", **ADMIN}
    with httpx.Client(base_url=base_url, timeout=10, headers=headers) as http:
        for number in range(100_000):
            attempted.append(number)
            try:
                response = http.put(
                    "/graphs",
                    params={"graph": f"http://e/crash/{number}"},
                    content=_graph_body(number),
                )
            except httpx.TransportError:
                return
            if response.status_code == 201:
                acknowledged.append(number)


def _start(folder: Path, port: int) -> subprocess.Popen[bytes]:
    with (folder / "server.log").open("ab") as log:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "coopgraph"), "serve", "--port", str(port)],
            env=_server_environment(folder / "store", {}),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def test_kill_9_during_writes_keeps_every_acknowledged_one_whole(tmp_path: Path) -> None:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    process = _start(tmp_path, port)
    _wait_until_healthy(process, base_url, tmp_path / "server.log")
    acknowledged: list[int] = []
    attempted: list[int] = []
    writer = threading.Thread(target=_stream, args=(base_url, acknowledged, attempted))
    writer.start()
    while len(acknowledged) < 40:
        threading.Event().wait(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    writer.join(timeout=30)
    restarted = _start(tmp_path, port)
    try:
        _wait_until_healthy(restarted, base_url, tmp_path / "server.log")
        _check_after_crash(base_url, acknowledged, attempted)
    finally:
        restarted.terminate()
        restarted.wait(timeout=15)


def _check_after_crash(base_url: str, acknowledged: list[int], attempted: list[int]) -> None:
    query = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "http://e/crash/")) } GROUP BY ?g'
    )
    with httpx.Client(base_url=base_url, timeout=30) as http:
        answer = http.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    counts = {
        int(line.split(",")[0].rsplit("/", 1)[1]): int(line.split(",")[1])
        for line in answer.text.splitlines()[1:]
    }
    assert all(counts.get(number) == TRIPLES_PER_GRAPH for number in acknowledged)
    assert set(counts.values()) == {TRIPLES_PER_GRAPH}, "a write is there in part"
    assert set(counts) <= set(attempted)
