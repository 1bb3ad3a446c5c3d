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


@pytest.fixture(scope="session")
def people(live_server: LiveServer) -> LiveServer:
    """The live server with the people graph loaded (replaced if already there)."""
    loaded = httpx.put(
        f"{live_server.base_url}/graphs",
        params={"graph": PEOPLE},
        content=PEOPLE_TURTLE,
        headers={"Content-Type": "text/turtle", **live_server.admin},
    )
    assert loaded.status_code in (201, 204), loaded.text
    return live_server


@pytest.fixture
def http(people: LiveServer) -> Iterator[httpx.Client]:
    """A raw HTTP client on the live server, the people graph loaded."""
    with httpx.Client(base_url=people.base_url, timeout=30) as client:
        yield client
