"""The default graph is an RDF merge on the embedded store: a triple counts once however
many graphs hold it, for the union, FROM lists, default-graph-uri lists and inference=false;
the merged graphs are kept by every write and never shown as graphs of their own. Large
documents go through the bulk loader: counted in their graph, merged too, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph import formats
from coopgraph.errors import InputError, RdfSyntaxError, RefusedOperation
from coopgraph.reasoning import asserted_only
from coopgraph.store.base import AnswerFormats, Dataset
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.store.merged_graphs import (
    BULK_BYTES,
    MERGE_LIMIT,
    listed_dataset,
    worth_bulk_loading,
)
from coopgraph.store.merging import ASSERTED_GRAPH, UNION_GRAPH

EX = "http://example.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ONE, TWO = EX + "graph/one", EX + "graph/two"
INFERRED = "https://w3id.org/coopgraph/graph/inferred/graph/one"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ACTIONS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a <{EX}Action> }}"
CSV = AnswerFormats(formats.CSV, None)
# Three actions; "a" is in both asserted graphs and in the inferred one, "c" only inferred.
CONTENT = f"""
INSERT DATA {{
  GRAPH <{ONE}> {{ <{EX}a> a <{EX}Action> . <{EX}b> a <{EX}Action> . }}
  GRAPH <{TWO}> {{ <{EX}a> a <{EX}Action> . }}
  GRAPH <{INFERRED}> {{ <{EX}a> a <{EX}Action> . <{EX}c> a <{EX}Action> . }}
}}"""


def _count(store: EmbeddedStore, query: str = COUNT, dataset: Dataset = Dataset()) -> int:
    body = store.answer(query, CSV, dataset).body.decode()
    return int(body.split()[-1])


@pytest.fixture
def store() -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    store.update(CONTENT)
    return store


def test_the_union_counts_each_triple_once(store: EmbeddedStore) -> None:
    assert _count(store) == 3
    assert _count(store, ACTIONS) == 3
    assert str(store.select(ACTIONS).rows[0]["n"]) == "3"


def test_a_from_list_is_a_merge(store: EmbeddedStore) -> None:
    assert _count(store, f"SELECT (COUNT(*) AS ?n) FROM <{ONE}> FROM <{TWO}> {{ ?s ?p ?o }}") == 2
    assert _count(store, f"SELECT (COUNT(*) AS ?n) FROM <{TWO}> {{ ?s ?p ?o }}") == 1


def test_a_default_graph_uri_list_is_a_merge(store: EmbeddedStore) -> None:
    assert _count(store, dataset=Dataset((ONE, TWO))) == 2
    assert _count(store, dataset=Dataset((ONE, TWO, INFERRED))) == 3
    assert _count(store, dataset=Dataset((TWO, INFERRED), (ONE,))) == 2


def test_inference_false_counts_each_asserted_triple_once(store: EmbeddedStore) -> None:
    assert _count(store, dataset=asserted_only(store)) == 2
    assert _count(store, ACTIONS, asserted_only(store)) == 2


def test_a_triple_removed_from_one_of_two_graphs_stays_in_the_merge(
    store: EmbeddedStore,
) -> None:
    store.update(f"DELETE DATA {{ GRAPH <{ONE}> {{ <{EX}a> a <{EX}Action> }} }}")
    assert _count(store, dataset=asserted_only(store)) == 2  # a still in TWO
    store.drop_graph(TWO)
    assert _count(store, dataset=asserted_only(store)) == 1
    assert _count(store) == 3  # a and c are still inferred
    store.replace_graph(INFERRED, b"", formats.N_TRIPLES)
    assert _count(store) == 1


def test_every_kind_of_write_keeps_the_merges(store: EmbeddedStore) -> None:
    triple = f"<{EX}d> <{RDF_TYPE}> <{EX}Action> .\n".encode()
    store.load(triple, formats.N_TRIPLES, EX + "graph/three")
    store.load_all([(triple, formats.N_TRIPLES)], ONE)
    store.replace_graph(None, triple, formats.N_TRIPLES)
    store.replace_and_add(TWO, triple, {EX + "graph/four": triple})
    assert _count(store, ACTIONS) == 4  # a (inferred), b, c, d
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ <{EX}d> ?p ?o }} }}")
    assert _count(store, ACTIONS) == 4  # d is still in the default graph
    store.drop_graph(None)
    assert _count(store, ACTIONS) == 3


def test_the_merged_graphs_are_never_graphs_of_their_own(store: EmbeddedStore) -> None:
    assert store.graph_names() == sorted([ONE, TWO, INFERRED])
    assert not store.has_graph(UNION_GRAPH)
    assert not store.drop_graph(ASSERTED_GRAPH)
    graphs = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted(str(row["g"]) for row in graphs) == sorted([ONE, TWO, INFERRED])
    assert _count(store, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}") == 0
    assert _count(store, dataset=Dataset((UNION_GRAPH, ASSERTED_GRAPH))) == 0
    dump = io.BytesIO()
    store.dump(dump)
    assert b"/merged/" not in dump.getvalue()
    with pytest.raises(RefusedOperation, match="merged default graph"):
        store.load(b"<a:a> <a:b> <a:c> .", formats.N_TRIPLES, UNION_GRAPH)


def test_a_restored_backup_gets_its_merges_again(store: EmbeddedStore) -> None:
    dump = io.BytesIO()
    store.dump(dump)
    restored = EmbeddedStore.in_memory()
    restored.restore(io.BytesIO(dump.getvalue()))
    assert _count(restored) == 3
    assert _count(restored, dataset=asserted_only(restored)) == 2


def test_a_store_made_before_the_merges_gets_them_when_opened(tmp_path: Path) -> None:
    engine = ox.Store(str(tmp_path / "oxigraph"))
    engine.update(CONTENT)
    del engine  # the last reference closes RocksDB
    store = EmbeddedStore.on_disk(tmp_path)
    try:
        assert _count(store) == 3
        assert _count(store, dataset=asserted_only(store)) == 2
    finally:
        store.close()


def test_a_merge_made_for_one_query_is_bounded() -> None:
    engine = ox.Store()
    quads = [
        ox.Quad(ox.BlankNode(), ox.NamedNode(EX + "p"), ox.Literal(str(n)), ox.NamedNode(ONE))
        for n in range(11)
    ]
    engine.extend(quads)
    with pytest.raises(InputError, match=r"more than 10 triples.*plus de 10 triplets"):
        listed_dataset(engine, Dataset((ONE, TWO)), limit=10)
    merged, graphs = listed_dataset(engine, Dataset((ONE, TWO)), limit=11)
    assert len(merged) == 11
    assert graphs["default_graph"] == [ox.DefaultGraph()]
    merged, graphs = listed_dataset(engine, Dataset((ONE,)), limit=10)  # one graph is a set
    assert merged is engine
    assert graphs["default_graph"] == [ox.NamedNode(ONE)]
    assert MERGE_LIMIT >= 100_000


def test_inserted_data_reaches_the_merges_without_a_scratch_copy(store: EmbeddedStore) -> None:
    store.update(f"INSERT DATA {{ GRAPH <{INFERRED}> {{ <{EX}e> a <{EX}Action> }} }}")
    store.update(f"INSERT DATA {{ GRAPH <{TWO}> {{ <{EX}b> a <{EX}Action> }} }}")
    assert _count(store, ACTIONS) == 4  # a, b, c, e: b, now in two graphs, once
    assert _count(store, ACTIONS, asserted_only(store)) == 2  # a, b: c and e are inferred
    assert not store.has_graph("https://w3id.org/coopgraph/graph/merged/before")


def test_a_replacement_with_additions_keeps_both_merges(store: EmbeddedStore) -> None:
    triple = f"<{EX}f> <{RDF_TYPE}> <{EX}Action> .\n".encode()
    store.replace_and_add(
        ONE, triple, {TWO: triple, INFERRED: f"<{EX}g> a <{EX}Action> .\n".encode()}
    )
    assert _count(store, ACTIONS) == 4  # a (two, inferred), c, f, g; b left with graph one
    assert _count(store, ACTIONS, asserted_only(store)) == 2  # a and f, in graph two


LARGE, SMALL = EX + "graph/large", EX + "graph/small"
LARGE_INFERRED = "https://w3id.org/coopgraph/graph/inferred/graph/large"
LINES = 16_000
"""Lines of a document large enough for the bulk loader."""


def _document(first: int, last: int) -> bytes:
    """N-Triples with one triple per number, each line padded so a few thousand fill 1 MB."""
    padding = "x" * 60
    lines = [f'<{EX}s{n}> <{EX}p> "value {n} {padding}" .' for n in range(first, last)]
    return "\n".join([*lines, ""]).encode()


def test_only_large_line_based_documents_are_worth_the_bulk_loader() -> None:
    large = _document(0, LINES)
    assert len(large) >= BULK_BYTES
    assert worth_bulk_loading(large, formats.N_TRIPLES, LARGE)
    assert not worth_bulk_loading(_document(0, 10), formats.N_TRIPLES, LARGE)
    assert not worth_bulk_loading(large + b"_:b <http://e/p> 1 .\n", formats.N_TRIPLES, LARGE)


def test_a_large_document_is_counted_in_its_graph_and_merged() -> None:
    store = EmbeddedStore.in_memory()
    store.load(b"<http://example.org/s0> <http://example.org/p> <http://example.org/o> .",
               formats.N_TRIPLES, SMALL)  # fmt: skip
    assert store.replace_graph(LARGE, _document(0, LINES), formats.N_TRIPLES) == LINES
    assert store.count(LARGE) == LINES
    assert _count(store) == LINES + 1  # the union merge
    assert _count(store, COUNT, asserted_only(store)) == LINES + 1  # the asserted merge


def test_a_second_large_load_counts_only_what_it_adds() -> None:
    store = EmbeddedStore.in_memory()
    assert store.load(_document(0, LINES), formats.N_TRIPLES, LARGE) == LINES
    half = LINES // 2
    assert store.load(_document(half, LINES + half), formats.N_TRIPLES, LARGE) == half
    assert store.count(LARGE) == LINES + half
    assert _count(store) == LINES + half


def test_a_large_inferred_graph_is_in_the_union_only() -> None:
    store = EmbeddedStore.in_memory()
    assert store.replace_graph(LARGE_INFERRED, _document(0, LINES), formats.N_TRIPLES) == LINES
    assert _count(store) == LINES
    assert _count(store, COUNT, asserted_only(store)) == 0


def test_a_syntax_error_at_the_end_of_a_large_document_writes_nothing() -> None:
    store = EmbeddedStore.in_memory()
    broken = _document(0, LINES) + b"<http://example.org/s> <http://example.org/p> .\n"
    with pytest.raises(RdfSyntaxError):
        store.replace_graph(LARGE, broken, formats.N_TRIPLES)
    assert not store.has_graph(LARGE)
    assert _count(store) == 0
