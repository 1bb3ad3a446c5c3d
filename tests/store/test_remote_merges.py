"""The default graph is an RDF merge on both stores, the embedded one and Virtuoso: a triple
held by several graphs counts once for the union, FROM lists, default-graph-uri lists and
inference=false, after every kind of write; the merged graphs are never graphs of their own.
Then what only the remote store does: chunked writes, a server without merges yet, the merge
made on the server for one query, and the scope of an update."""

from __future__ import annotations

import io

import httpx
import pytest
from support.merge_content import (
    ACTIONS,
    CONTENT,
    COUNT,
    EX,
    INFERRED,
    ONE,
    RDF_TYPE,
    TWO,
    count_of,
)
from support.virtuoso import Virtuoso

from coopgraph import formats
from coopgraph.errors import InputError, RefusedOperation
from coopgraph.iris import DEFAULT_GRAPH, REGISTRY_GRAPH
from coopgraph.reasoning import asserted_only
from coopgraph.store import remote, remote_merges
from coopgraph.store.base import Dataset, Store
from coopgraph.store.merging import ASSERTED_GRAPH, MERGED_BASE, UNION_GRAPH
from coopgraph.store.remote import RemoteStore
from coopgraph.store.remote_requests import sent, wrapper


@pytest.fixture
def content(store: Store) -> Store:
    """The three graphs above, on each engine."""
    store.update(CONTENT)
    return store


def test_the_union_counts_each_triple_once(content: Store) -> None:
    assert count_of(content) == 3
    assert count_of(content, ACTIONS) == 3
    assert str(content.select(ACTIONS).rows[0]["n"]) == "3"


def test_inference_false_counts_each_asserted_triple_once(content: Store) -> None:
    assert count_of(content, dataset=asserted_only(content)) == 2
    assert count_of(content, ACTIONS, asserted_only(content)) == 2


def test_from_and_default_graph_uri_lists_are_merges(content: Store) -> None:
    assert (
        count_of(content, f"SELECT (COUNT(*) AS ?n) FROM <{ONE}> FROM <{TWO}> {{ ?s ?p ?o }}") == 2
    )
    assert count_of(content, f"SELECT (COUNT(*) AS ?n) FROM <{TWO}> {{ ?s ?p ?o }}") == 1
    assert count_of(content, dataset=Dataset((ONE, TWO))) == 2
    assert count_of(content, dataset=Dataset((ONE, TWO, INFERRED))) == 3
    assert count_of(content, dataset=Dataset((TWO, INFERRED), (ONE,))) == 2


def test_a_triple_removed_from_one_of_two_graphs_stays_in_the_merge(content: Store) -> None:
    content.update(f"DELETE DATA {{ GRAPH <{ONE}> {{ <{EX}a> a <{EX}Action> }} }}")
    assert count_of(content, dataset=asserted_only(content)) == 2  # a still in TWO
    content.drop_graph(TWO)
    assert count_of(content, dataset=asserted_only(content)) == 1
    assert count_of(content) == 3  # a and c are still inferred
    content.replace_graph(INFERRED, b"", formats.N_TRIPLES)
    assert count_of(content) == 1


def test_every_kind_of_write_keeps_the_merges(content: Store) -> None:
    triple = f"<{EX}d> <{RDF_TYPE}> <{EX}Action> .\n".encode()
    content.load(triple, formats.N_TRIPLES, EX + "graph/three")
    content.load_all([(triple, formats.N_TRIPLES)], ONE)
    content.replace_graph(None, triple, formats.N_TRIPLES)
    content.replace_and_add(TWO, triple, {EX + "graph/four": triple})
    assert count_of(content, ACTIONS) == 4  # a (inferred), b, c, d
    assert count_of(content, ACTIONS, asserted_only(content)) == 3  # a (graph one), b, d
    # An unknown scope; not DELETE WHERE: Virtuoso 7.2.5 deletes from one graph only.
    content.update(
        f"DELETE {{ GRAPH ?g {{ <{EX}d> ?p ?o }} }} WHERE {{ GRAPH ?g {{ <{EX}d> ?p ?o }} }}"
    )
    content.drop_graph(None)
    assert count_of(content, ACTIONS) == 3
    assert count_of(content, ACTIONS, asserted_only(content)) == 2  # a, b


def test_the_merged_graphs_are_never_graphs_of_their_own(content: Store) -> None:
    assert content.graph_names() == sorted([ONE, TWO, INFERRED])
    assert not content.has_graph(UNION_GRAPH)
    assert not content.drop_graph(ASSERTED_GRAPH)
    graphs = content.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted(str(row["g"]) for row in graphs) == sorted([ONE, TWO, INFERRED])
    union = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}"
    assert count_of(content, union) == 0
    assert count_of(content, dataset=Dataset((UNION_GRAPH, ASSERTED_GRAPH))) == 0
    dump = io.BytesIO()
    content.dump(dump)
    assert b"/merged/" not in dump.getvalue()
    with pytest.raises(RefusedOperation, match="merged default graph"):
        content.load(b"<a:a> <a:b> <a:c> .", formats.N_TRIPLES, UNION_GRAPH)
    with pytest.raises(RefusedOperation, match="merged default graph"):
        content.update(f"INSERT DATA {{ GRAPH <{ASSERTED_GRAPH}> {{ <a:a> <a:b> <a:c> }} }}")


