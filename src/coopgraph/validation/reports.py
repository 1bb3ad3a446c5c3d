"""A validation report as text, JSON, CSV, HTML or SHACL RDF (Turtle, JSON-LD), in French or
English.

The text report groups results by focus node and shows each node's label, types and the line
where it is described; the other formats carry one row or object per result. A bounded
rendering (the service's) shows at most ``excerpts.SHOWN_RESULTS`` results in at most
``excerpts.REPORT_BYTES`` bytes, and says how many results it left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable
from coopgraph.iris import (
    VALIDATION_REPORT_GRAPH,
)
from coopgraph.languages import interface_words
from coopgraph.store import memory_store
from coopgraph.templating import render_template
from coopgraph.validation.excerpts import fitting, left_out, notice
from coopgraph.validation.results import (
    PREFIXES,
    Location,
    NodeInfo,
    Report,
    Result,
    compact,
    pick,
)

PLAIN_TEXT = "text/plain"
"""The media type of a report as text (and of a diff as lines)."""
PLAIN_JSON = "application/json"
"""The media type of our own JSON, not JSON-LD (formats reads application/json as JSON-LD)."""
HTML = "text/html"


def report_words(lang: str) -> dict[str, str]:
    """The report's words in ``lang``."""
    return interface_words("reports", lang)


@dataclass(frozen=True)
class Row:
    """One result, with its node described, as every tabular format shows it."""

    focus: str
    label: str
    types: str
    where: str
    severity: str
    path: str
    value: str
    message: str
    shape: str


def rows(report: Report, lang: str) -> list[Row]:
    """The report's results, one row each, in ``lang``."""
    return [_row(result, report.nodes.get(result.focus), lang) for result in report.results]


def _row(result: Result, node: NodeInfo | None, lang: str) -> Row:
    return Row(
        focus=compact(result.focus),
        label=pick(node.labels, lang) if node else "",
        types=", ".join(pick(labels, lang) or compact(t) for t, labels in node.types)
        if node
        else "",
        where=_where(where_of(result, node), lang),
        severity=result.severity,
        path=compact(result.path),
        value=compact(result.value),
        message=result.message(lang),
        shape=compact(result.shape),
    )


def where_of(result: Result, node: NodeInfo | None) -> Location | None:
    """Where the result's triple is written, else where its focus node is described."""
    return result.location or (node.location if node else None)


def _where(location: Location | None, lang: str) -> str:
    if location is None:
        return ""
    said = report_words(lang)
    if location.column is None:
        return said["line"].format(source=location.source, line=location.line)
    where = said["line_column"].format(
        source=location.source, line=location.line, column=location.column
    )
    return f"{where} ({location.name})" if location.name else where


def summary(report: Report, lang: str) -> str:
    """One line: conforms or not, and how many results of each severity."""
    said = report_words(lang)
    counts = said["counts"].format(**{s: report.count(s) for s in ("Violation", "Warning", "Info")})
    verdict = said["conforms"] if report.conforms else said["fails"]
    version = said["shapes"].format(version=report.shapes_version)
    return f"{verdict} — {counts} ({version})"


def to_text(report: Report, lang: str) -> str:
    """The report for a terminal: grouped by focus node, one block per node."""
    heading = [summary(report, lang), notice(report, lang)]
    return "\n".join([*filter(None, heading), *_text_blocks(report, lang)]) + "\n"


def _text_blocks(report: Report, lang: str) -> Iterator[str]:
    said = report_words(lang)
    current = None
    for row in rows(report, lang):
        if row.focus != current:
            current = row.focus
            name = row.label or said["blank"] if row.focus.startswith("_:") else row.label
            heading = " — ".join(p for p in (name, row.types, row.focus, row.where) if p)
            yield f"\n{heading}"
        detail = " · ".join(
            p for p in (row.path, row.value and f"{said['value']} {row.value}") if p
        )
        yield f"  [{said[row.severity]}] {detail}"
        yield f"      {row.message}"


def to_json(report: Report, lang: str) -> str:
    """The report as JSON: verdict, counts, and one object per result."""
    document: dict[str, Any] = {
        "conforms": report.conforms,
        "shapesVersion": report.shapes_version,
        "language": lang,
        "counts": {s: report.count(s) for s in ("Violation", "Warning", "Info")},
        "results": [_json_result(r, report.nodes.get(r.focus), lang) for r in report.results],
        "resultsLeftOut": left_out(report),
    }
    if left_out(report):
        document["notice"] = notice(report, lang)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_result(result: Result, node: NodeInfo | None, lang: str) -> dict[str, Any]:
    row = _row(result, node, lang)
    location = where_of(result, node)
    return {
        "focusNode": str(result.focus),
        "focusLabel": row.label,
        "focusTypes": [str(t) for t, _labels in node.types] if node else [],
        "source": location.source if location else None,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "path": str(result.path) if result.path is not None else None,
        "value": str(result.value) if result.value is not None else None,
        "severity": result.severity,
        "message": row.message,
        "messages": dict(result.messages),
        "sourceShape": str(result.shape) if result.shape is not None else None,
        "sourceConstraintComponent": compact(result.component) if result.component else None,
    }


