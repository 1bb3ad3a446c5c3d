"""The answer cache of /sparql, /api and Linked Data pages: a repeat is a hit, a write makes a
miss with the new answer, a token request never reads nor fills it, errors and truncated
answers are never kept, the byte bound holds, and a hit needs no query worker."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from conftest import ADMIN_TOKEN, SHORT_QUERY_TIMEOUT, make_settings, running_client
from fastapi.testclient import TestClient
from httpx2 import Response
from reliability.hostile import slow_count

from coopgraph.store import Store
from coopgraph.web.answer_cache import CACHE_HEADER
from coopgraph.web.page_cache import LARGEST_SHARE, cache_of

BOUND = 64 * 1024
"""The module app's COOPGRAPH_ANSWER_CACHE_BYTES: answers over 4 KiB are never kept."""
ROW_CAP = 40
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
JSON = {"Accept": "application/sparql-results+json"}
GRAPH = "http://example.org/answer-cache"
CG = "https://w3id.org/coopgraph/"
DATA = f"""
@prefix cg: <{CG}def/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<{CG}ref/themes> a skos:ConceptScheme .
<{CG}ref/theme/energy> a skos:Concept ; skos:inScheme <{CG}ref/themes> .
<{CG}ref/theme/food> a skos:Concept ; skos:inScheme <{CG}ref/themes> .
<{CG}id/place/here> rdfs:label "Ici"@fr .
<{CG}id/action/solar> a cg:Action ; rdfs:label "Solaire"@fr ; cg:theme <{CG}ref/theme/energy> ;
    prov:atLocation <{CG}id/place/here> .
"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def web() -> Iterator[TestClient]:
    """One app for the module: a store in memory holding DATA, a small cache, a small row cap."""
    settings = make_settings(answer_cache_bytes=BOUND, row_cap=ROW_CAP)
    with running_client(settings) as client:
        _put(client, DATA)
        yield client


def _put(client: TestClient, turtle: str, graph: str = GRAPH) -> None:
    headers = {"Content-Type": "text/turtle", **ADMIN}
    put = client.put("/graphs", params={"graph": graph}, content=turtle.encode(), headers=headers)
    assert put.status_code in (201, 204), put.text


def _count(response: Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _state(response: Response) -> str:
    return str(response.headers.get(CACHE_HEADER))


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.services.store  # type: ignore[attr-defined]
    return store


def test_a_repeated_query_is_a_hit_with_the_same_answer_and_etag(web: TestClient) -> None:
    query = {"query": "SELECT ?s WHERE { ?s a ?kind } ORDER BY ?s # repeat"}
    first = web.get("/sparql", params=query, headers=JSON)
    second = web.get("/sparql", params=query, headers=JSON)
    assert (_state(first), _state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == first.headers["content-type"]
    by_post = web.post("/sparql", data=query, headers=JSON)  # the same request, by POST
    assert _state(by_post) == "hit"
    assert by_post.content == first.content
    again = web.get(
        "/sparql", params=query, headers={**JSON, "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    "change",
    [
        {"headers": {"Accept": "text/csv"}},
        {"params": {"inference": "false"}},
        {"params": {"default-graph-uri": GRAPH}},
        {"params": {"named-graph-uri": GRAPH}},
        {"query": "SELECT ?s WHERE { ?s a ?kind } ORDER BY DESC(?s)"},
    ],
    ids=["accept", "inference", "default-graph", "named-graph", "text"],
)
def test_what_the_answer_depends_on_is_in_the_key(
    web: TestClient, change: dict[str, dict[str, str] | str]
) -> None:
    query = "SELECT ?s WHERE { ?s a ?kind } ORDER BY ?s # key"
    web.get("/sparql", params={"query": query}, headers=JSON)
    params = {"query": str(change.get("query", query)), **dict(change.get("params", {}))}  # type: ignore[arg-type]
    headers = {**JSON, **dict(change.get("headers", {}))}  # type: ignore[arg-type]
    assert _state(web.get("/sparql", params=params, headers=headers)) == "miss"


def test_a_write_makes_a_miss_and_the_new_answer_is_right(web: TestClient) -> None:
    before = _count(web.get("/sparql", params={"query": COUNT}, headers=JSON))
    assert _state(web.get("/sparql", params={"query": COUNT}, headers=JSON)) == "hit"
    _put(web, "<http://example.org/a> <http://example.org/b> 1 .", "http://example.org/more")
    after = web.get("/sparql", params={"query": COUNT}, headers=JSON)
    assert _state(after) == "miss"
    assert _count(after) == before + 1
    update = "PREFIX ex: <http://example.org/> INSERT DATA { GRAPH ex:more { ex:a ex:b 2 } }"
    assert web.post("/sparql", data={"update": update}, headers=ADMIN).status_code == 204
    updated = web.get("/sparql", params={"query": COUNT}, headers=JSON)
    assert _state(updated) == "miss"
    assert _count(updated) == before + 2


def test_a_token_request_neither_reads_nor_fills_the_cache(web: TestClient) -> None:
    query = {"query": "ASK { ?s ?p ?o } # token"}
    with_token = web.get("/sparql", params=query, headers={**JSON, **ADMIN})
    assert with_token.status_code == 200
    assert _state(with_token) == "off"
    assert _state(web.get("/sparql", params=query, headers=JSON)) == "miss"  # nothing stored
    assert _state(web.get("/sparql", params=query, headers=JSON)) == "hit"
    assert _state(web.get("/sparql", params=query, headers={**JSON, **ADMIN})) == "off"
    bad_token = {**JSON, "Authorization": "Bearer not-a-token"}
    assert _state(web.get("/sparql", params=query, headers=bad_token)) == "off"


def test_errors_and_truncated_answers_are_never_kept(web: TestClient) -> None:
    broken = {"query": "SELECT ?s WHERE { ?s ?p }"}
    for _ in range(2):
        refused = web.get("/sparql", params=broken, headers=JSON)
        assert refused.status_code == 400
        assert _state(refused) != "hit"
    many = {"query": "SELECT ?n WHERE { VALUES ?n { " + " ".join(map(str, range(99))) + " } }"}
    for _ in range(2):
        truncated = web.get("/sparql", params=many, headers=JSON)
        assert truncated.headers.get("coopgraph-truncated") == "true"
        assert _state(truncated) == "miss"


def test_the_byte_bound_holds_and_large_answers_are_not_kept(web: TestClient) -> None:
    cache = cache_of(_store(web))
    assert cache.max_bytes == BOUND
    pad = "x" * 1200

    def numbered(number: int) -> dict[str, str]:
        return {"query": f'SELECT * WHERE {{ VALUES ?n {{ {number} }} BIND("{pad}" AS ?pad) }}'}

    for number in range(40):  # each kept answer takes about 3 kB with its key: 120 kB in all
        assert _state(web.get("/sparql", params=numbered(number), headers=JSON)) == "miss"
        assert cache.bytes <= BOUND
    assert _state(web.get("/sparql", params=numbered(39), headers=JSON)) == "hit"
    assert _state(web.get("/sparql", params=numbered(0), headers=JSON)) == "miss"  # evicted
    large = "SELECT ?n WHERE { VALUES ?n { " + " ".join(f'"{n:0200d}"' for n in range(30)) + " } }"
    first = web.get("/sparql", params={"query": large}, headers=JSON)
    assert len(first.content) > BOUND * LARGEST_SHARE
    assert _state(web.get("/sparql", params={"query": large}, headers=JSON)) == "miss"


def test_stored_queries_are_kept_per_parameters_and_dropped_at_a_write(web: TestClient) -> None:
    energy = {"theme": f"{CG}ref/theme/energy"}
    food = {"theme": f"{CG}ref/theme/food"}
    first = web.get("/api/theme-actions", params=energy)
    assert first.status_code == 200, first.text
    assert _state(first) == "miss"
    assert "solar" in first.text
    assert _state(web.get("/api/theme-actions", params=energy)) == "hit"
    other = web.get("/api/theme-actions", params=food)
    assert _state(other) == "miss"
    assert "solar" not in other.text
    assert _state(web.get("/api/theme-actions", params={**energy, "format": "csv"})) == "miss"
    assert _state(web.get("/api/theme-actions", params=energy, headers=ADMIN)) == "off"
    _put(web, DATA.replace("energy> ;\n    prov", "food> ;\n    prov"))
    moved = web.get("/api/theme-actions", params=food)
    assert _state(moved) == "miss"
    assert "solar" in moved.text


def test_linked_data_pages_are_kept_but_never_for_a_token(web: TestClient) -> None:
    path = "/id/action/solar.ttl"
    first = web.get(path)
    assert first.status_code == 200
    assert "Solaire" in first.text
    assert _state(web.get(path)) in ("miss", "hit")  # another test's write may come between
    assert _state(web.get(path)) == "hit"
    assert _state(web.get(path, headers=ADMIN)) == "off"


def test_a_hit_needs_no_query_worker() -> None:
    """With the only worker busy on a query that outlasts its deadline, a kept answer comes
    at once (a miss would wait for the worker)."""
    settings = make_settings(query_timeout=SHORT_QUERY_TIMEOUT)
    with running_client(settings) as client:
        query = {"query": "ASK { ?s ?p ?o } # worker"}
        assert _state(client.get("/sparql", params=query, headers=JSON)) == "miss"
        slow = threading.Thread(target=client.get, args=("/sparql",), kwargs={
            "params": {"query": slow_count()}, "headers": JSON})  # fmt: skip
        slow.start()
        time.sleep(0.3)  # the slow query reaches the worker
        began = time.perf_counter()
        kept = client.get("/sparql", params=query, headers=JSON)
        took = time.perf_counter() - began
        still_running = slow.is_alive()
        slow.join()
        assert _state(kept) == "hit"
        assert still_running
        assert took < SHORT_QUERY_TIMEOUT / 2
