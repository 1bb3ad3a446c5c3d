"""Ill-typed literals and texts without a language: Violations that quote what was written
and say what is expected, with no traceback or warning anywhere on the way."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SH, XSD
from support.content_store import ROOT, content_store, project_shapes

from coopgraph.validation.literals import well_formed
from coopgraph.validation.results import Report
from coopgraph.validation.shacl import validate
from coopgraph.validation.uploads import Upload, read_files, read_submission

BROKEN = ROOT / "tests" / "data" / "submissions" / "broken" / "literals.ttl"
TIME = "http://www.w3.org/2006/time#"
PREFIXES = b"""
@prefix b: <https://w3id.org/coopgraph/id/test/> .
@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _validate(turtle: bytes) -> Report:
    submission = read_submission([Upload(PREFIXES + turtle, "text/turtle", "t.ttl")], 10**7)
    return validate(submission.graph, content_store(), project_shapes(), submission.locations)


@pytest.mark.parametrize(
    ("lexical", "datatype", "expected"),
    [
        ("2016-03-15", XSD.date, True),
        ("2016-02-29", XSD.date, True),
        ("2000-02-29", XSD.date, True),
        ("2016-03-15+01:00", XSD.date, True),
        ("2016-13-45", XSD.date, False),
        ("2015-02-29", XSD.date, False),
        ("1900-02-29", XSD.date, False),
        ("2016-04-31", XSD.date, False),
        ("15/03/2016", XSD.date, False),
        ("2016", XSD.date, False),
        ("2016-03-15T09:30:00", XSD.dateTime, True),
        ("2016-03-15T24:00:00", XSD.dateTime, True),
        ("2016-03-15T25:00:00", XSD.dateTime, False),
        ("2016-03-15T09:30:00Z", XSD.dateTimeStamp, True),
        ("2016-03-15T09:30:00", XSD.dateTimeStamp, False),
        ("2016", XSD.gYear, True),
        ("-0044", XSD.gYear, True),
        ("20x6", XSD.gYear, False),
        ("16", XSD.gYear, False),
        ("2021-06", XSD.gYearMonth, True),
        ("2021-13", XSD.gYearMonth, False),
        ("6799", XSD.integer, True),
        ("-3", XSD.integer, True),
        ("6 799", XSD.integer, False),
        ("six mille", XSD.integer, False),
        ("12.5", XSD.decimal, True),
        ("12,5", XSD.decimal, False),
        ("1.5E3", XSD.double, True),
        ("INF", XSD.double, True),
        ("1e", XSD.double, False),
        ("true", XSD.boolean, True),
        ("0", XSD.boolean, True),
        ("oui", XSD.boolean, False),
        ("anything", XSD.string, True),
        ("anything", URIRef("http://example.org/own-datatype"), True),
    ],
)
def test_lexical_forms_are_read_against_their_datatype(
    lexical: str, datatype: URIRef, expected: bool
) -> None:
    with warnings.catch_warnings():  # rdflib warns about "oui"^^xsd:boolean when built here
        warnings.simplefilter("ignore")
        literal = Literal(lexical, datatype=datatype, normalize=False)
    assert well_formed(literal) is expected


def test_an_impossible_date_is_a_violation_quoting_it_and_the_expected_form() -> None:
    report = _validate(b'b:t a time:Instant ; time:inXSDDate "2016-13-45"^^xsd:date .')
    assert not report.conforms
    (result,) = report.results
    assert result.severity == "Violation"
    assert result.path == URIRef(TIME + "inXSDDate")
    assert result.component == SH.DatatypeConstraintComponent
    assert str(result.shape).endswith("/TimePosition-inXSDDate")
    assert '"2016-13-45" is not a valid xsd:date' in result.message("en")
    assert "expected YYYY-MM-DD" in result.message("en")
    assert "« 2016-13-45 »" in result.message("fr")
    assert "AAAA-MM-JJ" in result.message("fr")


@pytest.mark.parametrize(
    ("turtle", "quoted"),
    [
        (b'b:t time:inXSDgYear "20x6"^^xsd:gYear .', '"20x6" is not a valid xsd:gYear'),
        (b'b:t time:inXSDgYearMonth "2021-13"^^xsd:gYearMonth .', '"2021-13"'),
        (b'b:t cg:population "6 799"^^xsd:integer .', '"6 799" is not a valid xsd:integer'),
        (b'b:t <http://example.org/on> "oui"^^xsd:boolean .', "expected true or false"),
    ],
    ids=["gYear", "gYearMonth", "integer", "boolean-anywhere"],
)
def test_every_datatype_is_checked_and_told_once(turtle: bytes, quoted: str) -> None:
    report = _validate(turtle)
    violations = [r for r in report.results if r.severity == "Violation"]
    assert len(violations) == 1, violations
    assert quoted in violations[0].message("en")


def test_a_wrong_datatype_gets_the_shape_message() -> None:
    report = _validate(b'b:t time:inXSDDate "2016"^^xsd:gYear .')
    (result,) = report.results
    assert result.severity == "Violation"
    assert "time:inXSDgYear" in result.message("en")


def test_well_typed_values_conform() -> None:
    report = _validate(
        b'b:t time:inXSDDate "2016-02-29"^^xsd:date . b:u time:inXSDgYear "2016"^^xsd:gYear .'
    )
    assert report.results == ()


def test_a_name_without_language_is_a_violation_naming_it() -> None:
    report = _validate(b'b:d a cg:Document ; rdfs:label "Atelier de reparation" .')
    (result,) = report.results
    assert result.severity == "Violation"
    assert result.value == Literal("Atelier de reparation")
    assert '"Atelier de reparation" has no language tag' in result.message("en")
    assert "« Atelier de reparation » n'a pas de langue" in result.message("fr")


def test_a_language_other_than_french_and_english_is_reported() -> None:
    report = _validate(
        b'b:d a cg:Document ; rdfs:label "Atelier"@fr , "Workshop"@en-GB , "Werkstatt"@de .'
    )
    (result,) = report.results
    assert result.severity == "Warning"
    assert result.value == Literal("Werkstatt", lang="de")
    assert '"Werkstatt" is in "de"' in result.message("en")


def test_no_traceback_nor_warning_while_broken_files_are_validated(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        submission = read_files([Path(BROKEN)], 10**7)
        report = validate(submission.graph, content_store(), project_shapes())
    assert not report.conforms
    assert [str(w.message) for w in caught] == []
    assert [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()] == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_the_steward_s_lexical_form_is_kept_as_written() -> None:
    report = _validate(b'b:t <http://example.org/on> "oui"^^xsd:boolean , "+1"^^xsd:integer .')
    (result,) = report.results
    assert str(result.value) == "oui"
