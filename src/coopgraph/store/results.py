"""SPARQL 1.1 Query Results JSON, as servers write it, to our Table and back.

Servers differ in small ways: Virtuoso writes ``typed-literal`` (SPARQL 1.0's name) and blank
nodes as ``nodeID://b10001``; both are read here and written back in the W3C form.

>>> table = read_table(b'{"head": {"vars": ["x"]}, "results": {"bindings": ['
...     b'{"x": {"type": "typed-literal", "value": "1",'
...     b' "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}')
>>> table.rows
[{'x': rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))}]
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from coopgraph.errors import QueryFailed
from coopgraph.store.base import Row, Table

_BLANK_PREFIXES = ("nodeID://", "_:")


def _document(body: bytes) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise QueryFailed(
            f"the SPARQL server sent results that are not JSON: {body[:200]!r}"
        ) from exc
    if not isinstance(document, dict):
        raise QueryFailed(f"the SPARQL server sent unexpected results: {body[:200]!r}")
    return document


def _term(value: dict[str, str]) -> Identifier:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        for prefix in _BLANK_PREFIXES:
            text = text.removeprefix(prefix)
        return BNode(text)
    language = value.get("xml:lang")
    if language:
        return Literal(text, lang=language)
    datatype = value.get("datatype")
    return Literal(text, datatype=URIRef(datatype) if datatype else None)


def read_table(body: bytes) -> Table:
    """SELECT results as a Table of rdflib terms."""
    document = _document(body)
    variables = tuple(document.get("head", {}).get("vars", []))
    rows: list[Row] = [
        {name: _term(value) for name, value in binding.items()}
        for binding in document.get("results", {}).get("bindings", [])
    ]
    return Table(variables, rows)


def read_boolean(body: bytes) -> bool:
    """An ASK result."""
    value = _document(body).get("boolean")
    if not isinstance(value, bool):
        raise QueryFailed(f"the SPARQL server sent no boolean for an ASK: {body[:200]!r}")
    return value


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": "".join(c if c.isalnum() else "_" for c in str(term))}
    assert isinstance(term, Literal)
    if term.language:
        return {"type": "literal", "value": str(term), "xml:lang": term.language}
    if term.datatype is not None:
        return {"type": "literal", "value": str(term), "datatype": str(term.datatype)}
    return {"type": "literal", "value": str(term)}


def table_json(table: Table) -> bytes:
    """A Table as W3C SPARQL JSON results."""
    bindings = [{name: _json_term(term) for name, term in row.items()} for row in table]
    document = {"head": {"vars": list(table.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode()


def boolean_json(body: bytes) -> bytes:
    """An ASK result as W3C SPARQL JSON."""
    return json.dumps({"head": {}, "boolean": read_boolean(body)}).encode()
