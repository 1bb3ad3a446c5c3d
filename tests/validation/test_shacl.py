"""Validation against shapes/: every data file conforms, the shapes are well made, and
validation reads from the store only what a submission needs."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS
from support.content_store import ROOT, content_store, project_shapes

from coopgraph.errors import StoreError
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.validation.context import gather_context
from coopgraph.validation.shacl import validate
from coopgraph.validation.shapes import SHAPES_ONTOLOGY
from coopgraph.validation.uploads import read_files

DATA_FILES = sorted((ROOT / "data").glob("seed/*.ttl")) + sorted(
    (ROOT / "data").glob("examples/*.ttl")
)
CG = "https://w3id.org/coopgraph/def/"
PREFIXES = """
@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix cgsh: <https://w3id.org/coopgraph/shapes/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix b: <https://w3id.org/coopgraph/id/test/> .
"""


def _graph(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


@pytest.mark.parametrize("path", DATA_FILES, ids=[f"{p.parent.name}/{p.name}" for p in DATA_FILES])
def test_every_data_file_conforms(path: Path) -> None:
    submission = read_files([path], 50_000_000)
    report = validate(submission.graph, content_store(), project_shapes(), submission.locations)
    violations = [(str(r.focus), str(r.path), r.message("en")) for r in report.results
                  if r.severity == "Violation"]  # fmt: skip
    assert violations == []


def test_shapes_are_versioned_with_the_ontology() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "coopgraph.ttl")
    version = ontology.value(URIRef("https://w3id.org/coopgraph/def"), OWL.versionInfo)
    shapes = project_shapes()
    assert shapes.version == str(version) == "0.1.0"
    assert shapes.graph.value(SHAPES_ONTOLOGY, OWL.versionIRI) == URIRef(
        f"https://w3id.org/coopgraph/shapes/{version}"
    )


def _constraint_holders(graph: Graph) -> set[URIRef]:
    holders = {s for s in graph.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
    return holders | {s for s in graph.subjects(SH.sparql, None) if isinstance(s, URIRef)}


def test_every_constraint_has_a_severity_and_messages_in_french_and_english() -> None:
    graph = project_shapes().graph
    for shape in _constraint_holders(graph):
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        holders = [shape, *graph.objects(shape, SH.sparql)]
        languages = {m.language for h in holders for m in graph.objects(h, SH.message)
                     if isinstance(m, Literal)}  # fmt: skip
        assert languages == {"fr", "en"}, shape


def test_every_list_holds_exactly_its_schemes_concepts() -> None:
    graph = project_shapes().graph
    referential = Graph().parse(ROOT / "ontology" / "referential.ttl")
    lists = {s for s in graph.subjects(RDF.first, None) if str(s).startswith(str(SHAPES_ONTOLOGY))}
    assert len(lists) >= 10
    for head in lists:
        scheme = URIRef(str(head).replace("shapes/In-", "ref/"))
        assert set(Collection(graph, head)) == set(referential.subjects(SKOS.inScheme, scheme))


def test_no_pattern_backtracks_on_long_strings() -> None:
    graph = project_shapes().graph
    for pattern in graph.objects(None, SH.pattern):
        for text in ("1" * 100_000 + "x", "2A" * 50_000, "9" * 100_001):
            started = time.perf_counter()
            re.search(str(pattern), text)
            assert time.perf_counter() - started < 0.05, pattern


def test_an_unknown_commune_code_is_a_violation_naming_the_code() -> None:
    submission = _graph('b:c a cg:Commune ; rdfs:label "C"@fr, "C"@en ; cg:inseeCode "62999" .')
    report = validate(submission, content_store(), project_shapes())
    [result] = report.results
    assert result.severity == "Violation"
    assert "62999" in result.message("fr")
    assert "62999" in result.message("en")


def test_an_existing_commune_needs_no_description() -> None:
    submission = _graph(
        'b:a a cg:Action ; rdfs:label "A"@fr, "A"@en ; cg:carriedBy b:o ; '
        "prov:atLocation <https://w3id.org/coopgraph/id/commune/62528> ; "
        "<http://www.w3.org/2006/time#hasTime> b:t .\n"
        'b:o a cg:Firm ; rdfs:label "O"@fr, "O"@en .'
    )
    assert validate(submission, content_store(), project_shapes()).results == ()


def test_a_submission_cannot_mark_itself_official() -> None:
    submission = _graph(
        "<https://w3id.org/coopgraph/id/commune/00000> cgsh:inOfficialGeography true .\n"
        "b:x prov:atLocation <https://w3id.org/coopgraph/id/commune/00000> ."
    )
    report = validate(submission, content_store(), project_shapes())
    assert [str(r.shape) for r in report.results] == [
        "https://w3id.org/coopgraph/shapes/OfficialTerritoryRule"
    ]


def test_validation_reads_only_what_the_submission_needs() -> None:
    path = ROOT / "data" / "seed" / "loos-en-gohelle.ttl"
    context = gather_context(read_files([path], 10_000_000).graph, content_store())
    assert len(context.triples) < 5_000 < content_store().count()


def test_a_store_without_the_ontology_cannot_validate() -> None:
    with pytest.raises(StoreError, match="coopgraph sync"):
        validate(_graph("b:x a cg:Action ."), EmbeddedStore.in_memory(), project_shapes())
