"""Findings written out: plain JSON with labels, CSV, SPARQL JSON results, Turtle, JSON-LD.

IRIs stay IRIs; each comes with its label in the requested language (``skos:prefLabel`` or
``rdfs:label``; an untagged label, then any, when the language has none). A sequence of
language-tagged literals keeps those in the requested language only. An answer naming a
resource described in an examples graph (``graph/examples/``, data/examples/) says it is
illustrative.

>>> cell_json(Literal(3), {}, "fr"), cell_json(URIRef("http://ex/a"), {}, "fr")
(3, {'iri': 'http://ex/a', 'label': None})
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable
from coopgraph.iris import EXAMPLES_GRAPH_BASE
from coopgraph.languages import interface_words
from coopgraph.questions.findings import Cell, Findings, Record
from coopgraph.sparql_text import term_text
from coopgraph.store import Store

PLAIN_JSON = "application/json"
"""The API's own JSON: records with the labels of their IRIs."""
FINDINGS_FORMATS = {
    "json": PLAIN_JSON,
    "csv": formats.CSV,
    "sparql-json": formats.SPARQL_JSON,
    "turtle": formats.TURTLE,
    "jsonld": formats.JSON_LD,
    "nt": formats.N_TRIPLES,
}
"""What ``?format=`` accepts."""
TABLE_MEDIA_TYPES = (PLAIN_JSON, formats.CSV, formats.SPARQL_JSON, formats.JSON_LD)
"""The media types every finding comes in (JSON-LD: a result set, see jsonld_findings)."""
GRAPH_MEDIA_TYPES = (formats.TURTLE, formats.JSON_LD, formats.N_TRIPLES)
"""The media types of findings that hold a graph (JSON-LD: that graph)."""
_RDFLIB = {formats.TURTLE: "turtle", formats.JSON_LD: "json-ld", formats.N_TRIPLES: "nt"}
_LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?term ?label WHERE { VALUES ?term { %s } ?term skos:prefLabel|rdfs:label ?label }"""
_ILLUSTRATIVE = """SELECT DISTINCT ?term WHERE { VALUES ?term { %s } GRAPH ?g { ?term ?p ?o }
FILTER(STRSTARTS(STR(?g), %s)) }"""
_NUMBERS = ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")
Labels = Mapping[Identifier, Literal]
"""The label of each IRI, in the requested language."""


class Names(dict[Identifier, Literal]):
    """The label of each IRI in the requested language, and which of the IRIs an examples
    graph describes (``illustrative``: invented data, not facts)."""

    def __init__(
        self,
        labels: Mapping[Identifier, Literal] | None = None,
        illustrative: Iterable[Identifier] = (),
    ) -> None:
        super().__init__(labels or {})
        self.illustrative = frozenset(illustrative)


@dataclass(frozen=True)
class FindingsPage:
    """One page of records: where it starts, how many at most, how many there are."""

    offset: int
    limit: int
    total: int

    def slice(self, records: list[Record]) -> list[Record]:
        """The records of this page."""
        return records[self.offset : self.offset + self.limit]

    @property
    def next_offset(self) -> int | None:
        """The next page's offset, if there is one."""
        return self.offset + self.limit if self.offset + self.limit < self.total else None

    @property
    def previous_offset(self) -> int | None:
        """The previous page's offset, if there is one."""
        return max(self.offset - self.limit, 0) if self.offset > 0 else None


def findings_media_type(format_name: str | None, accept: str | None, findings: Findings) -> str:
    """The answer's media type: ``?format=`` if given, else the Accept header's choice."""
    graph = GRAPH_MEDIA_TYPES if findings.graph is not None else ()
    offered = TABLE_MEDIA_TYPES + tuple(media for media in graph if media not in TABLE_MEDIA_TYPES)
    if format_name:
        chosen = FINDINGS_FORMATS.get(format_name)
        if chosen not in offered:
            names = ", ".join(k for k, v in FINDINGS_FORMATS.items() if v in offered)
            raise InputError(f"parameter 'format': '{format_name}' is not one of {names}")
        return str(chosen)
    found = formats.negotiate(accept, offered)
    if found is None:
        raise NotAcceptable(f"Accept '{accept}' allows none of {', '.join(offered)}")
    return found


