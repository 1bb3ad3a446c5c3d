"""Each result on the line (and column) of its faulty triple, in every text format sent."""

from __future__ import annotations

import pytest
from support.content_store import content_store, project_shapes

from coopgraph import formats
from coopgraph.validation.results import Location, Report
from coopgraph.validation.shacl import validate
from coopgraph.validation.uploads import Upload, read_submission

THEME = "https://w3id.org/coopgraph/def/theme"
ENERGI = "https://w3id.org/coopgraph/ref/theme/energi"
CARRIED_BY = "https://w3id.org/coopgraph/def/carriedBy"
TURTLE = """@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix theme: <https://w3id.org/coopgraph/ref/theme/> .

<https://w3id.org/coopgraph/id/test/a> a cg:Action ;
    rdfs:label "Jardins"@fr , "Gardens"@en ;
    cg:theme theme:energy ,
        theme:energi .
"""
A = "<https://w3id.org/coopgraph/id/test/a>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
TRIPLES = f"""{A} {TYPE} <https://w3id.org/coopgraph/def/Action> .
{A} <http://www.w3.org/2000/01/rdf-schema#label> "Jardins"@fr .
{A} <http://www.w3.org/2000/01/rdf-schema#label> "Gardens"@en .
{A} <{THEME}> <{ENERGI}> .
"""
QUADS = TRIPLES  # a submission's quads are in the default graph: N-Quads without a graph term
TRIG = TURTLE.split("\n\n", 1)[0] + "\n{\n" + TURTLE.split("\n\n", 1)[1] + "}\n"
VALUE_COLUMN = TRIPLES.splitlines()[3].index(f"<{ENERGI}>") + 1


def _report(text: str, media_type: str, name: str = "sent") -> Report:
    submission = read_submission([Upload(text.encode(), media_type, name)], 1_000_000)
    return validate(
        submission.graph, content_store(), project_shapes(), submission.locations, submission.texts
    )


def _where(report: Report, path: str, value: str | None = None) -> Location | None:
    [result] = [r for r in report.results
                if str(r.path) == path and (value is None or str(r.value) == value)]  # fmt: skip
    return result.location


@pytest.mark.parametrize(
    ("text", "media_type", "line", "column"),
    [
        (TURTLE, formats.TURTLE, 8, 9),
        (TRIG, formats.TRIG, 8, 9),
        (TRIPLES, formats.N_TRIPLES, 4, VALUE_COLUMN),
        (QUADS, formats.N_QUADS, 4, VALUE_COLUMN),
    ],
    ids=["turtle", "trig", "n-triples", "n-quads"],
)
def test_a_wrong_value_is_reported_on_its_own_line_and_column(
    text: str, media_type: str, line: int, column: int
) -> None:
    where = _where(_report(text, media_type, "a-file"), THEME, ENERGI)
    assert where == Location("a-file", line, column)


def test_a_missing_property_points_at_the_subject() -> None:
    where = _where(_report(TURTLE, formats.TURTLE), CARRIED_BY)
    assert where is not None
    assert (where.line, where.column) == (5, 1)


def test_a_thing_described_twice_is_found_in_the_block_that_holds_the_fault() -> None:
    text = TURTLE.replace(
        "    cg:theme theme:energy ,\n        theme:energi .", "    cg:theme theme:energy ."
    )
    text += "\n# more about the same action\n" + A + " cg:theme theme:energi .\n"
    where = _where(_report(text, formats.TURTLE), THEME, ENERGI)
    assert where is not None
    assert where.line == 10


def test_the_text_report_says_line_and_column() -> None:
    from coopgraph.validation import render_report

    text, _ = render_report(_report(TURTLE, formats.TURTLE, "actions.ttl"), "text", "en")
    assert "actions.ttl, line 8, column 9" in text
    french, _ = render_report(_report(TURTLE, formats.TURTLE, "actions.ttl"), "json", "fr")
    assert '"column": 9' in french
    assert '"sourceConstraintComponent": "sh:InConstraintComponent"' in french


def test_a_thing_only_linked_to_is_found_where_it_is_first_written() -> None:
    from rdflib import Graph, URIRef

    from coopgraph.validation.positions import TextFinder
    from coopgraph.validation.results import Text

    finder = TextFinder(Text("f.ttl", formats.TURTLE, TURTLE), Graph())
    energy = URIRef("https://w3id.org/coopgraph/ref/theme/energy")
    assert finder.find(energy, None, None) == Location("f.ttl", 7, 14)
