"""The merged default graphs on the embedded store: what only it does (a store made before
them, the bounded merge for one query, inserted data without a scratch copy, a replacement
with additions). tests/store/test_remote_merges.py counts the merges on both engines. Large
documents go through the bulk loader: counted in their graph, merged too, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
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

from coopgraph import formats
from coopgraph.errors import InputError, RdfSyntaxError
from coopgraph.reasoning import asserted_only
from coopgraph.store.base import Dataset
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.store.merged_graphs import (
    BULK_BYTES,
    MERGE_LIMIT,
    listed_dataset,
    worth_bulk_loading,
)


@pytest.fixture
def store() -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    store.update(CONTENT)
    return store


def test_a_store_made_before_the_merges_gets_them_when_opened(tmp_path: Path) -> None:
    engine = ox.Store(str(tmp_path / "oxigraph"))
    engine.update(CONTENT)
    del engine  # the last reference closes RocksDB
    store = EmbeddedStore.on_disk(tmp_path)
    try:
        assert count_of(store) == 3
        assert count_of(store, dataset=asserted_only(store)) == 2
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
    assert count_of(store, ACTIONS) == 4  # a, b, c, e: b, now in two graphs, once
    assert count_of(store, ACTIONS, asserted_only(store)) == 2  # a, b: c and e are inferred
    assert not store.has_graph("https://w3id.org/coopgraph/graph/merged/before")


def test_a_replacement_with_additions_keeps_both_merges(store: EmbeddedStore) -> None:
    triple = f"<{EX}f> <{RDF_TYPE}> <{EX}Action> .\n".encode()
    store.replace_and_add(
        ONE, triple, {TWO: triple, INFERRED: f"<{EX}g> a <{EX}Action> .\n".encode()}
    )
    assert count_of(store, ACTIONS) == 4  # a (two, inferred), c, f, g; b left with graph one
    assert count_of(store, ACTIONS, asserted_only(store)) == 2  # a and f, in graph two


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
    assert count_of(store) == LINES + 1  # the union merge
    assert count_of(store, COUNT, asserted_only(store)) == LINES + 1  # the asserted merge


def test_a_second_large_load_counts_only_what_it_adds() -> None:
    store = EmbeddedStore.in_memory()
    assert store.load(_document(0, LINES), formats.N_TRIPLES, LARGE) == LINES
    half = LINES // 2
    assert store.load(_document(half, LINES + half), formats.N_TRIPLES, LARGE) == half
    assert store.count(LARGE) == LINES + half
    assert count_of(store) == LINES + half


def test_a_large_inferred_graph_is_in_the_union_only() -> None:
    store = EmbeddedStore.in_memory()
    assert store.replace_graph(LARGE_INFERRED, _document(0, LINES), formats.N_TRIPLES) == LINES
    assert count_of(store) == LINES
    assert count_of(store, COUNT, asserted_only(store)) == 0


def test_a_syntax_error_at_the_end_of_a_large_document_writes_nothing() -> None:
    store = EmbeddedStore.in_memory()
    broken = _document(0, LINES) + b"<http://example.org/s> <http://example.org/p> .\n"
    with pytest.raises(RdfSyntaxError):
        store.replace_graph(LARGE, broken, formats.N_TRIPLES)
    assert not store.has_graph(LARGE)
    assert count_of(store) == 0


DISTINCT_ASSERTED = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
    'FILTER (!STRSTARTS(STR(?g), "https://w3id.org/coopgraph/graph/inferred/")) } }'
)
"""The distinct triples of the asserted graphs, counted graph by graph: what the default
graph of ``inference=false`` must count."""
DISTINCT_ALL = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
FIRST = f'<{EX}s0> <{EX}p> "value 0 {"x" * 60}" .\n'.encode()
"""The first triple of the large document."""


def _asserted_counts(store: EmbeddedStore) -> tuple[int, int]:
    """The triples of the asserted default graph, and the distinct ones it must hold."""
    return count_of(store, COUNT, asserted_only(store)), count_of(store, DISTINCT_ASSERTED)


def test_the_first_large_graph_is_kept_apart_and_the_asserted_merge_stays_a_set() -> None:
    store = EmbeddedStore.in_memory()
    store.load(FIRST + f"<{EX}s0> <{EX}q> <{EX}o> .\n".encode(), formats.N_TRIPLES, SMALL)
    store.replace_graph(LARGE, _document(0, LINES), formats.N_TRIPLES)  # holds FIRST too
    assert _asserted_counts(store) == (LINES + 1, LINES + 1)
    steps: list[Callable[[], object]] = [
        lambda: store.update(  # a triple the large graph holds, and a new one
            f'INSERT DATA {{ GRAPH <{SMALL}> {{ <{EX}s1> <{EX}p> "value 1 {"x" * 60}" . '
            f"<{EX}new> <{EX}p> 1 }} }}"
        ),
        lambda: store.update(f"DELETE DATA {{ GRAPH <{LARGE}> {{ {FIRST.decode()} }} }}"),
        lambda: store.update(f"INSERT DATA {{ GRAPH <{LARGE}> {{ <{EX}new> <{EX}p> 1 }} }}"),
        lambda: store.load(f"<{EX}s0> <{EX}q> <{EX}o> .".encode(), formats.N_TRIPLES, LARGE),
        lambda: store.replace_and_add(SMALL, FIRST, {ONE: f"<{EX}s2> <{EX}p> 2 .\n".encode()}),
        lambda: store.update(f"DELETE WHERE {{ GRAPH <{LARGE}> {{ <{EX}s3> ?p ?o }} }}"),
        lambda: store.load(_document(LINES - 10, LINES + 10), formats.N_TRIPLES, TWO),
        lambda: store.update("DELETE WHERE { GRAPH ?g { ?s ?p 1 } }"),  # a rebuild
        lambda: store.drop_graph(LARGE),
    ]
    for number, step in enumerate(steps):
        step()
        found, expected = _asserted_counts(store)
        assert found == expected, f"after step {number}"
        assert count_of(store) == count_of(store, DISTINCT_ALL)


def test_a_graph_kept_apart_stays_so_in_a_reopened_store(tmp_path: Path) -> None:
    store = EmbeddedStore.on_disk(tmp_path)
    store.load(FIRST, formats.N_TRIPLES, SMALL)
    store.replace_graph(LARGE, _document(0, LINES), formats.N_TRIPLES)
    store.close()
    store = EmbeddedStore.on_disk(tmp_path)
    try:
        assert _asserted_counts(store) == (LINES, LINES)
        store.load(_document(LINES, LINES + 5), formats.N_TRIPLES, SMALL)
        assert _asserted_counts(store) == (LINES + 5, LINES + 5)
    finally:
        store.close()


def test_a_failed_large_load_keeps_no_graph_apart() -> None:
    store = EmbeddedStore.in_memory()
    broken = _document(0, LINES) + b"<http://example.org/s> <http://example.org/p> .\n"
    with pytest.raises(RdfSyntaxError):
        store.replace_graph(LARGE, broken, formats.N_TRIPLES)
    store.load(FIRST, formats.N_TRIPLES, SMALL)
    store.replace_graph(LARGE + "2", _document(0, LINES), formats.N_TRIPLES)
    assert _asserted_counts(store) == (LINES, LINES)
    store.drop_graph(LARGE + "2")  # kept apart, its triples leave; FIRST stays, in SMALL
    assert _asserted_counts(store) == (1, 1)
