"""questions.findings: plain rows and a constructed graph as findings."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from coopgraph.questions.findings import from_graph, plain
from coopgraph.store import Row, Table

A, B, P = URIRef("http://ex/a"), URIRef("http://ex/b"), URIRef("http://ex/p")


def test_plain_findings_are_the_rows_as_records() -> None:
    rows: list[Row] = [{"s": A, "n": Literal(1)}, {"s": B}]
    findings = plain(Table(("s", "n"), rows), truncated=True)
    assert findings.columns == ("s", "n")
    assert findings.records == rows
    assert findings.records[0] is not rows[0]  # records are copies: paging may not touch rows
    assert findings.truncated
    assert findings.graph is None
    assert findings.drawing is None
    assert findings.summary == {}


def test_graph_findings_are_sorted_triples_and_keep_the_graph() -> None:
    graph = Graph()
    graph.add((B, P, Literal("b")))
    graph.add((A, P, B))
    findings = from_graph(graph)
    assert findings.columns == ("subject", "predicate", "object")
    assert findings.records == [
        {"subject": A, "predicate": P, "object": B},
        {"subject": B, "predicate": P, "object": Literal("b")},
    ]
    assert findings.graph is graph
    assert not findings.truncated
