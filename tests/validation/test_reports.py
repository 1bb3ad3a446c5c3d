"""A validation report in every format and both languages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH
from support.content_store import content_store, project_shapes

from coopgraph.errors import InputError, NotAcceptable
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.validation import reports
from coopgraph.validation.results import Report
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
