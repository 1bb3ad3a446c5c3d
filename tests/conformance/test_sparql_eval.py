"""The W3C SPARQL 1.0 and 1.1 query and update evaluation tests, through /sparql over HTTP.

One real ``coopgraph serve`` on a throw-away store for the module; before each test the store
is emptied (DROP ALL) and the test's graphs are loaded through the Graph Store Protocol, as a
client would load them: qt:data into the default graph, qt:graphData and the files the
query's FROM names as named graphs, each named by its file IRI. The query is sent as written
with a BASE naming its file (the base the W3C harnesses give it).

coopgraph's default graph is the union of all graphs; where a test also has named graphs, the
client says the dataset the test means with the protocol's parameters: qt:data in a graph of
its own given as default-graph-uri, the named graphs as named-graph-uri (a query with FROM
keeps its own dataset).

The reference is computed in the same run: the same query on a pyoxigraph.Store holding the
same data. Every test pyoxigraph passes must pass through coopgraph; those it fails are
listed in sparql_eval_failures.py with the reason, expected to fail (strict: they turn red
when they start passing).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import StartServer
from rdflib import Graph

from conformance.sparql_eval import (
    ABSENT_REASON,
    EVAL,
    QUERY_MANIFESTS,
    UPDATE_MANIFESTS,
    GraphState,
    QueryTest,
    UpdateTest,
    cases,
    iri,
    read_query_tests,
    read_update_tests,
)
from conformance.sparql_eval_failures import PYOXIGRAPH_FAILS, REFUSED
from conformance.sparql_outcomes import (
    Outcome,
    Text,
    difference,
    from_oxigraph,
    literals_as_written,
    read_answer,
    read_csv,
    read_expected,
    sorts,
    without_duplicates,
)

pytestmark = pytest.mark.slow

DEFAULT_STAND_IN = "urn:x-coopgraph-test:default-graph"
"""The named graph holding qt:data when a test also has named graphs."""
_JSON_OR_TRIPLES = "application/sparql-results+json, application/n-triples"
_PRESENT = EVAL.is_dir()
_QUERY_TESTS = (
    [t for manifest in QUERY_MANIFESTS for t in read_query_tests(manifest)] if _PRESENT else []
)
_ALL_UPDATE_TESTS = (
    [t for manifest in UPDATE_MANIFESTS for t in read_update_tests(manifest)] if _PRESENT else []
)
_UPDATE_TESTS = [test for test in _ALL_UPDATE_TESTS if test.id not in REFUSED]
_REFUSED_TESTS = [test for test in _ALL_UPDATE_TESTS if test.id in REFUSED]


@pytest.fixture(scope="module")
def http(start_server: StartServer) -> Iterator[httpx.Client]:
    """A client of a server of its own, its store in memory: these tests drop everything."""
    with start_server(COOPGRAPH_STORE="memory") as server:
        admin = server.admin
        with httpx.Client(base_url=server.base_url, timeout=30, headers=admin) as client:
            yield client


def _n_triples(file: Path) -> bytes:
    """A data file as N-Triples, its relative IRIs resolved against the file's own IRI."""
    rdf_format = ox.RdfFormat.from_extension(file.suffix[1:])
    assert rdf_format is not None, f"no RDF format for {file}"
    quads = ox.parse(path=str(file), format=rdf_format, base_iri=iri(file))
    return ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""


def _put(http: httpx.Client, graph: str | None, files: tuple[Path, ...]) -> None:
    """Replace a graph (None: the default graph) with the merge of ``files``."""
    target = {"default": ""} if graph is None else {"graph": graph}
    for index, file in enumerate(files):
        method = "PUT" if index == 0 else "POST"
        headers = {"Content-Type": "application/n-triples"}
        sent = http.request(
            method, "/graphs", params=target, content=_n_triples(file), headers=headers
        )
        assert sent.status_code in (200, 201, 204), sent.text


_LOADED: list[GraphState] = []
"""The store's content when the last test was a query (which changes nothing), to reuse."""


