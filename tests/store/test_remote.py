"""The remote store on Virtuoso: its quirks as they are, our answers to them, clear errors,
the project's content, and a live ``coopgraph serve`` on Virtuoso with every feature.

The contract shared with the embedded store is in test_base.py.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import ADMIN_TOKEN, REPOSITORY_ROOT, LiveServer, StartServer
from pydantic import SecretStr
from rdflib import BNode, Literal
from support.linked_data_content import make_content_root
from support.virtuoso import Virtuoso, empty

from coopgraph import formats
from coopgraph.content import loading
from coopgraph.errors import InputError, StoreError
from coopgraph.reasoning import owl_rl as reasoning
from coopgraph.settings import Settings
from coopgraph.store import open_store
from coopgraph.store.remote import RemoteStore

EX = "http://example.org/"
JSON = {"Accept": formats.SPARQL_JSON}
LOOS = "https://w3id.org/coopgraph/id/commune/62528"


@pytest.fixture
def remote(virtuoso: Virtuoso) -> RemoteStore:
    """The session's Virtuoso, emptied of coopgraph's graphs."""
    store = virtuoso.store()
    empty(store)
    return store


# Virtuoso's quirks, on the server itself: if one goes away, its handling can go too --------


def test_virtuoso_answers_an_ask_without_accept_in_html(virtuoso: Virtuoso) -> None:
    answer = httpx.get(virtuoso.sparql, params={"query": "ASK {}"})
    assert answer.headers["content-type"].startswith("text/html")


def test_virtuoso_never_answers_a_post_of_sparql_query(virtuoso: Virtuoso) -> None:
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            virtuoso.sparql,
            content=b"ASK {}",
            headers={"Content-Type": "application/sparql-query", **JSON},
            timeout=3,
        )


def test_virtuoso_default_graph_holds_its_system_triples(
    virtuoso: Virtuoso, remote: RemoteStore
) -> None:
    query = {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}
    raw = httpx.get(virtuoso.sparql, params=query, headers=JSON).json()
    assert int(raw["results"]["bindings"][0]["n"]["value"]) > 1000
    assert remote.select(query["query"]).rows[0]["n"] == Literal(0)


def test_virtuoso_refuses_anonymous_updates(virtuoso: Virtuoso) -> None:
    anonymous = RemoteStore(virtuoso.sparql)
    with pytest.raises(StoreError, match="SPARQL_UPDATE"):
        anonymous.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> 1 }} }}")


# Errors that say what to fix ---------------------------------------------------------------


def test_an_unreachable_server_is_named(tmp_path: Path) -> None:
    store = open_store(Settings(store="http://127.0.0.1:9/sparql"))
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:9/sparql"):
        store.graph_names()


def test_wrong_credentials_are_named(virtuoso: Virtuoso) -> None:
    store = RemoteStore(virtuoso.sparql, virtuoso.sparql_auth, ("digest", "dba", "wrong"))
    with pytest.raises(StoreError, match="COOPGRAPH_STORE_PASSWORD"):
        store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> 1 }} }}")


def test_a_blank_node_cannot_be_bound(remote: RemoteStore) -> None:
    with pytest.raises(InputError, match="blank node"):
        remote.select("SELECT ?s { ?s ?p ?o }", {"s": BNode()})


def test_settings_select_the_remote_store(virtuoso: Virtuoso) -> None:
    settings = Settings(
        store=virtuoso.sparql,
        update_url=virtuoso.sparql_auth,
        store_user=virtuoso.user,
        store_password=SecretStr(virtuoso.password),
    )
    store = open_store(settings)
    assert isinstance(store, RemoteStore)
    store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> 1 }} }}")
    assert store.graph_names() == [EX + "g"]
    empty(store)


# The project's content -----------------------------------------------------------------------


@pytest.mark.slow
def test_synchronise_the_whole_project(
    remote: RemoteStore, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    report = loading.synchronise(remote, REPOSITORY_ROOT)
    seconds = time.monotonic() - started
    geography = next(g for g in report.loaded if "geography" in g)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{geography}> {{ ?s ?p ?o }} }}"
    assert remote.select(count).rows[0]["n"] == Literal(265_116)
    assert reasoning.inferred_graph_name(geography) in remote.graph_names()
    assert loading.synchronise(remote, REPOSITORY_ROOT).loaded == []
    with capsys.disabled():
        print(f"\nsynchronise on Virtuoso, whole project with reasoning: {seconds:.0f} s")
    empty(remote)


# A live service on Virtuoso ------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(
    virtuoso: Virtuoso, start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """``coopgraph serve`` with COOPGRAPH_STORE naming Virtuoso, on a small project."""
    empty(virtuoso.store())
    root = make_content_root(tmp_path_factory.mktemp("content"))
    shutil.copytree(REPOSITORY_ROOT / "queries", root / "queries")
    environment = virtuoso.environment() | {
        "COOPGRAPH_LOAD_CONTENT": "true",
        "COOPGRAPH_CONTENT_ROOT": str(root),
    }
    with start_server(**environment) as server:
        yield server
    empty(virtuoso.store())


@pytest.fixture
def web(served: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client on the live service."""
    with httpx.Client(base_url=served.base_url, timeout=60) as client:
        yield client


