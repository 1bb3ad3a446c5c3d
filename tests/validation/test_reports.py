"""A validation report in every format and both languages."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH
from support.content_store import content_store, project_shapes

from coopgraph.errors import InputError, NotAcceptable
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.validation import reports
from coopgraph.validation.excerpts import REPORT_BYTES, SHOWN_RESULTS, excerpt
from coopgraph.validation.results import Report, shacl_graph
from coopgraph.validation.shacl import validate
from coopgraph.validation.uploads import Upload, read_submission

BROKEN = b"""@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix b: <https://w3id.org/coopgraph/id/test/> .

b:effect a cg:Effect ;
    rdfs:label "Effet perdu"@fr , "Lost effect"@en .

b:place a cg:Commune ;
    rdfs:label "Nulle part"@fr ;
    cg:inseeCode "99999" .
b:effect cg:epistemicStatus <https://w3id.org/coopgraph/ref/epistemic-status/expected> .
"""


@pytest.fixture(scope="module")
def report() -> Report:
    submission = read_submission([Upload(BROKEN, "text/turtle", "lost.ttl")], 10_000)
    return validate(submission.graph, content_store(), project_shapes(), submission.locations)


def test_text_groups_results_by_node_with_label_type_and_line(report: Report) -> None:
    text = reports.to_text(report, "en")
    assert text.startswith("Conforms: no — 3 violation(s), 1 warning(s), 0 info")
    block = text.split("\n\n")[1]
    assert block.splitlines()[0] == "Lost effect — effect — id:test/effect — lost.ttl, line 5"
    assert "[Violation] cg:dimension" in block
    assert "add cg:dimension" in block


def test_text_in_french(report: Report) -> None:
    text = reports.to_text(report, "fr")
    assert text.startswith("Conforme : non")
    assert "Effet perdu — effet — id:test/effect — lost.ttl, ligne 5" in text
    assert "ajoutez cg:dimension" in text


def test_json_has_one_object_per_result(report: Report) -> None:
    document = json.loads(reports.to_json(report, "en"))
    assert document["conforms"] is False
    assert document["counts"] == {"Violation": 3, "Warning": 1, "Info": 0}
    coded = [r for r in document["results"] if (r["path"] or "").endswith("inseeCode")]
    assert coded[0]["line"] == 8
    assert "99999" in coded[0]["message"]
    assert set(coded[0]["messages"]) == {"fr", "en"}


def test_csv_has_a_header_and_one_line_per_result(report: Report) -> None:
    lines = list(csv.reader(io.StringIO(reports.to_csv(report, "fr"))))
    assert lines[0][:2] == ["nœud", "label"]
    assert len(lines) == 1 + len(report.results)


def test_html_is_a_table(report: Report) -> None:
    html = reports.to_html(report, "en")
    assert "<table" in html
    assert html.count("<tr class=") == len(report.results)
    assert "Lost effect" in html


@pytest.mark.parametrize("name", ["turtle", "jsonld"])
def test_shacl_rdf_is_a_validation_report(report: Report, name: str) -> None:
    text, media_type = reports.render_report(report, name, "en")
    reader = EmbeddedStore.in_memory()
    reader.load(text.encode(), media_type, "urn:report")
    graph = Graph().parse(data=reader.export_graph("urn:report", "text/turtle"), format="turtle")
    assert list(graph.objects(None, SH.conforms)) == [Literal(False)]
    assert len(list(graph.objects(None, SH.result))) == len(report.results)
    languages = {m.language for m in graph.objects(None, SH.resultMessage)}  # type: ignore[attr-defined]
    assert languages == {"fr", "en"}


@pytest.mark.parametrize(
    ("accept", "requested", "chosen"),
    [
        (None, None, "json"),
        ("*/*", None, "json"),
        ("application/json", None, "json"),
        ("application/ld+json", None, "jsonld"),
        ("text/turtle", None, "turtle"),
        ("text/csv", None, "csv"),
        ("text/html,application/xhtml+xml;q=0.9", None, "html"),
        ("text/plain", None, "text"),
        ("text/html", "csv", "csv"),
    ],
)
def test_the_format_is_chosen_from_the_request(
    accept: str | None, requested: str | None, chosen: str
) -> None:
    assert reports.choose_report_format(accept, requested) == chosen


def test_unknown_formats_are_refused() -> None:
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        reports.choose_report_format(None, "pdf")
    with pytest.raises(NotAcceptable):
        reports.choose_report_format("image/png", None)


def test_a_conforming_report(tmp_path: Path) -> None:
    empty = Report((), Graph(), "0.1.0")
    assert reports.to_text(empty, "en").startswith("Conforms: yes — 0 violation(s)")


def test_an_excerpt_shows_violations_first_with_the_counts_of_the_whole_report(
    report: Report,
) -> None:
    shown = excerpt(report, 1)
    assert [r.severity for r in shown.results] == ["Violation"]
    assert (shown.count("Violation"), shown.count("Warning"), shown.conforms) == (3, 1, False)
    english, french = reports.to_text(shown, "en"), reports.to_text(shown, "fr")
    assert english.startswith("Conforms: no — 3 violation(s), 1 warning(s)")
    assert "3 more result(s) not shown: the report shows the first 1" in english
    assert "3 résultat(s) de plus non affiché(s) : le rapport montre les 1 premiers" in french
    assert excerpt(report, 10) is report


def _many(report: Report, times: int, value: Literal | None = None) -> Report:
    results = tuple(
        replace(result, value=value) if value is not None else result
        for result in report.results * times
    )
    return Report(results, shacl_graph(results), report.shapes_version, report.nodes)


@pytest.mark.parametrize("name", sorted(reports.RENDERERS))
def test_a_bounded_rendering_shows_the_first_results_and_counts_the_rest(
    report: Report, name: str
) -> None:
    big = _many(report, 300)  # 1,200 results
    text, _media_type = reports.render_report(big, name, "en", bounded=True)
    left = len(big.results) - SHOWN_RESULTS
    assert f"{left} more result(s) not shown: the report shows the first {SHOWN_RESULTS}" in text
    unbounded, _media_type = reports.render_report(big, name, "en")
    assert len(text) < len(unbounded)
    if name == "json":
        document = json.loads(text)
        assert (len(document["results"]), document["resultsLeftOut"]) == (SHOWN_RESULTS, left)
        assert document["counts"] == {"Violation": 900, "Warning": 300, "Info": 0}


@pytest.mark.parametrize("name", sorted(reports.RENDERERS))
def test_a_bounded_rendering_stays_under_the_byte_cap(report: Report, name: str) -> None:
    huge = _many(report, 10, Literal("x" * 400_000))  # 40 results of 400 kB each
    text, _media_type = reports.render_report(huge, name, "fr", bounded=True)
    assert len(text.encode("utf-8")) <= REPORT_BYTES
    assert "résultat(s) de plus non affiché(s)" in text


def test_a_bounded_table_context_says_what_is_left_out(report: Report) -> None:
    context = reports.report_table_context(_many(report, 200), "en", bounded=True)
    assert len(context["rows"]) == SHOWN_RESULTS
    assert context["notice"].startswith("300 more result(s) not shown")
    assert reports.report_table_context(report, "en")["notice"] == ""
