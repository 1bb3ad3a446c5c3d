"""The remote store on Virtuoso: its quirks as they are, our answers to them, clear errors,
the project's content, every stored query answering as on the embedded store, and a live
``coopgraph serve`` on Virtuoso with every feature.

The contract shared with the embedded store is in test_base.py.
"""

from __future__ import annotations

import gzip
import re
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest
from conftest import ADMIN_TOKEN, REPOSITORY_ROOT, LiveServer, StartServer
from pydantic import SecretStr
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier
from support.linked_data_content import make_content_root
from support.virtuoso import Virtuoso, empty, running_virtuoso

from coopgraph import formats
from coopgraph.content import loading
from coopgraph.errors import InputError, StoreError
from coopgraph.questions.parameters import engine_bound
from coopgraph.questions.stored_queries import StoredQuery, load_queries
from coopgraph.reasoning import owl_rl as reasoning
from coopgraph.settings import Settings
from coopgraph.store import Store, open_store
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.store.remote import RemoteStore

EX = "http://example.org/"
JSON = {"Accept": formats.SPARQL_JSON}
LOOS = "https://w3id.org/coopgraph/id/commune/62528"
DISTINCT_TRIPLES = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)


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
    assert remote.select(count).rows[0]["n"] == Literal(335_350)
    assert reasoning.inferred_graph_name(geography) in remote.graph_names()
    union = remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert union == remote.select(DISTINCT_TRIPLES).rows[0]["n"]  # a merge, at scale
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


# Every stored query answers on Virtuoso with the rows of the embedded store ----------------
#
# Both stores hold the same content, twice: the ontology, the shapes, data/seed, data/examples
# and the geography of every territory those name; then the whole project (the full geography,
# about 265,000 triples, and its inferred graphs). Each query runs with no parameter, and with
# the parameters of the hand-checked answers (tests/content/test_competency_questions.py),
# bound as the API binds them. Two differences SPARQL allows are set aside when comparing: the
# order of the values in a GROUP_CONCAT, and an aggregate over nothing (pyoxigraph leaves it
# unbound, Virtuoso answers ""). Decimals are compared to nine significant digits.

QUERIES = load_queries(REPOSITORY_ROOT / "queries")
ID = "https://w3id.org/coopgraph/id/"
REF = "https://w3id.org/coopgraph/ref/"
LOOS_IRI = URIRef(ID + "commune/62528")
ECO_RENOVATION = URIRef(ID + "action/loos-eco-renovation")
SOCIAL = URIRef(REF + "effect-dimension/social")
INVOLVEMENT = URIRef(REF + "element/inhabitant-involvement")
PEER_LEVEL = URIRef(REF + "exchange-level/peer")
COLLECTIVE = URIRef(REF + "exchange-level/territorial-collective")
FOUR = Literal(4, datatype=XSD.integer)


def _case(name: str, **bindings: Identifier) -> object:
    """A test case: the query, its bindings, an id naming both."""
    return pytest.param(name, bindings, id="-".join([name, *sorted(bindings)]))


CASES = [
    *(_case(name) for name in sorted(QUERIES)),
    _case("action-effects", action=ECO_RENOVATION),
    _case("action-effects", action=ECO_RENOVATION, dimension=SOCIAL),
    _case("action-engagement", action=ECO_RENOVATION),
    _case("action-engagement", role=URIRef(REF + "actor-role/inhabitant-actor")),
    _case("action-resources", action=URIRef(ID + "action/loos-fifty-fifty-gardens")),
    _case("cooperation-system", territory=LOOS_IRI),
    _case("ecosystem-value", ecosystem=URIRef(ID + "cooperative-ecosystem/loos-food")),
    _case("hypothesis-evidence", hypothesis=URIRef(REF + "hypothesis/value"), territory=LOOS_IRI),
    _case("indicator-series", territory=LOOS_IRI),
    _case("action-stakes", action=URIRef(ID + "action/le-mene-geotexia")),
    _case("action-stakes", territory=URIRef(ID + "department/22")),
    _case("indicator-series", territory=URIRef(ID + "department/62"),
          indicator=URIRef(ID + "indicator/loos-municipal-electricity-use")),
    _case("integrated-actions", territory=LOOS_IRI, minDimensions=FOUR),
    _case("peer-territories", territory=LOOS_IRI, element=INVOLVEMENT),
    _case("peer-territories", territory=LOOS_IRI),
    _case("season-participation", season=URIRef(ID + "season/villes-pairs-1")),
    _case("season-participation", season=URIRef(ID + "season/villes-pairs-2"), level=PEER_LEVEL),
    _case("season-participation", season=URIRef(ID + "season/villes-pairs-3"), level=COLLECTIVE),
    _case("territory-trajectory", territory=LOOS_IRI, until=Literal(2016, datatype=XSD.integer)),
    _case("transfer-trails", targetTerritory=URIRef(ID + "commune/59271")),
    _case("transfer-trails", sourceTerritory=LOOS_IRI),
]  # fmt: skip

