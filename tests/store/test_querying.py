"""A query on the embedded engine itself: the default graph is the union unless a dataset is
named, values bound by the engine, and the engine's refusals as our errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from coopgraph.errors import QuerySyntaxError
from coopgraph.store.base import Dataset
from coopgraph.store.querying import answer_query, ask_query, select_query

from .test_base import JSON_RESULTS

EX = "http://example.org/"


@pytest.fixture
def engine() -> ox.Store:
    """An engine in memory: one triple in each of two named graphs."""
    store = ox.Store()
    for graph, name in (("one", "Alice"), ("two", "Bob")):
        store.add(
            ox.Quad(
                ox.NamedNode(EX + name.lower()),
                ox.NamedNode(EX + "name"),
                ox.Literal(name),
                ox.NamedNode(EX + graph),
            )
        )
    return store


def test_the_default_graph_is_the_union_unless_a_dataset_is_named(engine: ox.Store) -> None:
    names = "SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n"
    assert [r["n"] for r in select_query(engine, names).rows] == [Literal("Alice"), Literal("Bob")]
    answer = answer_query(engine, names, JSON_RESULTS, Dataset(default_graphs=(EX + "two",)))
    assert b"Bob" in answer.body
    assert b"Alice" not in answer.body


def test_values_are_bound_by_the_engine(engine: ox.Store) -> None:
    asked = "ASK { ?s <http://example.org/name> ?n }"
    assert ask_query(engine, asked, {"s": URIRef(EX + "alice")})
    assert not ask_query(engine, asked, {"s": URIRef(EX + "carol")})


def test_the_engine_refusals_are_query_syntax_errors(engine: ox.Store) -> None:
    with pytest.raises(QuerySyntaxError, match="does not parse"):
        select_query(engine, "SELECT * WHERE { ?s ?p }")
    with pytest.raises(QuerySyntaxError, match="expected a SELECT query"):
        select_query(engine, "ASK { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match="expected an ASK query"):
        ask_query(engine, "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match=r"cannot bind \?x"):
        select_query(engine, "SELECT ?s WHERE { ?s ?p ?o }", {"x": URIRef(EX + "a")})
