"""A report cut to what a reader can take: its first results, violations first.

Eight thousand bare actions give tens of thousands of results, and a report page of over a
hundred megabytes. The service shows at most SHOWN_RESULTS results (fewer if the rendering
passes REPORT_BYTES), and says how many it left out; the verdict and the counts stay those of
the whole report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH

from coopgraph.languages import interface_words
from coopgraph.validation.results import SEVERITIES, Report, Result, shacl_graph

SHOWN_RESULTS = 500
"""Most results one rendering of a report shows."""
REPORT_BYTES = 2 * 1_048_576
"""Most bytes of one rendering of a report (UTF-8)."""


@dataclass(frozen=True)
class Excerpt(Report):
    """A report showing some of its results; ``conforms`` and ``count`` are of all of them."""

    totals: Mapping[str, int] = field(default_factory=dict)
    verdict: bool = True
    left_out: int = 0

    @property
    def conforms(self) -> bool:
        """The verdict of the whole report."""
        return self.verdict

    def count(self, severity: str) -> int:
        """How many results of the whole report have this severity."""
        return self.totals.get(severity, 0)


def excerpt(report: Report, limit: int) -> Report:
    """The report with its first ``limit`` results, violations first, in their order; the
    report itself when it has no more than that."""
    if len(report.results) <= limit:
        return report
    ranked = sorted(range(len(report.results)), key=lambda i: report.results[i].severity_rank)
    kept = tuple(report.results[i] for i in sorted(ranked[:limit]))
    return Excerpt(
        results=kept,
        graph=_graph(report, kept),
        shapes_version=report.shapes_version,
        nodes={r.focus: report.nodes[r.focus] for r in kept if r.focus in report.nodes},
        totals={s: report.count(s) for s in SEVERITIES},
        verdict=report.conforms,
        left_out=left_out(report) + len(report.results) - limit,
    )


def fitting(
    report: Report, renderer: Callable[[Report, str], str], lang: str
) -> tuple[Report, str]:
    """The largest excerpt (halving from SHOWN_RESULTS) whose rendering fits REPORT_BYTES,
    and that rendering."""
    limit = SHOWN_RESULTS
    while True:
        shown = excerpt(report, limit)
        text = renderer(shown, lang)
        if limit == 0 or len(text.encode("utf-8")) <= REPORT_BYTES:
            return shown, text
        limit //= 2


def left_out(report: Report) -> int:
    """How many results the report leaves out (0 unless it is an excerpt)."""
    return report.left_out if isinstance(report, Excerpt) else 0


def notice(report: Report, lang: str) -> str:
    """'N more results not shown', in ``lang``; '' when none is left out."""
    missing = left_out(report)
    if not missing:
        return ""
    words = interface_words("reports", lang)
    return words["left_out"].format(count=missing, shown=len(report.results))


def _graph(report: Report, kept: tuple[Result, ...]) -> Graph:
    """The SHACL report of the kept results, saying in rdfs:comment how many it leaves out."""
    graph = shacl_graph(kept)
    missing = len(report.results) - len(kept) + left_out(report)
    for node in list(graph.subjects(RDF.type, SH.ValidationReport)):
        graph.set((node, SH.conforms, Literal(False)))  # the whole report has results
        for lang in ("fr", "en"):
            text = interface_words("reports", lang)["left_out"]
            comment = text.format(count=missing, shown=len(kept))
            graph.add((node, RDFS.comment, Literal(comment, lang=lang)))
    return graph
