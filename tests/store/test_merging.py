"""The SPARQL that keeps the merged default graphs: which graphs a write may change, and the
one update that writes them with it (run on a real engine in test_merged_graphs.py)."""

from __future__ import annotations

import pytest

from coopgraph.errors import RefusedOperation
from coopgraph.store.merging import (
    ASSERTED_GRAPH,
    BEFORE_GRAPH,
    UNION_GRAPH,
    after,
    check_writable,
    is_hidden,
    maintained,
)
from coopgraph.store.update_scope import scope_of

EX = "http://example.org/"


@pytest.mark.parametrize(
    ("update", "scope"),
    [
        pytest.param(
            f"INSERT DATA {{ GRAPH <{EX}new> {{ <a> <b> <c> }} }}", [EX + "new"], id="new"
        ),
        pytest.param(
            f"PREFIX ex: <{EX}> DELETE WHERE {{ GRAPH ex:old {{ ?s ?p ?o }} }}",
            [EX + "old"],
            id="prefixed",
        ),
        pytest.param(f"BASE <{EX}> MOVE <old> TO <moved>", [EX + "old", EX + "moved"], id="move"),
        pytest.param(
            f"WITH <{EX}w> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", [EX + "w"], id="with"
        ),
        pytest.param("INSERT DATA { <a> <b> <c> }", [], id="default-graph"),
        pytest.param(f"INSERT DATA {{ <{EX}old> <{EX}p> <{EX}x> }}", [], id="not-a-graph"),
        pytest.param(f"COPY SILENT <{EX}old> TO DEFAULT", [EX + "old"], id="copy"),
    ],
)
def test_the_scope_is_every_graph_the_update_may_change(update: str, scope: list[str]) -> None:
    assert scope_of(update) == scope


@pytest.mark.parametrize(
    "update",
    [
        "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
        "DROP ALL",
        "CLEAR NAMED",
        "INSERT { GRAPH $g { <a> <b> <c> } } WHERE { VALUES ?g { <x> } }",
    ],
)
def test_a_scope_that_cannot_be_told_rebuilds_the_merges(update: str) -> None:
    assert scope_of(update) is None
    assert "CREATE SILENT GRAPH" in after(update, None)


def test_a_relative_graph_resolves_against_the_base_iri() -> None:
    assert scope_of("INSERT DATA { GRAPH <g> { <a> <b> <c> } }", EX) == [EX + "g"]


@pytest.mark.parametrize("graph", [UNION_GRAPH, ASSERTED_GRAPH, BEFORE_GRAPH])
def test_writing_a_merged_graph_is_refused_in_both_languages(graph: str) -> None:
    with pytest.raises(RefusedOperation, match=r"merged default graph.*graphe par défaut fusionné"):
        scope_of(f"INSERT DATA {{ GRAPH <{graph}> {{ <a> <b> <c> }} }}")
    with pytest.raises(RefusedOperation, match=graph):
        check_writable(graph)
    assert is_hidden(graph)


def test_reading_a_merged_graph_by_name_is_no_write() -> None:
    check_writable(None)
    check_writable(EX + "g")
    assert scope_of(f"INSERT {{ <a> <b> ?o }} WHERE {{ <{UNION_GRAPH}> <b> ?o }}") == []


def test_the_write_comes_first_so_its_errors_keep_their_line() -> None:
    text = after("INSERT DATA { <a> <b> <c> } ;", [EX + "g"])
    assert text.startswith("INSERT DATA { <a> <b> <c> } \n ;\n")
    assert f"GRAPH <{BEFORE_GRAPH}>" in text


def test_one_update_saves_the_scope_then_writes_then_follows() -> None:
    text = maintained("CLEAR DEFAULT", [EX + "g"])
    saved, written = text.index(f"ADD SILENT <{EX}g> TO"), text.index("CLEAR DEFAULT")
    assert saved < written < text.index(f"INSERT {{ GRAPH <{UNION_GRAPH}>")
    assert text.rstrip().endswith(f"DROP SILENT GRAPH <{BEFORE_GRAPH}>")
