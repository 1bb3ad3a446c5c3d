"""No public request makes coopgraph connect anywhere (issue 17, point 1).

First wall: SERVICE and LOAD are refused on what a real SPARQL parser reads, not on what a
hand-written lexer guesses; a corpus of lexer confusions (quotes, comments, escapes, long
strings, prefixed names, IRIs) goes through /sparql of a live server by GET and POST. Second
wall: the query workers have no network, so even a SERVICE sent to them directly reaches
nothing. The canary (conftest.py) must see no connection.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import LiveServer

from coopgraph import formats
from coopgraph.errors import CoopgraphError
from coopgraph.store import AnswerFormats, EmbeddedStore
from coopgraph.workers.queries import QueryPool
from reliability.conftest import Canary

ACCEPT = {"Accept": "application/sparql-results+json"}
P = "PREFIX ex: <http://example.org/> "


def confusions(target: str) -> dict[str, str]:
    """Queries that run SERVICE <target> for the engine, written to mislead a lexer."""
    call = f"SERVICE <{target}> {{ ?s ?p ?o }}"
    return {
        "issue, double quotes": f'{P}SELECT * {{ VALUES (?a ?b) {{ (ex:a" x") }} {call} }} # "',
        "issue, single quotes": f"{P}SELECT * {{ VALUES (?a ?b) {{ (ex:a' x') }} {call} }} # '",
        "plain": f"SELECT * WHERE {{ {call} }}",
        "lower case": f"select * where {{ service <{target}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        "no spaces": f"SELECT*{{SERVICE<{target}>{{?s ?p ?o}}}}",
        "variable endpoint": f"SELECT * {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "after a long string": f'SELECT * {{ BIND("""a " b \'\'""" AS ?x) {call} }} # """',
        "long string in comment": f'SELECT * {{ # """\n {call} }} # """',
        "comment ended by CR": f"SELECT * {{ BIND(1 AS ?z) # x\r {call} \n }}",
        "escaped quote": f'SELECT * {{ BIND("a\\"" AS ?x) {call} }} # "',
        "escaped backslash": f'SELECT * {{ BIND("a\\\\" AS ?x) {call} }} # "',
        "prefixed name with dots and dashes": f"{P}SELECT * {{ ?s ex:a.b-c ?o . {call} }}",
        "prefixed name with escapes": f"{P}SELECT * {{ ?s ex:a\\'b ?o . {call} }} # '",
        "prefixed name with percent": f'{P}SELECT * {{ ?s ex:a%22b ?o . {call} }} # "',
        "IRI holding a quote": f"SELECT * {{ ?s <http://e/'> ?o . {call} }} # '",
        "IRI holding a hash": f"SELECT * {{ ?s <http://e/#x> ?o . {call} }}",
        "\\u escape of SERVICE": f"SELECT * {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        "\\U escape of SERVICE": f"SELECT * {{ \\U00000073ervice <{target}> {{ ?s ?p ?o }} }}",
        "\\u escape of a quote": f"SELECT * {{ BIND('\\u0027' AS ?q) {call} }} # '",
        "dotless i": f"SELECT * {{ SERV\u0131CE <{target}> {{ ?s ?p ?o }} }}",
        "in a subquery": f"SELECT * {{ {{ SELECT * {{ {call} }} }} }}",
        "in OPTIONAL and UNION": f"SELECT * {{ OPTIONAL {{ {{ }} UNION {{ {call} }} }} }}",
        "ASK": f"ASK {{ {call} }}",
        "CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {call} }}",
        "FROM the canary too": f"SELECT * FROM <{target}> {{ {call} }}",
    }


@pytest.fixture(scope="module")
def server(live_server: LiveServer) -> LiveServer:
    """The session's live server (its query workers on snapshots of an on-disk store)."""
    return live_server


def _leaks(response: httpx.Response, canary: Canary) -> bool:
    return str(canary.port) in response.text and response.status_code == 200


@pytest.mark.parametrize("name", list(confusions("http://x/")))
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_no_confusion_reaches_the_canary(
    server: LiveServer, canary: Canary, name: str, method: str
) -> None:
    query = confusions(canary.url("sparql"))[name]
    if method == "GET":
        response = httpx.get(server.sparql, params={"query": query}, headers=ACCEPT, timeout=20)
    else:
        response = httpx.post(server.sparql, data={"query": query}, headers=ACCEPT, timeout=20)
    assert response.status_code == 400, response.text
    assert "SERVICE" in response.text
    assert "Traceback" not in response.text
    assert not _leaks(response, canary)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE <http://e/> { }' }",
        "PREFIX cg: <https://w3id.org/coopgraph/def/> SELECT * { ?s a cg:ServiceOffer }",
        "SELECT ?service ?load { ?service ?p ?load } # SERVICE LOAD",
        "SELECT * { ?s <http://e/service> ?o }",
    ],
    ids=["in a string", "prefixed name", "variables and comment", "in an IRI"],
)
def test_mentions_still_run(server: LiveServer, query: str) -> None:
    response = httpx.post(server.sparql, data={"query": query}, headers=ACCEPT, timeout=20)
    assert response.status_code == 200, response.text


def test_the_server_says_its_workers_have_no_network(server: LiveServer) -> None:
    log = server.log.read_text()
    assert "query workers have no network" in log or "query workers can reach" in log


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[QueryPool]:
    """Query workers on an on-disk store holding one triple."""
    store = EmbeddedStore.on_disk(tmp_path / "store")
    store.update("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }")
    started = QueryPool(store, workers=1, timeout=10, memory_mb=1024)
    yield started
    started.close()
    store.close()


def test_a_worker_reaches_nothing_even_when_asked_directly(pool: QueryPool, canary: Canary) -> None:
    """SERVICE sent to the workers, past the first wall: the second one holds."""
    chosen = AnswerFormats(formats.SPARQL_JSON, formats.TURTLE)
    asked = f"SELECT * WHERE {{ BIND(1 AS ?z) SERVICE <{canary.url('sparql')}> {{ ?s ?p ?o }} }}"
    if os.geteuid() != 0:
        pytest.skip("the network wall needs root or unprivileged user namespaces")

    async def scenario() -> None:
        with pytest.raises(CoopgraphError):
            await pool.answer(asked, chosen)
        answer = await pool.answer("SELECT * WHERE { ?s ?p ?o }", chosen)
        assert b"http://e/o" in answer.body  # the snapshot on disk still opens

    asyncio.run(scenario())
    assert canary.hits == []
