"""The SPARQL text a remote store sends: query forms, graphs an update names, chunked inserts
that keep blank nodes together, swaps, BASE, and the bookkeeping of the registry graph."""

from __future__ import annotations

import pytest

from coopgraph.errors import QuerySyntaxError
from coopgraph.iris import REGISTRY_GRAPH, STAGING_BASE
from coopgraph.store import statements

G = "http://example.org/g"


def test_query_form_is_the_first_form_keyword() -> None:
    assert statements.query_form("PREFIX a: <http://a/> # SELECT\nASK { ?s ?p ?o }") == "ASK"
    assert statements.query_form("CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    with pytest.raises(QuerySyntaxError, match="none of SELECT"):
        statements.query_form("INSERT DATA { <a> <b> <c> }")


def test_a_query_with_from_has_its_own_dataset() -> None:
    assert statements.has_own_dataset("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert not statements.has_own_dataset("SELECT * { ?s <http://ex/from> ?o }")


def test_graphs_written_resolves_prefixes_and_leaves_ours_out() -> None:
    update = (
        "PREFIX g: <http://ex/g/>\n"
        "INSERT DATA { GRAPH g:one { <a> <b> <c> } GRAPH <http://ex/two> { <a> <b> <c> } } ;\n"
        f"INSERT DATA {{ GRAPH <{REGISTRY_GRAPH}> {{ <a> <b> <c> }} }} ;\n"
        "WITH g:one DELETE { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    assert statements.graphs_written(update) == ["http://ex/g/one", "http://ex/two"]


def test_insert_chunks_keep_triples_sharing_a_blank_node_together() -> None:
    lines = [f"<http://ex/s{i}> <http://ex/p> <http://ex/o> ." for i in range(5)]
    chain = ["_:a <http://ex/p> _:b .", "_:b <http://ex/p> _:c .", "_:c <http://ex/p> 1 ."]
    ntriples = "\n".join([chain[0], *lines, *chain[1:]]).encode()
    chunks = statements.insert_chunks(ntriples, G, 3)
    assert all(chunk.startswith(f"INSERT {{ GRAPH <{G}> {{") for chunk in chunks)
    holding = [chunk for chunk in chunks if "_:a" in chunk]
    assert len(holding) == 1
    assert all(label in holding[0] for label in ("_:b", "_:c"))
    assert sum(chunk.count(" .") for chunk in chunks) == 8


def test_a_small_swap_is_one_request() -> None:
    plan = statements.swap({G: b"<http://a> <http://b> <http://c> .\n"}, [G], {}, 10)
    assert (plan.staging, plan.cleanup) == ([], None)
    assert plan.final[0] == f"DROP SILENT GRAPH <{G}>"
    assert any(op.startswith("INSERT {") for op in plan.final)
    assert plan.final[-1] == statements.register([G])


def test_a_large_swap_is_staged_then_moved_then_cleaned_up() -> None:
    triples = b"".join(b"<http://a%d> <http://b> <http://c> .\n" % i for i in range(5))
    addition = b"<http://rec> <http://b> <http://c> .\n"
    plan = statements.swap({G: triples}, [G], {"http://ex/record": addition}, 2)
    assert len(plan.staging) == 3
    assert all(STAGING_BASE in chunk for chunk in plan.staging)
    moves = [op for op in plan.final if op.startswith("MOVE SILENT")]
    assert len(moves) == 1
    assert moves[0].endswith(f"TO <{G}>")
    assert any("http://rec" in op for op in plan.final)
    assert plan.cleanup is not None
    assert plan.cleanup.startswith(f"DROP SILENT GRAPH <{STAGING_BASE}")


def test_with_base_adds_base_unless_the_text_has_one() -> None:
    assert statements.with_base("ASK {}", "http://ex/") == "BASE <http://ex/>\nASK {}"
    assert statements.with_base("BASE <http://a/> ASK {}", "http://ex/").startswith(
        "BASE <http://a/>"
    )
    assert statements.with_base("ASK {}", None) == "ASK {}"


def test_terminated_drops_a_trailing_semicolon_only() -> None:
    assert statements.terminated("CLEAR ALL ; # done") == "CLEAR ALL \n"
    assert statements.terminated('INSERT DATA { <a> <b> ";" }') == 'INSERT DATA { <a> <b> ";" }\n'


def test_as_nquads_names_the_graph() -> None:
    lines = b"<http://a> <http://b> <http://c> .\n"
    assert statements.as_nquads(lines, G) == f"<http://a> <http://b> <http://c> <{G}> .\n".encode()
    assert statements.as_nquads(lines, None) == lines


def test_bookkeeping_updates_name_the_registry() -> None:
    assert REGISTRY_GRAPH in statements.register([G])
    assert REGISTRY_GRAPH in statements.unregister(G)
    assert statements.count_write().count(REGISTRY_GRAPH) >= 2
    assert statements.graph_exists(G).startswith("ASK")
    assert statements.joined("A", "B") == "A ;\nB"
    assert statements.drop(G) == f"DROP SILENT GRAPH <{G}>"
    assert statements.move(G, G + "2") == f"MOVE SILENT <{G}> TO <{G}2>"
