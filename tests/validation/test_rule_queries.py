"""Reading a SHACL-SPARQL query's text: whether the engine's binding of ``$this`` is SHACL's
pre-binding, whether one query may check many focus nodes, and the query given the data's
graph as its dataset."""

from __future__ import annotations

import pytest

from coopgraph.validation.rule_queries import batchable, pre_bindable, with_dataset


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT $this WHERE { $this ?p ?o . FILTER (isIRI($this)) }", True),
        ("SELECT $this WHERE { FILTER NOT EXISTS { $this ?p ?o { ?o ?q $this } } }", True),
        ('SELECT $this WHERE { ?s ?p "{ $this }" }', True),
        ("SELECT $this WHERE { ?s ?p ?o } # { $this }", True),
        ("SELECT $this WHERE { { FILTER ($this = <urn:a>) } }", False),
        ("SELECT $this WHERE { OPTIONAL { $this ?p ?o } }", False),
        ("SELECT $this WHERE { BIND ($this AS ?that) }", False),
        ("SELECT $this WHERE { { SELECT * WHERE { ?s ?p $this } } }", False),
        ("SELECT $this WHERE { ?s ?p ?o MINUS { ?s a ?c } }", False),
        ("SELECT $this WHERE { VALUES ?x { 1 } }", False),
        ("SELECT $this WHERE { SERVICE <urn:s> { $this ?p ?o } }", False),
    ],
    ids=[
        "top-group",
        "inside-exists",
        "in-a-string",
        "in-a-comment",
        "inner-group",
        "optional",
        "bind",
        "subquery",
        "minus",
        "values",
        "service",
    ],
)
def test_the_engine_binds_this_only_where_shacl_would(query: str, expected: bool) -> None:
    assert pre_bindable(query) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT ?this WHERE { ?this ?p ?o }",
            "SELECT ?this FROM <urn:g> WHERE { ?this ?p ?o }",
        ),
        (
            "PREFIX ex: <http://example.org/> SELECT ?this { ?this ex:p ?o }",
            "PREFIX ex: <http://example.org/> SELECT ?this FROM <urn:g> { ?this ex:p ?o }",
        ),
        (
            "SELECT ?this # WHERE { in a comment\nWHERE { ?this ?p ?o }",
            "SELECT ?this # WHERE { in a comment\nFROM <urn:g> WHERE { ?this ?p ?o }",
        ),
    ],
    ids=["where", "no-where", "comment"],
)
def test_the_dataset_goes_before_the_where_clause(query: str, expected: str) -> None:
    assert with_dataset(query, "urn:g") == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT $this ?value WHERE { $this ?p ?value }", True),
        ("SELECT DISTINCT ?this WHERE { FILTER NOT EXISTS { $this a ?c } }", True),
        ("SELECT ?value WHERE { $this ?p ?value }", False),
        ("SELECT $this WHERE { $this ?p ?o } LIMIT 1", False),
        ("SELECT $this WHERE { $this ?p ?o } OFFSET 2", False),
        ("SELECT $this (COUNT(*) AS ?n) WHERE { $this ?p ?o }", False),
        ("SELECT $this ?o WHERE { $this ?p ?o } GROUP BY $this ?o", False),
        ("SELECT $this WHERE { OPTIONAL { $this ?p ?o } }", False),
        ('SELECT $this WHERE { $this ?p "LIMIT 1" }', True),
    ],
    ids=[
        "projected",
        "distinct-exists",
        "not-projected",
        "limit",
        "offset",
        "aggregate",
        "group-by",
        "not-pre-bindable",
        "keyword-in-a-string",
    ],
)
def test_a_query_checks_many_focus_nodes_only_where_values_is_pre_binding(
    query: str, expected: bool
) -> None:
    assert batchable(query) is expected
