"""The /sparql endpoint through real clients on a real ``coopgraph serve``: SPARQLWrapper,
rdflib's SPARQLStore and raw HTTP; limits, refusals, timeouts and crashes.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conformance.checks import RESULT_PARSERS, parse_graph, parse_results
from conftest import ADMIN_TOKEN, REPOSITORY_ROOT, LiveServer, make_settings, running_client
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from coopgraph.iris import INFERRED_BASE
from web.conftest import PEOPLE, PEOPLE_COUNT, PEOPLE_TURTLE, count_triples

pytestmark = pytest.mark.slow

FOAF = "http://xmlns.com/foaf/0.1/"
NAMES = f"SELECT ?name WHERE {{ ?p <{FOAF}name> ?name }} ORDER BY ?name"
PEOPLE_CONSTRUCT = (
    f"CONSTRUCT {{ ?p <{FOAF}name> ?n }} WHERE {{ GRAPH <{PEOPLE}> {{ ?p <{FOAF}name> ?n }} }}"
)
EXAMPLE = "http://example.org/"


def _wrapper(server: LiveServer, query: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    return client


def _json(client: SPARQLWrapper) -> dict[str, Any]:
    client.setReturnFormat(JSON)
    converted = client.queryAndConvert()
    assert isinstance(converted, dict)
    return converted


# Real clients -----------------------------------------------------------------------------


def test_sparqlwrapper_select(people: LiveServer) -> None:
    """SELECT through SPARQLWrapper, answered as SPARQL JSON."""
    client = _wrapper(people, NAMES)
    rows = _json(client)["results"]["bindings"]
    assert [row["name"]["value"] for row in rows] == ["Alice", "Bob", "Carole"]


def test_sparqlwrapper_ask(people: LiveServer) -> None:
    """ASK through SPARQLWrapper: true for a known person, false for an unknown one."""
    for person, expected in (("alice", True), ("nobody", False)):
        client = _wrapper(people, f"ASK {{ <{EXAMPLE}{person}> a <{FOAF}Person> }}")
        assert _json(client)["boolean"] is expected


def test_sparqlwrapper_construct(people: LiveServer) -> None:
    """CONSTRUCT through SPARQLWrapper, as Turtle, parsed by rdflib."""
    client = _wrapper(people, PEOPLE_CONSTRUCT)
    client.setReturnFormat(TURTLE)
    body = client.queryAndConvert()
    assert isinstance(body, bytes)
    graph = Graph().parse(data=body, format="turtle")
    assert len(graph) == PEOPLE_COUNT
    assert (URIRef(f"{EXAMPLE}bob"), URIRef(f"{FOAF}name"), Literal("Bob")) in graph


def test_sparqlwrapper_update_with_the_admin_token(people: LiveServer) -> None:
    """UPDATE through SPARQLWrapper with the admin token as a Bearer header is applied."""
    graph = f"{EXAMPLE}web-tests/wrapper-update"
    client = _wrapper(
        people, f"INSERT DATA {{ GRAPH <{graph}> {{ <{EXAMPLE}s> <{EXAMPLE}p> 7 }} }}"
    )
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", f"Bearer {people.token}")
    client.query()
    ask = _wrapper(people, f"ASK {{ GRAPH <{graph}> {{ ?s ?p 7 }} }}")
    assert _json(ask)["boolean"] is True


def test_rdflib_sparqlstore_query(people: LiveServer) -> None:
    """rdflib's SPARQLStore queries the endpoint as a read-only graph."""
    graph = Graph(store=SPARQLStore(people.sparql, returnFormat="json"))
    names = sorted(str(row[0]) for row in graph.query(NAMES))  # type: ignore[index]
    assert names == ["Alice", "Bob", "Carole"]


# Content negotiation ----------------------------------------------------------------------

RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]


