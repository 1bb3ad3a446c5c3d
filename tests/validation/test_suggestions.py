"""Did you mean: a misspelt term of our namespaces is a Violation naming the nearest terms."""

from __future__ import annotations

import pytest
from rdflib import Graph
from support.content_store import content_store, project_shapes

from coopgraph.validation.results import Result
from coopgraph.validation.shacl import validate
from coopgraph.validation.suggestions import UNKNOWN_TERM, known_terms, nearest_terms

PREFIXES = """
@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix b: <https://w3id.org/coopgraph/id/test/> .
@prefix element: <https://w3id.org/coopgraph/ref/element/> .
@prefix theme: <https://w3id.org/coopgraph/ref/theme/> .
"""
ACTION = 'b:a a cg:Action ; rdfs:label "Jardins"@fr , "Gardens"@en ; '


def _results_about(turtle: str, term: str) -> list[Result]:
    """The results whose value or path is ``term`` (an IRI under https://w3id.org/coopgraph/)."""
    submission = Graph().parse(data=PREFIXES + turtle, format="turtle")
    report = validate(submission, content_store(), project_shapes())
    iri = "https://w3id.org/coopgraph/" + term
    return [r for r in report.results if iri in (str(r.value), str(r.path))]


@pytest.mark.parametrize(
    ("turtle", "wrong", "meant"),
    [
        ('b:o a cg:Comune ; rdfs:label "O"@fr , "O"@en .', "def/Comune", "cg:Commune"),
        (ACTION + "cg:carriedBi b:x .", "def/carriedBi", "cg:carriedBy"),
        (
            ACTION + "dcterms:subject element:inhabitant-involvment .",
            "ref/element/inhabitant-involvment",
            "ref:element/inhabitant-involvement",
        ),
    ],
    ids=["class", "property", "concept"],
)
def test_an_unknown_term_of_ours_is_a_violation_naming_the_nearest(
    turtle: str, wrong: str, meant: str
) -> None:
    [result] = _results_about(turtle, wrong)
    assert result.severity == "Violation"
    assert result.component == UNKNOWN_TERM
    assert f"Did you mean {meant}" in result.message("en")
    assert f"Vouliez-vous dire {meant}" in result.message("fr")


def test_a_shape_result_about_a_misspelt_concept_gets_the_nearest_one() -> None:
    [result] = _results_about(ACTION + "cg:theme theme:energi .", "ref/theme/energi")
    assert str(result.component).endswith("InConstraintComponent")  # the shape's, kept
    assert "ref:theme/energy (Energy)" in result.message("en")
    assert "ref:theme/energy (Énergie)" in result.message("fr")


def test_a_term_far_from_every_known_one_points_at_the_documentation() -> None:
    [result] = _results_about(ACTION + 'cg:zzqxw "x" .', "def/zzqxw")
    assert result.severity == "Violation"
    assert "Did you mean" not in result.message("en")
    assert "/doc" in result.message("en")


def test_known_terms_are_never_reported() -> None:
    turtle = ACTION + "cg:theme theme:energy ; dcterms:subject element:inhabitant-involvement ."
    submission = Graph().parse(data=PREFIXES + turtle, format="turtle")
    report = validate(submission, content_store(), project_shapes())
    assert all(r.component != UNKNOWN_TERM for r in report.results)


def test_nearest_terms_read_labels_as_well_as_local_names() -> None:
    known = known_terms(content_store())
    concepts = known.in_folder("https://w3id.org/coopgraph/ref/theme/x")
    by_label = nearest_terms("https://w3id.org/coopgraph/ref/theme/energie", concepts)
    assert by_label[0].iri.endswith("theme/energy")  # "énergie" is its French label
