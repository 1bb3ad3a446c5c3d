"""Fixtures of the web tests: a small graph of people on the live server, and counting."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from conftest import LiveServer

PEOPLE = "http://example.org/web-tests/people"
PEOPLE_TURTLE = b"""
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <http://example.org/> .
ex:alice a foaf:Person ; foaf:name "Alice" ; foaf:knows ex:bob .
ex:bob a foaf:Person ; foaf:name "Bob" .
ex:carol a foaf:Person ; foaf:name "Carole"@fr .
"""
PEOPLE_COUNT = 3


def count_triples(http: httpx.Client) -> int:
    """How many triples the whole store holds, asked through the endpoint itself."""
    response = http.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _with_people(server: LiveServer) -> LiveServer:
    """``server`` with the people graph loaded (replaced if already there)."""
    loaded = httpx.put(
        f"{server.base_url}/graphs",
        params={"graph": PEOPLE},
        content=PEOPLE_TURTLE,
        headers={"Content-Type": "text/turtle", **server.admin},
        timeout=30,
    )
    assert loaded.status_code in (201, 204), loaded.text
    return server


@pytest.fixture(scope="session")
def people(live_server: LiveServer) -> LiveServer:
    """The live server with the people graph loaded (replaced if already there)."""
    return _with_people(live_server)


@pytest.fixture
def http(people: LiveServer) -> Iterator[httpx.Client]:
    """A raw HTTP client on the live server, the people graph loaded."""
    with httpx.Client(base_url=people.base_url, timeout=30) as client:
        yield client


@pytest.fixture
def deadline_http(deadline_server: LiveServer) -> Iterator[httpx.Client]:
    """A raw HTTP client on the live server of the short query deadline, the people graph
    loaded (a cartesian product of its triples outlasts the deadline)."""
    with httpx.Client(base_url=_with_people(deadline_server).base_url, timeout=30) as client:
        yield client
