"""SPARQL JSON results as servers write them, read into a Table and written back in the W3C
form; ASK results; errors naming what the server sent."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from coopgraph.errors import QueryFailed
from coopgraph.store import Table, read_boolean, read_table
from coopgraph.store.results import boolean_json, table_json

VIRTUOSO = json.dumps(
    {
        "head": {"vars": ["s", "n", "label", "b"]},
        "results": {
            "bindings": [
                {
                    "s": {"type": "uri", "value": "http://ex/a"},
                    "n": {"type": "typed-literal", "value": "1", "datatype": str(XSD.integer)},
                    "label": {"type": "literal", "value": "a", "xml:lang": "fr"},
                    "b": {"type": "bnode", "value": "nodeID://b10001"},
                },
                {"s": {"type": "uri", "value": "http://ex/b"}},
            ]
        },
    }
).encode()


def test_virtuoso_results_are_read_as_rdflib_terms() -> None:
    table = read_table(VIRTUOSO)
    assert table.variables == ("s", "n", "label", "b")
    assert len(table) == 2
    first, second = table
    assert first == {
        "s": URIRef("http://ex/a"),
        "n": Literal(1),
        "label": Literal("a", lang="fr"),
        "b": BNode("b10001"),
    }
    assert second == {"s": URIRef("http://ex/b")}


def test_a_table_is_written_back_in_the_w3c_form() -> None:
    written = json.loads(table_json(read_table(VIRTUOSO)))
    assert written["head"]["vars"] == ["s", "n", "label", "b"]
    row = written["results"]["bindings"][0]
    assert row["n"] == {"type": "literal", "value": "1", "datatype": str(XSD.integer)}
    assert row["b"] == {"type": "bnode", "value": "b10001"}
    assert read_table(table_json(Table(("x",), []))).rows == []


def test_ask_results() -> None:
    assert read_boolean(b'{"head": {}, "boolean": true}') is True
    assert json.loads(boolean_json(b'{"boolean": false}')) == {"head": {}, "boolean": False}
    with pytest.raises(QueryFailed, match="no boolean"):
        read_boolean(b'{"head": {}}')


def test_what_is_not_json_results_is_named() -> None:
    with pytest.raises(QueryFailed, match="not JSON: b'<html>"):
        read_table(b"<html>busy</html>")
    with pytest.raises(QueryFailed, match="unexpected"):
        read_table(b"[1, 2]")