@pytest.mark.slow
def test_the_endpoint_answers_by_get_and_both_posts(web: httpx.Client) -> None:
    query = "SELECT (COUNT(*) AS ?n) { ?s a <https://w3id.org/coopgraph/def/Commune> }"
    by_get = web.get("/sparql", params={"query": query}, headers=JSON)
    by_form = web.post("/sparql", data={"query": query}, headers=JSON)
    direct = web.post(
        "/sparql", content=query, headers={"Content-Type": "application/sparql-query", **JSON}
    )
    for response in (by_get, by_form, direct):
        assert response.status_code == 200, response.text
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) >= 1


@pytest.mark.slow
def test_the_endpoint_negotiates_and_caps(web: httpx.Client) -> None:
    ask = web.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": formats.SPARQL_XML})
    assert ask.headers["content-type"].startswith(formats.SPARQL_XML)
    graph = web.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5"},
        headers={"Accept": formats.TURTLE},
    )
    assert graph.status_code == 200
    assert graph.headers["content-type"].startswith(formats.TURTLE)
    assert "Coopgraph-Row-Cap" in graph.headers


@pytest.mark.slow
def test_updates_and_graph_store_on_virtuoso(web: httpx.Client) -> None:
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    update = f"INSERT DATA {{ GRAPH <{EX}live> {{ <{EX}a> <{EX}p> 1 }} }}"
    assert web.post("/sparql", data={"update": update}, headers=admin).status_code == 204
    stored = web.get(
        "/graphs", params={"graph": EX + "live"}, headers={"Accept": formats.N_TRIPLES}
    )
    assert stored.status_code == 200
    assert f"<{EX}a>" in stored.text
    assert web.delete("/graphs", params={"graph": EX + "live"}, headers=admin).status_code == 204
    description = web.get("/sparql", headers={"Accept": formats.TURTLE})
    assert EX + "live" not in description.text
    assert "graph/ontology" in description.text


@pytest.mark.slow
def test_inference_false_on_virtuoso(web: httpx.Client) -> None:
    query = f"ASK {{ <{LOOS}> a <https://w3id.org/coopgraph/def/Territory> }}"
    inferred = web.get("/sparql", params={"query": query}, headers=JSON).json()
    asserted = web.get("/sparql", params={"query": query, "inference": "false"}, headers=JSON)
    assert inferred["boolean"] is True
    assert asserted.json()["boolean"] is False


@pytest.mark.slow
def test_linked_data_pages_on_virtuoso(web: httpx.Client) -> None:
    page = web.get("/id/commune/62528", headers={"Accept": "text/html"}, follow_redirects=True)
    assert page.status_code == 200, page.text
    assert "Loos-en-Gohelle" in page.text
    turtle = web.get("/id/commune/62528.ttl")
    assert turtle.status_code == 200
    assert "Loos-en-Gohelle" in turtle.text


@pytest.mark.slow
def test_stored_queries_api_on_virtuoso(web: httpx.Client) -> None:
    catalogue = web.get("/api/queries", headers={"Accept": "application/json"})
    assert catalogue.status_code == 200, catalogue.text
    answer = web.get(
        "/api/cooperation-system",
        params={"territory": LOOS, "lang": "en"},
    )
    assert answer.status_code == 200, answer.text


@pytest.mark.slow
def test_validation_on_virtuoso(web: httpx.Client) -> None:
    data = (REPOSITORY_ROOT / "tests" / "data" / "linked-data-sample.ttl").read_bytes()
    report = web.post(
        "/validate",
        content=data,
        headers={"Content-Type": formats.TURTLE, "Accept": "application/json"},
    )
    assert report.status_code == 200, report.text