def _terms(value: Any) -> Iterator[Identifier]:
    if isinstance(value, URIRef):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _terms(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _terms(item)


def iris_of(records: Iterable[Record], summary: Mapping[str, Any]) -> list[Identifier]:
    """Every IRI in the records and the summary, once each."""
    return list(dict.fromkeys([*_terms(list(records)), *_terms(summary)]))


def _preference(label: Literal, lang: str) -> int:
    return 0 if label.language == lang else 1 if not label.language else 2


def iri_labels(store: Store, iris: list[Identifier], lang: str) -> Names:
    """The best label of each IRI in ``lang``, and those an examples graph describes."""
    if not iris:
        return Names()
    values = " ".join(term_text(iri) for iri in iris)
    best: dict[Identifier, Literal] = {}
    for row in store.select(_LABELS % values):
        label = row["label"]
        if isinstance(label, Literal):
            kept = best.get(row["term"])
            if kept is None or _preference(label, lang) < _preference(kept, lang):
                best[row["term"]] = label
    examples = store.select(_ILLUSTRATIVE % (values, term_text(Literal(EXAMPLES_GRAPH_BASE))))
    return Names(best, (row["term"] for row in examples))


def illustrative_notice(names: Labels, lang: str) -> dict[str, Any]:
    """``illustrative`` (true when the answer names a resource of an examples graph) and, then,
    the ``notice`` saying so in ``lang``."""
    if not isinstance(names, Names) or not names.illustrative:
        return {"illustrative": False}
    return {"illustrative": True, "notice": interface_words("pages", lang)["illustrative"]}


def in_language(terms: tuple[Identifier, ...], lang: str) -> tuple[Identifier, ...]:
    """A sequence of language-tagged literals kept in ``lang`` only; any other kept whole."""
    tagged = [t for t in terms if isinstance(t, Literal) and t.language]
    if tagged and len(tagged) == len(terms):
        return tuple(t for t in tagged if t.language == lang)
    return terms


def literal_json(literal: Literal) -> Any:
    """A literal as a JSON value: numbers and booleans as such, everything else as text."""
    datatype = str(literal.datatype or "").rpartition("#")[2]
    if datatype in _NUMBERS:
        return float(literal) if datatype in ("decimal", "double", "float") else int(literal)
    if datatype == "boolean":
        return str(literal) in ("true", "1")
    return str(literal)


def cell_json(value: Any, names: Labels, lang: str) -> Any:
    """A cell or summary value as plain JSON."""
    if isinstance(value, URIRef):
        label = names.get(value)
        return {"iri": str(value), "label": None if label is None else str(label)}
    if isinstance(value, BNode):
        return {"bnode": str(value)}
    if isinstance(value, Literal):
        return literal_json(value)
    if isinstance(value, tuple):
        return [cell_json(item, names, lang) for item in in_language(value, lang)]
    if isinstance(value, list):
        return [cell_json(item, names, lang) for item in value]
    if isinstance(value, Mapping):
        return {key: cell_json(item, names, lang) for key, item in value.items()}
    return value


def records_json(records: list[Record], names: Labels, lang: str) -> list[dict[str, Any]]:
    """Records as plain JSON objects."""
    return [{k: cell_json(v, names, lang) for k, v in record.items()} for record in records]


def _text(cell: Cell, lang: str) -> str:
    if isinstance(cell, tuple):
        return " | ".join(str(item) for item in in_language(cell, lang))
    return str(cell)


def findings_csv(findings: Findings, records: list[Record], names: Labels, lang: str) -> bytes:
    """CSV: one column per variable, and a ``<variable>Label`` column after each IRI column."""
    labelled = [c for c in findings.columns if any(isinstance(r.get(c), URIRef) for r in records)]
    header = [n for c in findings.columns for n in ((c, c + "Label") if c in labelled else (c,))]
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    for record in records:
        row = []
        for column in findings.columns:
            cell = record.get(column)
            row.append("" if cell is None else _text(cell, lang))
            if column in labelled:
                row.append(str(names.get(cell, "")) if isinstance(cell, URIRef) else "")
        writer.writerow(row)
    return output.getvalue().encode("utf-8")


def _binding(cell: Cell, lang: str) -> dict[str, str]:
    if isinstance(cell, tuple):
        return {"type": "literal", "value": _text(cell, lang)}
    if isinstance(cell, URIRef):
        return {"type": "uri", "value": str(cell)}
    if isinstance(cell, BNode):
        return {"type": "bnode", "value": str(cell)}
    binding = {"type": "literal", "value": str(cell)}
    if isinstance(cell, Literal) and cell.language:
        binding["xml:lang"] = cell.language
    elif isinstance(cell, Literal) and cell.datatype:
        binding["datatype"] = str(cell.datatype)
    return binding


def findings_sparql_json(findings: Findings, records: list[Record], lang: str) -> bytes:
    """SPARQL 1.1 JSON results of the records (a sequence becomes one text literal)."""
    bindings = [{k: _binding(v, lang) for k, v in record.items()} for record in records]
    document = {"head": {"vars": list(findings.columns)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def findings_rdf(graph: Graph, names: Labels, media: str) -> bytes:
    """The findings' graph, with the labels in ``lang``, as Turtle, JSON-LD or N-Triples."""
    labelled = Graph()
    labelled += graph
    for prefix, namespace in graph.namespaces():
        labelled.bind(prefix, namespace)
    for term, label in names.items():
        labelled.add((term, RDFS.label, label))
    return labelled.serialize(format=_RDFLIB[media], encoding="utf-8")


def findings_json(
    findings: Findings, records: list[Record], names: Labels, lang: str, head: dict[str, Any]
) -> bytes:
    """The plain JSON answer: ``head`` (query, parameters, page, links), records, summary."""
    document = {
        **head,
        "lang": lang,
        "columns": list(findings.columns),
        "results": records_json(records, names, lang),
        "summary": cell_json(findings.summary, names, lang),
        "truncated": findings.truncated,
        **illustrative_notice(names, lang),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def graph_iris(graph: Graph) -> list[Identifier]:
    """The IRIs a graph's triples name as subject or object."""
    return list(dict.fromkeys(t for s, _, o in graph for t in (s, o) if isinstance(t, URIRef)))


def text_table(findings: Findings, records: list[Record], names: Labels, lang: str) -> str:
    """Records as an aligned text table; IRIs shown by their label when they have one."""

    def shown(cell: Cell | None) -> str:
        if isinstance(cell, URIRef) and cell in names:
            return f"{names[cell]} <{cell}>"
        return "" if cell is None else _text(cell, lang)

    rows = [list(findings.columns)] + [[shown(r.get(c)) for c in findings.columns] for r in records]
    widths = [max(len(row[i]) for row in rows) for i in range(len(findings.columns))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                     for row in rows) + "\n"  # fmt: skip