def _reset(http: httpx.Client, state: GraphState, query: bool = False) -> None:
    """An empty store, then the graphs of ``state`` (kept as they are when a query test left
    the same graphs)."""
    if query and [state] == _LOADED:
        return
    _LOADED.clear()
    dropped = http.post(
        "/sparql", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert dropped.status_code == 204, dropped.text
    if state.default:
        _put(http, None, state.default)
    for name, file in state.named:
        _put(http, name, (file,))
    if query:
        _LOADED.append(state)


def _state_of(test: QueryTest) -> tuple[GraphState, dict[str, list[str]]]:
    """What to load for a query test, and the dataset parameters that say it."""
    named = tuple((iri(f), f) for f in dict.fromkeys((*test.graph_data, *test.from_graphs())))
    if not test.graph_data or test.from_graphs():
        return GraphState(test.data, named), {}
    state = GraphState((), ((DEFAULT_STAND_IN, test.data[0]),) if test.data else ())
    assert len(test.data) <= 1, f"{test.id}: several default graph files beside named graphs"
    parameters = {"default-graph-uri": [DEFAULT_STAND_IN], "named-graph-uri": [n for n, _ in named]}
    return GraphState(state.default, state.named + named), parameters


def _with_base(text: str, file: Path) -> str:
    return f"BASE <{iri(file)}>\n{text}"


def _coopgraph_answer(http: httpx.Client, test: QueryTest, csv: bool) -> Outcome:
    state, parameters = _state_of(test)
    _reset(http, state, query=True)
    response = http.post(
        "/sparql",
        params=parameters,
        content=_with_base(test.text, test.query).encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "text/csv" if csv else _JSON_OR_TRIPLES,
        },
    )
    assert response.status_code == 200, f"{response.status_code}: {response.text[:2000]}"
    return read_answer(response.content, response.headers["content-type"].split(";")[0])


