"""Findings as compact JSON-LD that names coopgraph's context (/context.jsonld) by its URL.

A table answer (one page of records) is one node, the page itself (``@id``, a
``rs:ResultSet`` of the W3C result-set vocabulary of the SPARQL test suites), whose
``rs:solution``s are its rows, in order (``rs:index`` counts from 1 at the first row of the
first page). A row is a node of its own, a blank node: a row says that its values go
together, it is no statement about one resource, and rows naming the same resource would
merge into one node, losing which value goes with which, if that resource were the row's
``@id``. Each column is a property named after its variable,
``https://w3id.org/coopgraph/api/<query>#<variable>``, with a term of the same name in a small
context after the project's; IRIs are compacted with the project's prefixes (``id:``,
``ref:``, ``cg:``), a sequence (a path) is a JSON-LD list, and each IRI's label in the answer's
language is a node of the same ``@graph``. Graph-shaped findings are their graph, labelled.

The expanded document is written from the terms; pyld (the JSON-LD 1.1 processor of the
specification's editors) compacts it, with a document loader that serves the context from
memory and loads nothing else.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pyld import jsonld
from pyld.context_resolver import ContextResolver
from rdflib import RDFS, XSD, BNode, Graph, Literal, URIRef

from coopgraph.iris import API_BASE
from coopgraph.questions.findings import Findings, Record
from coopgraph.questions.renderings import Labels, illustrative_notice, in_language

RESULT_SET = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
"""The W3C vocabulary of SPARQL result sets in RDF (``rs:``)."""
_RS = {
    "rs": RESULT_SET,
    "rs:resultVariable": {"@container": "@set"},
    "rs:solution": {"@container": "@set"},
}
"""The result-set prefix, and its lists always arrays, one row or none."""
_LABEL, _COMMENT = str(RDFS.label), str(RDFS.comment)
_NATIVE = {str(XSD.integer): int, str(XSD.boolean): bool, str(XSD.double): float}
"""Datatypes written as JSON numbers and booleans, which JSON-LD reads back the same."""
_SPECIAL = {"nan": "NaN", "inf": "INF", "-inf": "-INF"}
"""The XSD forms of the floating-point values JSON has no number for."""


@dataclass(frozen=True)
class JsonLdSite:
    """Where a JSON-LD answer is: its own URL, and the URL and document of the context."""

    url: str
    context_url: str
    context: Mapping[str, Any]


def column_iri(query: str, variable: str) -> str:
    """The property of one column of a stored query's rows.

    >>> column_iri("theme-actions", "place")
    'https://w3id.org/coopgraph/api/theme-actions#place'
    """
    return f"{API_BASE}{query}#{variable}"


def term_value(term: Any) -> dict[str, Any]:
    """One value in expanded JSON-LD: a node reference, a value object, or a list.

    >>> term_value(Literal(3)), term_value(Literal("Loos", lang="fr"))
    ({'@value': 3}, {'@value': 'Loos', '@language': 'fr'})
    """
    if isinstance(term, URIRef):
        return {"@id": str(term)}
    if isinstance(term, BNode):
        return {"@id": f"_:{term}"}
    if isinstance(term, Literal):
        return _literal(term)
    if isinstance(term, tuple):
        return {"@list": [term_value(item) for item in term]}
    if isinstance(term, Mapping):
        return {key: _values(item) for key, item in term.items()}
    return {"@value": term if isinstance(term, bool | int | float) else str(term)}


def _literal(literal: Literal) -> dict[str, Any]:
    if literal.language:
        return {"@value": str(literal), "@language": literal.language}
    datatype = str(literal.datatype or XSD.string)
    native = _NATIVE.get(datatype)
    value = literal.value
    finite = not isinstance(value, float) or math.isfinite(value)  # JSON has no NaN, no INF
    if native is not None and not literal.ill_typed and isinstance(value, native) and finite:
        return {"@value": value}
    if datatype == str(XSD.string):
        return {"@value": str(literal)}
    lexical = _SPECIAL.get(str(literal), str(literal))  # rdflib writes NaN as 'nan'
    return {"@value": lexical, "@type": datatype}


def _values(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [term_value(item) for item in items]


def _coercion(values: list[dict[str, Any]]) -> dict[str, str]:
    """What a term says of its values when all of them agree: IRIs, one language, one type."""
    lists = [value["@list"] for value in values if "@list" in value]
    if lists and len(lists) != len(values):
        return {}
    items = [item for found in lists for item in found] if lists else values
    container = {"@container": "@list"} if lists else {}
    if items and all(set(item) == {"@id"} for item in items):
        return {**container, "@type": "@id"}
    for key in ("@language", "@type"):
        kinds = {item.get(key) for item in items}
        if len(kinds) == 1 and None not in kinds and all("@value" in i for i in items):
            return {**container, key: str(kinds.pop())}
    return container


def _names(node: Mapping[str, Any], found: dict[str, list[dict[str, Any]]]) -> None:
    """Gather each short name of a node (nested ones too) with all its values."""
    for name, values in node.items():
        if name.startswith("@"):
            continue
        found.setdefault(name, []).extend(values)
        for value in values:
            if not any(key.startswith("@") for key in value):
                _names(value, found)


def _named(node: Mapping[str, Any], query: str) -> dict[str, Any]:
    """The node with each short name made the column IRI it stands for."""
    named: dict[str, Any] = {}
    for name, values in node.items():
        nested = [v if any(k.startswith("@") for k in v) else _named(v, query) for v in values]
        named[name if name.startswith("@") else column_iri(query, name)] = nested
    return named


def _local_context(query: str, nodes: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    found: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        _names(node, found)
    terms = {name: {"@id": column_iri(query, name), **_coercion(v)} for name, v in found.items()}
    return {**terms, **_RS}  # a column named rs keeps its full IRI, not the prefix


def _rows(records: list[Record], columns: tuple[str, ...], lang: str) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        cells = {c: record[c] for c in columns if c in record}
        chosen = {c: in_language(v, lang) if isinstance(v, tuple) else v for c, v in cells.items()}
        rows.append({c: [term_value(v)] for c, v in chosen.items()})
    return rows


def _label_nodes(names: Labels) -> list[dict[str, Any]]:
    return [
        {"@id": str(iri), _LABEL: [term_value(label)]}
        for iri, label in names.items()
        if isinstance(iri, URIRef)
    ]


def findings_jsonld(
    query: str, findings: Findings, page: tuple[list[Record], int], names: Labels, lang: str,
    site: JsonLdSite,
) -> bytes:  # fmt: skip
    """One page of records (and their first row's position) as a compact result set."""
    records, offset = page
    short_rows = _rows(records, findings.columns, lang)
    summary = {key: _values(value) for key, value in findings.summary.items()}
    context: list[Any] = [site.context_url, _local_context(query, [*short_rows, summary])]
    solutions = [
        {**_named(row, query), RESULT_SET + "index": [{"@value": offset + number}]}
        for number, row in enumerate(short_rows, start=1)
    ]
    answer: dict[str, Any] = {
        "@id": site.url,
        "@type": [RESULT_SET + "ResultSet"],
        RESULT_SET + "resultVariable": [{"@value": column} for column in findings.columns],
        RESULT_SET + "solution": solutions,
        **_named(summary, query),
    }
    notice = illustrative_notice(names, lang).get("notice")
    if notice:
        answer[_COMMENT] = [{"@value": notice, "@language": lang}]
    return _compacted([answer, *_label_nodes(names)], context, site)


def graph_jsonld(graph: Graph, names: Labels, site: JsonLdSite) -> bytes:
    """The findings' graph with the labels in the answer's language, compact."""
    labelled = Graph()
    labelled += graph
    for term, label in names.items():
        labelled.add((term, RDFS.label, label))
    expanded = jsonld.from_rdf(
        labelled.serialize(format="nt"), {"format": "application/n-quads", "useNativeTypes": True}
    )
    return _compacted(expanded, site.context_url, site)


def _compacted(expanded: list[dict[str, Any]], context: Any, site: JsonLdSite) -> bytes:
    loader = document_loader(site.context_url, site.context)
    options = {"documentLoader": loader, "contextResolver": ContextResolver({}, loader)}
    document = jsonld.compact(expanded, context, options)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def document_loader(url: str, document: Mapping[str, Any]) -> Any:
    """A pyld document loader that serves ``document`` at ``url`` and refuses any other URL:
    nothing is fetched over the network."""

    def load(requested: str, options: Any = None) -> dict[str, Any]:
        if requested != url:
            raise jsonld.JsonLdError(
                f"only {url} is loaded, not {requested}",
                "jsonld.LoadDocumentError",
                code="loading remote context failed",
            )
        return {"contextUrl": None, "documentUrl": url, "document": dict(document)}

    return load
