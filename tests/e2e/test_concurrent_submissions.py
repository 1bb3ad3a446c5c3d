"""Concurrent submissions on a live server end in exactly the expected state.

CLIENTS stewards submit ROUNDS versions each, two stewards to a territory, all at once. Every
submission gets its own version number, none is lost, and each territory's published graph is
the file of its newest version. Raise CLIENTS and ROUNDS for a heavier run.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import LiveServer
from rdflib import Graph
from rdflib.compare import isomorphic
from steward_content import steward_file

from coopgraph.tokens import Keyring

pytestmark = pytest.mark.slow
CLIENTS = 8
ROUNDS = 2
TERRITORIES = CLIENTS // 2
LABEL = b'"Solar roofs of the church"@en'


def territory_path(client: int) -> str:
    """The territory a client publishes: two clients share each one."""
    return f"grouping/concurrency-{client % TERRITORIES}"


def document(client: int, round_number: int) -> bytes:
    """A valid description that no other client or round sends."""
    label = f'"Solar roofs, client {client}, round {round_number}"@en'.encode()
    own = f"test-concurrency-{client % TERRITORIES}".encode()  # its own IRIs: no other test's
    return steward_file("loos-en-gohelle.ttl").replace(LABEL, label).replace(b"test-loos", own)


@pytest.fixture(scope="module")
def secrets(steward_server: LiveServer) -> list[str]:
    """One steward token per client, in the server's keyring (read at each request)."""
    keyring = Keyring(Path(steward_server.store) / "private")
    return [
        keyring.create(f"concurrent-{c}", [_iri(territory_path(c))], admin=False)
        for c in range(CLIENTS)
    ]


def _iri(path: str) -> str:
    return "https://w3id.org/coopgraph/id/" + path


def _run_client(base_url: str, client: int, secret: str) -> list[int]:
    statuses = []
    with httpx.Client(base_url=base_url, timeout=300) as http:
        for round_number in range(ROUNDS):
            response = http.post(
                "/submissions",
                params={"territory": territory_path(client)},
                content=document(client, round_number),
                headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {secret}"},
            )
            statuses.append(response.status_code)
    return statuses


def test_concurrent_submissions_end_in_the_expected_state(
    steward_server: LiveServer, secrets: list[str]
) -> None:
    with ThreadPoolExecutor(CLIENTS) as pool:
        runs = pool.map(_run_client, [steward_server.base_url] * CLIENTS, range(CLIENTS), secrets)
        assert [status for run in runs for status in run] == [201] * CLIENTS * ROUNDS
    with httpx.Client(base_url=steward_server.base_url, timeout=60) as http:
        for territory in range(TERRITORIES):
            _check_territory(http, f"grouping/concurrency-{territory}")


def _check_territory(http: httpx.Client, path: str) -> None:
    sent = {
        hashlib.sha256(document(c, r)).hexdigest(): document(c, r)
        for c in range(CLIENTS)
        if territory_path(c) == path
        for r in range(ROUNDS)
    }
    versions = http.get(f"/territories/{path}/versions").json()["versions"]
    assert [v["version"] for v in versions] == list(range(1, len(sent) + 1))
    assert {v["sha256"] for v in versions} == set(sent)
    graph = "https://w3id.org/coopgraph/graph/submission/" + path
    answer = http.get("/graphs", params={"graph": graph}, headers={"Accept": "text/turtle"})
    published = Graph().parse(data=answer.text, format="turtle")
    newest = Graph().parse(data=sent[versions[-1]["sha256"]], format="turtle")
    assert isomorphic(published, newest)