Row = tuple[tuple[str, str], ...]


def _geography_of(data: list[Path]) -> bytes:
    """The geography's triples about every territory the files name."""
    named = set()
    for path in data:
        named |= set(re.findall(rf"<({re.escape(ID)}[a-z-]+/[0-9A-Za-z]+)>", path.read_text()))
        named |= {ID + f"commune/{code}" for code in re.findall(r"commune:(\w+)", path.read_text())}
    geography = REPOSITORY_ROOT / "data" / "geography" / "geography-2026.nt.gz"
    with gzip.open(geography) as lines:
        return b"".join(line for line in lines if line.split(b" ", 1)[0][1:-1].decode() in named)


def _make_content(folder: Path) -> Path:
    for name in ("ontology", "shapes"):
        shutil.copytree(REPOSITORY_ROOT / name, folder / name)
    for name in ("seed", "examples"):
        shutil.copytree(REPOSITORY_ROOT / "data" / name, folder / "data" / name)
    files = sorted((folder / "data").rglob("*.ttl"))
    (folder / "data" / "geography-sample.nt").write_bytes(_geography_of(files))
    return folder


@pytest.fixture(scope="module", params=["sample", "project"])
def content(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project folder both stores load: the sample (seed, examples, the geography of the
    territories they name), or the whole project, its full geography and inferred graphs."""
    if request.param == "project":
        return REPOSITORY_ROOT
    return _make_content(tmp_path_factory.mktemp("queries-content"))


@pytest.fixture(scope="module")
def embedded(content: Path) -> EmbeddedStore:
    """The content in an embedded store."""
    store = EmbeddedStore.in_memory()
    loading.synchronise(store, content, examples=True)
    return store


@pytest.fixture(scope="module")
def fresh_virtuoso(
    virtuoso: Virtuoso, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Virtuoso]:
    """A Virtuoso of its own for the comparisons, started on an empty database. On the
    session's, after the live service's tests above had written and emptied it (the service
    still running), Virtuoso 7.2.5 left rows out of peer-territories that a fresh server with
    the same graphs gives: the comparison is of the engines on the same data, not of one
    server's history (the ``virtuoso`` argument skips this where Virtuoso is missing)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-queries")) as server:
        yield server


@pytest.fixture(scope="module")
def on_virtuoso(fresh_virtuoso: Virtuoso, content: Path) -> Iterator[Store]:
    """The same content on Virtuoso, with a deadline far above what its slowest stored query
    takes on the whole project on a busy machine."""
    store = fresh_virtuoso.store(timeout=300.0)
    empty(store)
    loading.synchronise(store, content, examples=True)
    yield store
    empty(store)


def _comparable(value: Identifier) -> str:
    text = str(value)
    if re.fullmatch(r"\S+( \S+)+", text):  # a GROUP_CONCAT: its order is unspecified
        return " ".join(sorted(text.split()))
    if isinstance(value, Literal) and value.datatype in (XSD.decimal, XSD.double, XSD.float):
        return f"{float(text):.9g}"
    return text


def _rows(store: Store, query: StoredQuery, bindings: Mapping[str, Identifier]) -> list[Row]:
    text, engine = engine_bound(query, {name: (term,) for name, term in bindings.items()})
    table = store.select(text, engine)
    return sorted(
        tuple(sorted((name, _comparable(value)) for name, value in row.items() if str(value)))
        for row in table
    )


@pytest.mark.slow
@pytest.mark.parametrize(("name", "bindings"), CASES)
def test_stored_query_answers_alike_on_virtuoso(
    embedded: EmbeddedStore, on_virtuoso: Store, name: str, bindings: dict[str, Identifier]
) -> None:
    query = QUERIES[name]
    expected = _rows(embedded, query, bindings)
    assert expected, f"{name} finds nothing on the test content: a weak comparison"
    assert _rows(on_virtuoso, query, bindings) == expected