def _reference_store(default: tuple[Path, ...], named: tuple[tuple[str, Path], ...]) -> ox.Store:
    store = ox.Store()
    for file in default:
        store.load(_n_triples(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    for name, file in named:
        store.load(_n_triples(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    return store


def _reference_answer(test: QueryTest, csv: bool) -> Outcome:
    """The answer of pyoxigraph alone, the test's graphs loaded as the W3C harnesses do."""
    named = tuple((iri(f), f) for f in dict.fromkeys((*test.graph_data, *test.from_graphs())))
    result = _reference_store(test.data, named).query(test.text, base_iri=iri(test.query))
    if csv:
        assert isinstance(result, ox.QuerySolutions)
        return read_csv((result.serialize(format=ox.QueryResultsFormat.CSV) or b"").decode())
    return from_oxigraph(result)


def _verdict(ours: str | None, theirs: str | None) -> None:
    """Fail when coopgraph's answer or pyoxigraph's own differs from the expected one."""
    if theirs is None:
        assert ours is None, f"coopgraph (pyoxigraph alone passes): {ours}"
    assert theirs is None, f"pyoxigraph alone fails this test: {theirs}\ncoopgraph: {ours}"


@pytest.mark.parametrize("test", cases(_QUERY_TESTS, PYOXIGRAPH_FAILS))
def test_query_evaluation(http: httpx.Client, test: QueryTest) -> None:
    """The answer through /sparql is the expected one, wherever pyoxigraph's own is."""
    expected = read_expected(test.result)
    csv, ordered = isinstance(expected, Text), sorts(test.text)
    ours, reference = _coopgraph_answer(http, test, csv), _reference_answer(test, csv)
    if test.lax:
        expected, ours, reference = map(without_duplicates, (expected, ours, reference))
    _verdict(difference(expected, ours, ordered), difference(expected, reference, ordered))


def _expected_state(state: GraphState) -> dict[str | None, Graph]:
    graphs: dict[str | None, Graph] = {None: _graph_of(state.default)}
    for name, file in state.named:
        graphs[name] = _graph_of((file,))
    return {name: graph for name, graph in graphs.items() if len(graph)}


def _graph_of(files: tuple[Path, ...]) -> Graph:
    graph = Graph()
    with literals_as_written():
        for file in files:
            graph.parse(data=_n_triples(file), format="nt")
    return graph


def _state_difference(
    expected: dict[str | None, Graph], actual: dict[str | None, Graph]
) -> str | None:
    if expected.keys() != actual.keys():
        return f"graphs {sorted(map(str, actual))}, expected {sorted(map(str, expected))}"
    for name, graph in expected.items():
        differs = difference(graph, actual[name], ordered=False)
        if differs:
            return f"graph {name or 'DEFAULT'}: {differs}"
    return None


def _coopgraph_state(http: httpx.Client) -> dict[str | None, Graph]:
    listed = http.post(
        "/sparql",
        content=b"SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        headers={"Content-Type": "application/sparql-query", "Accept": _JSON_OR_TRIPLES},
    )
    assert listed.status_code == 200, listed.text
    names = [b["g"]["value"] for b in listed.json()["results"]["bindings"]]
    graphs: dict[str | None, Graph] = {}
    for name in (None, *names):
        target = {"default": ""} if name is None else {"graph": name}
        got = http.get("/graphs", params=target, headers={"Accept": "application/n-triples"})
        assert got.status_code in (200, 404), got.text
        with literals_as_written():
            graph = (
                Graph().parse(data=got.content, format="nt") if got.status_code == 200 else Graph()
            )
        if len(graph):
            graphs[name] = graph
    return graphs


def _reference_state(test: UpdateTest) -> dict[str | None, Graph]:
    store = _reference_store(test.before.default, test.before.named)
    store.update(test.request.read_text(encoding="utf-8"), base_iri=iri(test.request))
    graphs: dict[str | None, Graph] = {}
    names = [None, *(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))]
    for name in names:
        where = ox.DefaultGraph() if name is None else ox.NamedNode(name)
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=where) or b""
        with literals_as_written():
            graph = Graph().parse(data=data, format="nt")
        if len(graph):
            graphs[name] = graph
    return graphs


@pytest.mark.parametrize("test", cases(_UPDATE_TESTS, PYOXIGRAPH_FAILS))
def test_update_evaluation(http: httpx.Client, test: UpdateTest) -> None:
    """The store after the update through /sparql is the expected one, wherever pyoxigraph's
    own store is."""
    _reset(http, test.before)
    request = _with_base(test.request.read_text(encoding="utf-8"), test.request)
    sent = http.post(
        "/sparql", content=request.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert sent.status_code == 204, f"{sent.status_code}: {sent.text[:2000]}"
    expected = _expected_state(test.after)
    ours = _state_difference(expected, _coopgraph_state(http))
    theirs = _state_difference(expected, _reference_state(test))
    _verdict(ours, theirs)


@pytest.mark.parametrize("test", cases(_REFUSED_TESTS, {}))
def test_refused_on_purpose(http: httpx.Client, test: UpdateTest) -> None:
    """What coopgraph refuses on purpose (see REFUSED) gets a 400 that says what and where."""
    _reset(http, test.before)
    request = test.request.read_text(encoding="utf-8")
    sent = http.post(
        "/sparql", content=request.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert sent.status_code == 400, f"{sent.status_code}: {sent.text[:2000]}"
    assert "LOAD (at line" in sent.text, sent.text
    assert "n'est pas permis" in sent.text, sent.text


def test_the_suites_are_read_whole() -> None:
    """Every evaluation test of the manifests is run: none lost by the manifest reader, and
    every listed failure names a test that exists."""
    if not _PRESENT:
        pytest.skip(ABSENT_REASON)
    assert len(_QUERY_TESTS) == 518
    assert len(_ALL_UPDATE_TESTS) == 94
    ids = {test.id for test in _QUERY_TESTS} | {test.id for test in _ALL_UPDATE_TESTS}
    assert set(PYOXIGRAPH_FAILS) | set(REFUSED) <= ids