def test_a_restored_backup_gets_its_merges_again(content: Store) -> None:
    dump = io.BytesIO()
    content.dump(dump)
    content.restore(io.BytesIO(b""))
    assert count_of(content) == 0
    content.restore(io.BytesIO(dump.getvalue()))
    assert count_of(content) == 3
    assert count_of(content, dataset=asserted_only(content)) == 2


# The remote store only ---------------------------------------------------------------------


@pytest.fixture
def on_virtuoso(virtuoso: Virtuoso) -> RemoteStore:
    """The session's Virtuoso holding the three graphs."""
    store = virtuoso.store()
    store.restore(io.BytesIO(b""))
    store.update(CONTENT)
    return store


def _raw(virtuoso: Virtuoso, update: str) -> None:
    """An update sent as it is, past the store's bookkeeping."""
    urls = (virtuoso.sparql, virtuoso.sparql_auth)
    credentials = ("digest", virtuoso.user, virtuoso.password)
    request = wrapper(urls, credentials, update, True, formats.SPARQL_JSON, 60.0)
    sent(request, virtuoso.sparql_auth, True, 60.0)


def _scratch_graphs(virtuoso: Virtuoso) -> int:
    """The scratch graphs left on the server (Virtuoso's own endpoint: every graph)."""
    query = (
        "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } "
        f'FILTER STRSTARTS(STR(?g), "{MERGED_BASE}scratch/") }}'
    )
    answer = httpx.get(virtuoso.sparql, params={"query": query}, headers={"Accept": "text/csv"})
    return int(answer.text.split()[-1])


def test_a_chunked_load_is_merged_once_whole(
    on_virtuoso: RemoteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remote, "CHUNK_TRIPLES", 3)
    lines = [f'<{EX}s{n}> <{EX}p> "{n}" .\n' for n in range(10)]
    lines.append(f"<{EX}a> <{RDF_TYPE}> <{EX}Action> .\n")  # in ONE and TWO already
    on_virtuoso.load("".join(lines).encode(), formats.N_TRIPLES, EX + "graph/big")
    assert count_of(on_virtuoso) == 13
    assert count_of(on_virtuoso, dataset=asserted_only(on_virtuoso)) == 12


def test_a_server_without_merges_gets_them_at_its_first_write(
    virtuoso: Virtuoso, on_virtuoso: RemoteStore
) -> None:
    _raw(virtuoso, f"DROP SILENT GRAPH <{UNION_GRAPH}> ; DROP SILENT GRAPH <{ASSERTED_GRAPH}>")
    _raw(virtuoso, f"DELETE WHERE {{ GRAPH <{REGISTRY_GRAPH}> {{ <{UNION_GRAPH}> ?p ?o }} }}")
    older = virtuoso.store()
    assert count_of(older, ACTIONS) == 5  # the server's list of graphs: a three times
    older.update(f"INSERT DATA {{ GRAPH <{TWO}> {{ <{EX}b> a <{EX}Action> }} }}")
    assert count_of(older, ACTIONS) == 3
    assert count_of(older, ACTIONS, asserted_only(older)) == 2


def test_a_merge_for_one_query_is_made_on_the_server_and_dropped(
    virtuoso: Virtuoso, on_virtuoso: RemoteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert count_of(on_virtuoso, dataset=Dataset((TWO, INFERRED))) == 2
    assert _scratch_graphs(virtuoso) == 0
    monkeypatch.setattr(remote_merges, "MERGE_LIMIT", 2)
    with pytest.raises(InputError, match="more than 2 triples"):
        count_of(on_virtuoso, dataset=Dataset((TWO, INFERRED)))
    assert count_of(on_virtuoso, dataset=Dataset((ONE, TWO))) == 2  # the stored asserted merge


def test_a_reader_without_write_access_sends_the_list(
    virtuoso: Virtuoso, on_virtuoso: RemoteStore
) -> None:
    """The documented limit: without credentials no merge is made for one query."""
    reader = RemoteStore(virtuoso.sparql)
    assert count_of(reader) == 3
    assert count_of(reader, dataset=asserted_only(reader)) == 2  # the stored merge
    assert count_of(reader, dataset=Dataset((TWO, INFERRED))) == 3  # a counted once per graph


def test_virtuoso_repeats_a_triple_once_per_listed_default_graph(
    virtuoso: Virtuoso, on_virtuoso: RemoteStore
) -> None:
    """The quirk the merges answer: if this fails, Virtuoso merges lists itself."""
    params = {"query": COUNT, "default-graph-uri": [ONE, TWO]}
    answer = httpx.get(virtuoso.sparql, params=params, headers={"Accept": "text/csv"})
    assert int(answer.text.split()[-1]) == 3


def test_the_scope_of_an_update() -> None:
    assert remote_merges.scope_of(f"INSERT DATA {{ GRAPH <{ONE}> {{ <a:a> <a:b> 1 }} }}") == [
        DEFAULT_GRAPH,
        ONE,
    ]
    assert remote_merges.scope_of("DROP ALL") is None
    assert remote_merges.scope_of(f"DROP SILENT GRAPH <{REGISTRY_GRAPH}>") is None
    with pytest.raises(RefusedOperation):
        remote_merges.scope_of(f"DROP GRAPH <{UNION_GRAPH}>")
