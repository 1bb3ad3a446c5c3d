"""The data graph: a submission read by read_submission is extended in place for the time of a
validation and given back as it was; the report is the one a copy gives."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from support.content_store import content_store, project_shapes

from coopgraph import formats
from coopgraph.validation.context import SHAPES_NS
from coopgraph.validation.data_graph import DataGraph, data_graph, data_triples
from coopgraph.validation.shacl import validate
from coopgraph.validation.uploads import Upload, read_submission

COMMUNE = URIRef("https://w3id.org/coopgraph/id/commune/00000")
TURTLE = b"""@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix cgsh: <https://w3id.org/coopgraph/shapes/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/coopgraph/id/commune/00000> cgsh:inOfficialGeography true .
<https://w3id.org/coopgraph/id/test/x> a cg:Action ; rdfs:label "X"@fr ;
    prov:atLocation <https://w3id.org/coopgraph/id/commune/00000>,
        <https://w3id.org/coopgraph/id/commune/62528> ; cg:carriedBy [ rdfs:label "O" ] .
"""
MARK = (COMMUNE, SHAPES_NS.inOfficialGeography, Literal(True))


def _submission() -> Graph:
    upload = Upload(TURTLE, formats.TURTLE, "x.ttl")
    return read_submission([upload], 1_000_000).graph


def test_a_submission_read_is_a_data_graph_given_back_as_it_was() -> None:
    submission = _submission()
    assert isinstance(submission, DataGraph)
    before = set(submission)
    label = (URIRef("urn:thing"), RDFS.label, Literal("thing"))
    said_twice = next(iter(before))
    official = (URIRef("urn:official"), SHAPES_NS.inOfficialGeography, Literal(True))
    context = [label, said_twice, official, official, MARK]
    with data_graph(submission, context) as data:
        assert data is submission
        assert set(data) == before | {label, official}  # MARK: the store says it too
    assert set(submission) == before


def test_its_own_official_mark_is_left_out_while_validating() -> None:
    submission = _submission()
    with data_graph(submission, []) as data:
        assert MARK not in data
        assert (None, RDF.type, None) in data
    assert MARK in submission


def test_any_other_graph_is_copied() -> None:
    submission = Graph()
    for triple in _submission():
        submission.add(triple)
    with data_graph(submission, []) as data:
        assert data is not submission
        assert MARK not in data
    assert MARK in submission


def test_in_place_and_copied_give_the_same_report() -> None:
    read = _submission()
    copied = Graph()
    for triple in read:
        copied.add(triple)
    before = set(read)
    in_place = validate(read, content_store(), project_shapes())
    assert set(read) == before
    report = validate(copied, content_store(), project_shapes())
    assert in_place.results == report.results
    assert in_place.nodes == report.nodes
    assert any(str(r.shape).endswith("OfficialTerritoryRule") for r in in_place.results)


def test_not_in_place_when_asked() -> None:
    submission = _submission()
    with data_graph(submission, [], in_place=False) as data:
        assert data is not submission
        assert MARK not in data


def test_its_triples_as_a_list_are_those_of_the_graph() -> None:
    submission = _submission()
    context = [(URIRef("urn:thing"), RDFS.label, Literal("thing"))]
    parsed, listed = data_triples(list(submission), context)
    assert len(parsed) == 0
    with data_graph(submission, context) as data:
        assert sorted(listed) == sorted(data)


def test_the_engine_triples_kept_from_the_parse_give_the_same_report() -> None:
    """The rule shapes read the submission's triples as the engine parsed them, its own
    official marks left out: the same results as from the rdflib triples, blank nodes
    named alike."""
    read = read_submission([Upload(TURTLE, formats.TURTLE, "x.ttl")], 1_000_000)
    assert read.engine is not None
    parsed, listed = data_triples(list(read.graph), [], read.engine)
    assert len(parsed) == len(read.graph) - 1  # MARK
    assert listed == []
    kept = validate(read.graph, content_store(), project_shapes(), engine=read.engine)
    converted = validate(read.graph, content_store(), project_shapes())
    assert kept.results == converted.results
    assert kept.nodes == converted.nodes
    assert any(str(r.shape).endswith("OfficialTerritoryRule") for r in kept.results)


def test_a_lone_sheet_is_a_data_graph_validated_in_place() -> None:
    """A converted workbook or CSV, most often the whole submission, is not copied either."""
    table = b"Nom,Name,Territoire\nNom,Name,Territoire\nnom,name,territoire\nEXEMPLE,,\n"
    sheet = Upload(table + b"Mairie,Town hall,62528\n", formats.CSV, "acteurs.csv")
    submission = read_submission([sheet], 1_000_000).graph
    assert isinstance(submission, DataGraph)
    before = set(submission)
    with data_graph(submission, [MARK]) as data:
        assert data is submission
    assert set(submission) == before
