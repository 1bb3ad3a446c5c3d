"""pyoxigraph as parser and writer: terms both ways, documents flattened to lines, answers cut
at a row cap and re-serialised, graphs of documents and backups as N-Triples."""

from __future__ import annotations

import io
import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from coopgraph import formats
from coopgraph.errors import InputError, RdfSyntaxError, RefusedOperation, TooLarge
from coopgraph.store import flatten_rdf
from coopgraph.store.rdf_io import (
    ntriples_by_graph,
    ntriples_of_backup,
    parse_quads,
    reserialize_results,
    reserialize_triples,
    to_oxigraph,
    to_rdflib,
)

TURTLE = b'@prefix ex: <http://ex/> .\nex:a ex:p "x"@fr , 3 ; ex:q [ ex:r ex:s ] .\n'
TRIG = (
    b"<http://ex/g> { <http://ex/a> <http://ex/p> <http://ex/b> . }\n"
    b"<http://ex/a> <http://ex/p> 1 .\n"
)
RESULTS = json.dumps(
    {
        "head": {"vars": ["n"]},
        "results": {"bindings": [{"n": {"type": "literal", "value": str(i)}} for i in range(5)]},
    }
).encode()


@pytest.mark.parametrize(
    "term",
    [
        URIRef("http://ex/a"),
        BNode("b1"),
        Literal("plain"),
        Literal("rue", lang="fr"),
        Literal(3),
        Literal("2026-01-01", datatype=XSD.date),
    ],
    ids=["iri", "blank", "plain", "language", "integer", "date"],
)
def test_terms_cross_both_ways_unchanged(term: Literal | URIRef | BNode) -> None:
    assert to_rdflib(to_oxigraph(term)) == term


def test_a_term_pyoxigraph_rejects_is_named() -> None:
    with pytest.raises(InputError, match="'http://ex/a b' is not a valid RDF term"):
        to_oxigraph(URIRef("http://ex/a b"))


def test_flatten_writes_lines_with_fresh_blank_nodes() -> None:
    flat, media_type = flatten_rdf(TURTLE, formats.TURTLE, None, triples_only=True, max_quads=None)
    assert media_type == formats.N_TRIPLES
    graph = Graph().parse(data=flat, format="nt")
    assert len(graph) == 4
    quads, kind = flatten_rdf(TRIG, formats.TRIG, None, triples_only=False, max_quads=None)
    assert kind == formats.N_QUADS
    assert b"<http://ex/g> ." in quads
    triples, kind = flatten_rdf(TURTLE, formats.TRIG, None, triples_only=True, max_quads=None)
    assert (kind, triples.count(b"\n")) == (formats.N_TRIPLES, 4)
    with pytest.raises(RdfSyntaxError, match="Named graphs"):  # triples only: none allowed
        flatten_rdf(TRIG, formats.TRIG, None, triples_only=True, max_quads=None)


def test_flatten_resolves_relative_iris_and_caps() -> None:
    flat, _ = flatten_rdf(b"<a> <b> <c> .", formats.TURTLE, "http://ex/", True, None)
    assert flat == b"<http://ex/a> <http://ex/b> <http://ex/c> .\n"
    with pytest.raises(TooLarge, match="more than 3 triples"):
        flatten_rdf(TURTLE, formats.TURTLE, None, True, max_quads=3)


def test_parse_errors_carry_line_and_column_and_doctype_is_refused() -> None:
    with pytest.raises(RdfSyntaxError) as caught:
        parse_quads(b"<http://ex/a> <http://ex/b> .\n", formats.N_TRIPLES, None, None)
    assert caught.value.line == 1
    with pytest.raises(RefusedOperation, match="DOCTYPE"):
        flatten_rdf(b"<!DOCTYPE x [ ]><rdf:RDF/>", formats.RDF_XML, None, True, None)


def test_parse_quads_puts_them_in_the_graph_asked() -> None:
    quads = parse_quads(TURTLE, formats.TURTLE, "http://ex/h", None)
    assert {str(q.graph_name) for q in quads} == {"<http://ex/h>"}
    assert len(parse_quads(TRIG, formats.TRIG, None, None)) == 2
    with pytest.raises(RdfSyntaxError, match="Named graphs"):
        parse_quads(TRIG, formats.TRIG, "http://ex/h", None)


def test_results_are_cut_at_the_row_cap_and_rewritten() -> None:
    tsv, truncated = reserialize_results(RESULTS, formats.SPARQL_JSON, formats.TSV, 2)
    assert truncated
    assert tsv.decode().splitlines() == ["?n", '"0"', '"1"']
    whole, truncated = reserialize_results(RESULTS, formats.SPARQL_JSON, formats.SPARQL_JSON, None)
    assert not truncated
    assert len(json.loads(whole)["results"]["bindings"]) == 5


def test_triples_are_cut_at_the_row_cap_and_rewritten() -> None:
    lines = b"".join(b"<http://ex/s%d> <http://ex/p> <http://ex/o> .\n" % i for i in range(4))
    turtle, truncated = reserialize_triples(lines, formats.N_TRIPLES, formats.TURTLE, 3)
    assert truncated
    assert len(Graph().parse(data=turtle, format="turtle")) == 3


def test_ntriples_by_graph_keeps_each_graph_and_counts_quads() -> None:
    graphs, count = ntriples_by_graph([(TRIG, formats.TRIG), (TURTLE, formats.TURTLE)], None, None)
    assert count == 6
    assert set(graphs) == {None, "http://ex/g"}
    assert len(Graph().parse(data=graphs[None], format="nt")) == 5
    only_named, _ = ntriples_by_graph([(TURTLE, formats.TURTLE)], "http://ex/h", None)
    assert set(only_named) == {"http://ex/h"}  # an empty default graph is left out


def test_ntriples_of_backup_keeps_the_empty_default_graph() -> None:
    backup = io.BytesIO(b"_:x <http://ex/p> _:y <http://ex/g> .\n")
    graphs, count = ntriples_of_backup(backup)
    assert count == 1
    assert graphs[None] == b""
    assert graphs["http://ex/g"].count(b"_:") == 2