@pytest.mark.parametrize("accept", RESULT_TYPES)
def test_select_in_every_results_format(http: httpx.Client, accept: str) -> None:
    """SELECT answers in the negotiated results format, which parses to the same rows."""
    response = http.get("/sparql", params={"query": NAMES}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    rows = [str(row[0]) for row in parse_results(response)]  # type: ignore[index]
    assert rows == ["Alice", "Bob", "Carole"]


@pytest.mark.parametrize("accept", RESULT_TYPES[:2])
def test_ask_in_json_and_xml(http: httpx.Client, accept: str) -> None:
    """ASK answers a boolean in SPARQL JSON and XML."""
    query = f"ASK {{ <{EXAMPLE}alice> <{FOAF}knows> <{EXAMPLE}bob> }}"
    response = http.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert parse_results(response).askAnswer is True


@pytest.mark.parametrize("accept", GRAPH_TYPES)
def test_construct_and_describe_in_every_rdf_format(http: httpx.Client, accept: str) -> None:
    """CONSTRUCT and DESCRIBE answer in the negotiated RDF format, which parses."""
    construct = http.post(
        "/sparql",
        content=PEOPLE_CONSTRUCT.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert construct.status_code == 200, construct.text
    assert len(parse_graph(construct)) == PEOPLE_COUNT
    describe = http.get(
        "/sparql", params={"query": f"DESCRIBE <{EXAMPLE}alice>"}, headers={"Accept": accept}
    )
    assert describe.status_code == 200, describe.text
    assert (URIRef(f"{EXAMPLE}alice"), URIRef(f"{FOAF}name"), Literal("Alice")) in parse_graph(
        describe
    )


def test_an_accept_nothing_can_serve_is_406(http: httpx.Client) -> None:
    """An Accept without any results type gets 406 naming it."""
    response = http.get("/sparql", params={"query": NAMES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "image/png" in response.text


def test_an_unknown_body_type_is_415(http: httpx.Client) -> None:
    """A POST body of a type the protocol does not define gets 415 naming it."""
    response = http.post("/sparql", content=NAMES.encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "text/plain" in response.text


# Refusals ---------------------------------------------------------------------------------


def test_a_syntax_error_is_400_with_the_parsers_position(http: httpx.Client) -> None:
    """A malformed query gets 400 with the parser's message and line:column."""
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "does not parse" in response.text
    assert re.search(r"\b1:\d+", response.text), response.text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }",
    ],
    ids=["upper", "lower"],
)
def test_service_is_refused_with_400(http: httpx.Client, query: str) -> None:
    """SERVICE would make the server fetch any URL: refused, with where it was."""
    response = http.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "SERVICE" in response.text
    assert "line 1" in response.text


def test_load_is_refused_with_400_even_for_the_admin(
    http: httpx.Client, people: LiveServer
) -> None:
    """LOAD would fetch a URL: refused on updates too, and nothing is written."""
    before = count_triples(http)
    response = http.post(
        "/sparql",
        data={"update": f"LOAD <http://example.org/data.ttl> INTO GRAPH <{EXAMPLE}loaded>"},
        headers=people.admin,
    )
    assert response.status_code == 400
    assert "LOAD" in response.text
    assert count_triples(http) == before


def test_nesting_past_the_limit_is_refused_before_the_engine(http: httpx.Client) -> None:
    """3000 nested groups with the default limit: 400 naming the limit, the service goes on."""
    response = http.get("/sparql", params={"query": "SELECT * " + "{" * 3000 + "}" * 3000})
    assert response.status_code == 400
    assert "nests" in response.text
    assert http.get("/sparql", params={"query": NAMES}).status_code == 200


def test_an_unknown_dataset_graph_is_named_in_a_header(http: httpx.Client) -> None:
    """default-graph-uri naming no graph of the store: the protocol answers over an empty
    graph (as the W3C tests require), and Coopgraph-Unknown-Graphs names the graph."""
    unknown = f"{EXAMPLE}no-such-graph"
    response = http.get(
        "/sparql",
        params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": [unknown, PEOPLE]},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True
    assert response.headers["coopgraph-unknown-graphs"] == f"<{unknown}>"


def _count(http: httpx.Client | TestClient, query: str, **params: str) -> int:
    response = http.get(
        "/sparql",
        params={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_from_narrows_the_dataset_as_default_graph_uri_does(http: httpx.Client) -> None:
    """FROM defines the default graph: the people graph's 7 triples; a graph the store lacks
    gives an empty default graph, where the whole store holds triples."""
    narrowed = _count(http, f"SELECT (COUNT(*) AS ?n) FROM <{PEOPLE}> WHERE {{ ?s ?p ?o }}")
    given = _count(http, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **{"default-graph-uri": PEOPLE})
    assert narrowed == given == 7
    unknown = f"SELECT (COUNT(*) AS ?n) FROM <{EXAMPLE}no-such-graph> WHERE {{ ?s ?p ?o }}"
    assert _count(http, unknown) == 0


def test_from_named_gives_the_named_graphs(http: httpx.Client) -> None:
    query = (
        f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{PEOPLE}>"
        " WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    response = http.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert [(r["g"]["value"], r["n"]["value"]) for r in rows] == [(PEOPLE, "7")]
    assert _count(http, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{PEOPLE}> {{ ?s ?p ?o }}") == 0


def test_default_graph_uri_wins_over_from(http: httpx.Client) -> None:
    """SPARQL 1.1 Protocol 2.1.4: the request's dataset replaces the query's."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{EXAMPLE}no-such-graph> WHERE {{ ?s ?p ?o }}"
    assert _count(http, query, **{"default-graph-uri": PEOPLE}) == 7
    query = f"SELECT (COUNT(*) AS ?n) FROM <{PEOPLE}> WHERE {{ ?s ?p ?o }}"
    assert _count(http, query, **{"default-graph-uri": f"{EXAMPLE}no-such-graph"}) == 0


def test_from_holds_with_inference_false() -> None:
    """inference=false keeps the query's FROM and FROM NAMED, less the inferred graphs (it
    used to replace them with every asserted graph); the request's parameters still win."""
    other, inferred = f"{EXAMPLE}web-tests/other", f"{INFERRED_BASE}web-tests/people"
    admin = {"Content-Type": "text/turtle", "Authorization": f"Bearer {ADMIN_TOKEN}"}
    count, asserted = "SELECT (COUNT(*) AS ?n)", {"inference": "false"}
    with running_client(make_settings()) as client:
        for graph in (PEOPLE, other, inferred):
            put = client.put(
                "/graphs", params={"graph": graph}, content=PEOPLE_TURTLE, headers=admin
            )
            assert put.status_code == 201, put.text
        assert _count(client, f"{count} FROM <{PEOPLE}> {{ ?s ?p ?o }}", **asserted) == 7
        assert _count(client, f"{count} FROM <{inferred}> {{ ?s ?p ?o }}") == 7
        assert _count(client, f"{count} FROM <{inferred}> {{ ?s ?p ?o }}", **asserted) == 0
        named = (
            f"{count} FROM NAMED <{PEOPLE}> FROM NAMED <{inferred}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        assert _count(client, named) == 14
        assert _count(client, named, **asserted) == 7
        assert _count(client, f"{count} FROM NAMED <{PEOPLE}> {{ ?s ?p ?o }}", **asserted) == 0
        relative = f"BASE <{EXAMPLE}> {count} FROM <web-tests/people> {{ ?s ?p ?o }}"
        assert _count(client, relative, **asserted) == 7
        query = f"{count} FROM <{inferred}> {{ ?s ?p ?o }}"
        assert _count(client, query, **asserted, **{"default-graph-uri": PEOPLE}) == 7


def test_a_query_over_the_size_cap_is_413(http: httpx.Client) -> None:
    """A query body past max_query_bytes (1 MiB by default) gets 413 naming the limit."""
    padding = "#" + "x" * 1_100_000 + "\n"
    response = http.post(
        "/sparql",
        content=(padding + NAMES).encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 413
    assert "1048576" in response.text


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", "Basic dGVzdDp0ZXN0"],
    ids=["no-token", "wrong-token", "basic"],
)
def test_an_update_without_the_admin_token_is_refused(
    http: httpx.Client, authorization: str | None
) -> None:
    """No token or a wrong one: 401 or 403, and nothing is written."""
    before = count_triples(http)
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    update = f"INSERT DATA {{ <{EXAMPLE}s> <{EXAMPLE}p> <{EXAMPLE}o> }}"
    response = http.post("/sparql", content=update.encode(), headers=headers)
    assert response.status_code in (401, 403)
    assert "token" in response.text
    assert count_triples(http) == before


def test_a_malformed_update_writes_nothing(http: httpx.Client, people: LiveServer) -> None:
    """An update whose second operation does not parse leaves the store as it was."""
    before = count_triples(http)
    update = f"INSERT DATA {{ GRAPH <{EXAMPLE}g> {{ <{EXAMPLE}s> <{EXAMPLE}p> 1 }} }} ; CLEAR XYZ"
    response = http.post("/sparql", data={"update": update}, headers=people.admin)
    assert response.status_code == 400
    assert count_triples(http) == before


# Browsers ---------------------------------------------------------------------------------


def test_a_cors_preflight_from_another_origin_is_allowed(http: httpx.Client) -> None:
    """Browser tools on another origin may POST queries."""
    response = http.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "https://yasgui.example")


@pytest.mark.skipif(
    not (REPOSITORY_ROOT / "node_modules" / "@zazuko" / "yasgui" / "build").is_dir(),
    reason="YASGUI is not installed: run npm ci",
)
def test_browsers_get_the_yasgui_editor_with_its_assets(live_server: LiveServer) -> None:
    """Accept text/html: the editor page, whose script and stylesheet are served."""
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        page = http.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page.text)
        assert len(assets) >= 2, page.text
        for asset in assets:
            assert http.get(asset).status_code == 200, asset


# A query never takes the service down -----------------------------------------------------

CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(30)) + " }"
)


def test_a_query_past_the_deadline_is_503_and_health_stays_fast(
    deadline_http: httpx.Client,
) -> None:
    """A cartesian product runs into the short deadline (SHORT_QUERY_TIMEOUT): 503; meanwhile
    /health answers in under 100 ms; the next query is served."""
    answers: list[httpx.Response] = []
    long_query = threading.Thread(
        target=lambda: answers.append(deadline_http.get("/sparql", params={"query": CARTESIAN}))
    )
    long_query.start()
    time.sleep(0.5)
    with httpx.Client(base_url=str(deadline_http.base_url), timeout=5) as health_client:
        health_client.get("/health")  # connect first: the budget is for the answer
        started = time.perf_counter()
        health = health_client.get("/health")
        elapsed = time.perf_counter() - started
    assert long_query.is_alive(), "the long query ended before /health was measured"
    long_query.join(timeout=30)
    assert health.status_code == 200
    assert elapsed < 0.1, f"/health took {elapsed * 1000:.0f} ms during a long query"
    assert answers[0].status_code == 503, answers[0].text
    assert "deadline" in answers[0].text
    assert deadline_http.get("/sparql", params={"query": NAMES}).status_code == 200


@pytest.fixture(scope="module")
def deep_client() -> Iterator[TestClient]:
    """The app with max_nesting raised high enough for deep queries to reach the engine."""
    with running_client(make_settings(max_nesting=100_000)) as client:
        yield client


def test_a_query_that_crashes_the_engine_does_not_stop_the_service(
    deep_client: TestClient,
) -> None:
    """~3000 nested groups crash a worker: the caller gets a 4xx, the next query works."""
    crash = deep_client.get("/sparql", params={"query": "SELECT * " + "{" * 3000 + "}" * 3000})
    assert 400 <= crash.status_code < 500, crash.text
    assert "engine" in crash.text
    after = deep_client.get("/sparql", params={"query": "ASK {}"})
    assert after.status_code == 200
    assert after.json()["boolean"] is True


# Row cap ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capped_client() -> Iterator[TestClient]:
    """The app with a row cap of 5 and ten triples in a graph."""
    with running_client(make_settings(row_cap=5)) as client:
        triples = "".join(f"<{EXAMPLE}s{i}> <{EXAMPLE}p> {i} .\n" for i in range(10))
        loaded = client.put(
            "/graphs",
            params={"graph": f"{EXAMPLE}ten"},
            content=triples.encode(),
            headers={
                "Content-Type": "text/turtle",
                "Authorization": "Bearer test-admin-token",
            },
        )
        assert loaded.status_code == 201, loaded.text
        yield client


@pytest.mark.parametrize("accept", RESULT_TYPES)
def test_select_past_the_row_cap_is_truncated_and_says_so(
    capped_client: TestClient, accept: str
) -> None:
    """Ten rows, a cap of five: five rows and Coopgraph-Truncated: true."""
    response = capped_client.get(
        "/sparql", params={"query": "SELECT ?o { ?s ?p ?o }"}, headers={"Accept": accept}
    )
    assert response.status_code == 200, response.text
    assert response.headers["coopgraph-truncated"] == "true"
    assert response.headers["coopgraph-row-cap"] == "5"
    result = Result.parse(io.BytesIO(response.content), format=RESULT_PARSERS[accept])
    assert len(result) == 5


def test_construct_past_the_row_cap_is_truncated(capped_client: TestClient) -> None:
    """A CONSTRUCT of ten triples with a cap of five: five triples, and the header."""
    response = capped_client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.headers["coopgraph-truncated"] == "true"
    assert len(Graph().parse(data=response.content, format="nt")) == 5


def test_an_answer_under_the_row_cap_is_not_marked(capped_client: TestClient) -> None:
    """Four rows under a cap of five: no truncation header."""
    response = capped_client.get("/sparql", params={"query": "SELECT ?o { ?s ?p ?o } LIMIT 4"})
    assert response.status_code == 200
    assert "coopgraph-truncated" not in response.headers