def to_csv(report: Report, lang: str) -> str:
    """The report as CSV, one line per result, headed in ``lang``."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    said = report_words(lang)
    writer.writerow(
        [said[k] for k in ("node",)]
        + ["label", said["type"], said["where"]]
        + [said[k] for k in ("severity", "path", "value", "message")]
        + ["shape"]
    )
    for row in rows(report, lang):
        writer.writerow([row.focus, row.label, row.types, row.where, row.severity, row.path,
                         row.value, row.message, row.shape])  # fmt: skip
    if left_out(report):
        writer.writerow([notice(report, lang)] + [""] * 8)
    return output.getvalue()


def to_html(report: Report, lang: str) -> str:
    """The report as a standalone HTML page (the table of the web form, for download)."""
    context = report_table_context(report, lang)
    return render_template("validate-report.html", report=report, lang=lang, **context)


def report_table_context(report: Report, lang: str, bounded: bool = False) -> dict[str, Any]:
    """What the report table template needs: words, summary, rows, what was left out;
    ``bounded``: as few rows as a bounded HTML rendering shows."""
    if bounded:
        report = fitting(report, to_html, lang)[0]
    return {
        "w": report_words(lang),
        "summary": summary(report, lang),
        "rows": rows(report, lang),
        "notice": notice(report, lang),
    }


def to_turtle(report: Report, lang: str) -> str:
    """The SHACL validation report graph as Turtle (messages in every language)."""
    return _graph(report).serialize(format="turtle")


def to_jsonld(report: Report, lang: str) -> str:
    """The SHACL validation report graph as JSON-LD (written by the store's engine)."""
    engine = memory_store()
    triples = _graph(report).serialize(format="nt", encoding="utf-8")
    engine.load(triples, formats.N_TRIPLES, VALIDATION_REPORT_GRAPH)
    return engine.export_graph(VALIDATION_REPORT_GRAPH, formats.JSON_LD).decode("utf-8")


def _graph(report: Report) -> Graph:
    graph = report.graph
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


Renderer = Callable[[Report, str], str]
RENDERERS: dict[str, tuple[str, Renderer]] = {
    "text": (PLAIN_TEXT, to_text),
    "json": (PLAIN_JSON, to_json),
    "csv": (formats.CSV, to_csv),
    "html": (HTML, to_html),
    "turtle": (formats.TURTLE, to_turtle),
    "jsonld": (formats.JSON_LD, to_jsonld),
}
"""Short name -> (media type, renderer)."""

# formats.py reads application/json as JSON-LD and text/plain as N-Triples: those two stand
# for our JSON and our text here.
_OFFERED = (formats.JSON_LD, HTML, formats.TURTLE, formats.CSV, formats.N_TRIPLES)


def choose_report_format(accept: str | None, requested: str | None) -> str:
    """The short name of the report format: ``requested`` if given, else from Accept.

    ``application/json`` and ``application/ld+json`` are told apart here (formats.py reads
    the first as JSON-LD); a client that accepts anything gets our JSON.
    """
    if requested:
        if requested not in RENDERERS:
            raise InputError(f"unknown report format '{requested}'; use {', '.join(RENDERERS)}")
        return requested
    chosen = formats.negotiate(accept, _OFFERED)
    if chosen is None:
        raise NotAcceptable(
            f"a validation report comes as JSON, JSON-LD, Turtle, CSV, HTML or text; "
            f"Accept '{accept}' allows none of them"
        )
    if chosen == formats.JSON_LD:
        return "jsonld" if "ld+json" in (accept or "") else "json"
    names = {media_type: name for name, (media_type, _r) in RENDERERS.items()}
    return names.get(chosen, "text")


def render_report(report: Report, name: str, lang: str, bounded: bool = False) -> tuple[str, str]:
    """The report in the named format: (text, media type); ``bounded``: at most
    SHOWN_RESULTS results (violations first) in REPORT_BYTES, saying how many are left out."""
    media_type, renderer = RENDERERS[name]
    if not bounded:
        return renderer(report, lang), media_type
    return fitting(report, renderer, lang)[1], media_type
