"""Validation against shapes/: every data file conforms, the shapes are well made, each
vocabulary and class/concept shape catches its fault, and validation reads from the store only
what a submission needs."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS
from rdflib.query import ResultRow
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
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix b: <https://w3id.org/coopgraph/id/test/> .
@prefix doc: <https://w3id.org/coopgraph/id/document/> .
@prefix role: <https://w3id.org/coopgraph/ref/actor-role/> .
@prefix kind: <https://w3id.org/coopgraph/ref/resource-kind/> .
@prefix level: <https://w3id.org/coopgraph/ref/exchange-level/> .
"""
ONTOLOGY_FILES = sorted((ROOT / "ontology").glob("*.ttl"))
_REF = "https://w3id.org/coopgraph/ref/"


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


def _ontology() -> Graph:
    graph = Graph()
    for path in ONTOLOGY_FILES:
        graph.parse(path)
    return graph


def test_every_list_holds_exactly_its_schemes_concepts() -> None:
    graph = project_shapes().graph
    referential = _ontology()
    lists = {s for s in graph.subjects(RDF.first, None)
             if str(s).startswith(f"{SHAPES_ONTOLOGY}/In-")}  # fmt: skip
    assert len(lists) >= 12
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


def _kinds_under(ontology: Graph, top: str) -> set[str]:
    """A resource kind and every kind under it (skos:broader or skos:narrower, any depth)."""
    query = f"""SELECT ?kind WHERE {{
        ?kind (<{SKOS.broader}>|^<{SKOS.narrower}>)* <{_REF}resource-kind/{top}> }}"""
    return {str(row[0]) for row in ontology.query(query) if isinstance(row, ResultRow)}


@pytest.mark.parametrize("nature", ["material", "immaterial"])
def test_each_resource_nature_list_holds_its_kind_and_every_kind_under_it(nature: str) -> None:
    head = URIRef(f"{SHAPES_ONTOLOGY}/{nature.capitalize()}-resource-kinds")
    listed = {str(kind) for kind in Collection(project_shapes().graph, head)}
    assert listed == _kinds_under(_ontology(), nature)


def _findings(turtle: str) -> list[tuple[str, str, str]]:
    """Each result as (shape name, severity, value), in the report's order."""
    report = validate(_graph(turtle), content_store(), project_shapes())
    for result in report.results:
        assert result.message("fr") != result.message("en"), result
    return [(str(r.shape).rsplit("/", 1)[-1], r.severity, str(r.value)) for r in report.results]


_FIRM = 'b:f a cg:Firm ; rdfs:label "F"@fr , "F"@en .\n'
_PERSON = 'b:p a cg:Person ; rdfs:label "P"@fr , "P"@en .\n'
_PEERS = 'b:g a cg:PeerGroup ; rdfs:label "G"@fr , "G"@en'
WRONG: dict[str, tuple[str, tuple[str, str, str]]] = {
    "theme-outside-ref-themes": (
        f"b:x cg:theme <{_REF}theme/space-travel> .",
        ("Thing-theme", "Violation", f"{_REF}theme/space-travel"),
    ),
    "status-outside-ref-epistemic-statuses": (
        f"b:x cg:epistemicStatus <{_REF}epistemic-status/rumoured> .",
        ("Thing-epistemicStatus", "Violation", f"{_REF}epistemic-status/rumoured"),
    ),
    "status-from-another-list": (
        f"b:x cg:epistemicStatus <{_REF}polarity/positive> .",
        ("Thing-epistemicStatus", "Violation", f"{_REF}polarity/positive"),
    ),
    "material-resource-of-an-immaterial-kind": (
        'b:r a cg:MaterialResource ; rdfs:label "R"@fr , "R"@en ; cg:resourceKind kind:trust .',
        ("MaterialResource-resourceKind", "Violation", f"{_REF}resource-kind/trust"),
    ),
    "immaterial-resource-of-a-material-kind": (
        'b:r a cg:ImmaterialResource ; rdfs:label "R"@fr , "R"@en ; cg:resourceKind kind:money .',
        ("ImmaterialResource-resourceKind", "Violation", f"{_REF}resource-kind/money"),
    ),
    "peer-group-at-the-inter-territory-level": (
        f"{_PEERS} ; cg:exchangeLevel level:inter-territory .",
        ("ExchangeLevelRule", "Violation", f"{_REF}exchange-level/inter-territory"),
    ),
    "inter-territory-space-at-the-peer-level": (
        'b:s a cg:InterTerritorySpace ; rdfs:label "S"@fr , "S"@en ; cg:exchangeLevel level:peer .',
        ("ExchangeLevelRule", "Violation", f"{_REF}exchange-level/peer"),
    ),
    "organisation-in-a-persons-role": (
        f"{_FIRM}{_PEERS} .\n"
        "b:m a org:Membership ; org:member b:f ; org:organization b:g ; "
        "org:role role:elected-official .",
        ("PersonRoleRule", "Violation", f"{_REF}actor-role/elected-official"),
    ),
    "person-in-a-role-without-its-class": (
        f"{_PERSON}{_PEERS} .\n"
        "b:m a org:Membership ; org:member b:p ; org:organization b:g ; "
        "org:role role:director-of-services .",
        ("PersonRoleClassRule", "Warning", f"{_REF}actor-role/director-of-services"),
    ),
}


@pytest.mark.parametrize(("turtle", "expected"), WRONG.values(), ids=list(WRONG))
def test_a_wrong_concept_or_a_contradiction_is_reported(
    turtle: str, expected: tuple[str, str, str]
) -> None:
    assert _findings(turtle) == [expected]


AGREEING: dict[str, str] = {
    "known-theme-and-status": (
        f"b:x cg:theme <{_REF}theme/energy> ; "
        f"cg:epistemicStatus <{_REF}epistemic-status/expected> ."
    ),
    "material-resource-of-a-material-kind": (
        'b:r a cg:MaterialResource ; rdfs:label "R"@fr , "R"@en ; '
        "cg:resourceKind kind:land-and-buildings ."
    ),
    "peer-group-at-the-peer-level": f"{_PEERS} ; cg:exchangeLevel level:peer .",
    "organisation-in-an-organisations-role": (
        f"{_FIRM}{_PEERS} .\n"
        "b:m a org:Membership ; org:member b:f ; org:organization b:g ; org:role role:partner ."
    ),
    "elected-official-in-the-elected-officials-role": (
        'b:p a cg:ElectedOfficial ; rdfs:label "P"@fr , "P"@en .\n'
        f"{_PEERS} .\n"
        "b:m a org:Membership ; org:member b:p ; org:organization b:g ; "
        "org:role role:elected-official ."
    ),
}


@pytest.mark.parametrize("turtle", AGREEING.values(), ids=list(AGREEING))
def test_known_concepts_that_agree_with_their_class_pass(turtle: str) -> None:
    assert _findings(turtle) == []


def test_two_statuses_are_one_too_many() -> None:
    turtle = (
        f"b:x cg:epistemicStatus <{_REF}epistemic-status/observed> , "
        f"<{_REF}epistemic-status/expected> ."
    )
    assert _findings(turtle) == [("Thing-epistemicStatusCount", "Violation", "None")]


_ACTION = (
    'b:a a cg:Action ; rdfs:label "A"@fr, "A"@en ; cg:carriedBy b:o ; '
    "prov:atLocation <https://w3id.org/coopgraph/id/commune/62528> ; "
    "<http://www.w3.org/2006/time#hasTime> b:t ; dcterms:source "
)
_CARRIER = '\nb:o a cg:Firm ; rdfs:label "O"@fr, "O"@en .'


@pytest.mark.parametrize(
    "source", ['"Bulletin municipal, mars 2020"', "<https://example.org/undescribed-page>"]
)
def test_a_source_that_is_no_described_document_is_a_violation(source: str) -> None:
    [(shape, severity, value)] = _findings(_ACTION + source + " ." + _CARRIER)
    assert (shape, severity) == ("SourcedFact-source", "Violation")
    assert value == source.strip('"<>')


def test_a_source_described_in_a_published_file_is_enough() -> None:
    assert _findings(_ACTION + "doc:ieefc-villes-pairs ." + _CARRIER) == []


def test_a_count_and_a_class_never_share_one_message() -> None:
    graph = project_shapes().graph
    for shape in _constraint_holders(graph):
        counts = {p for p in (SH.minCount, SH.maxCount) if (shape, p, None) in graph}
        assert len(counts) <= 1 or (shape, SH["class"], None) not in graph, shape
        assert not counts or (shape, SH["class"], None) not in graph, shape


def test_two_cooperators_described_nowhere_are_told_their_class_not_their_count() -> None:
    submission = _graph(
        'b:r a cg:CooperationRelation ; rdfs:label "R"@fr , "R"@en ; '
        "cg:cooperator b:x , b:y ; cg:cooperationAround b:a ."
    )
    report = validate(submission, content_store(), project_shapes())
    about = [r for r in report.results if str(r.path) == CG + "cooperator"]
    assert {str(r.component).rsplit("#", 1)[1] for r in about} == {"ClassConstraintComponent"}
    assert all("cg:Actor" in r.message("en") and "two or more" not in r.message("en")
               for r in about)  # fmt: skip


_OBSERVATION = """b:i a cg:Indicator ; rdfs:label "I"@fr , "I"@en .
b:o a cg:IndicatorObservation ; rdfs:label "O"@fr , "O"@en ;
    cg:indicator b:i ; cg:observedTerritory <https://w3id.org/coopgraph/id/commune/62528> ;
    cg:observedValue -40 ;
    <http://www.w3.org/2006/time#hasTime> [ a <http://www.w3.org/2006/time#Instant> ] ;
    cg:epistemicStatus <https://w3id.org/coopgraph/ref/epistemic-status/observed> """


def test_an_observation_with_its_unit_and_source_conforms() -> None:
    unit = "cg:unit <http://qudt.org/vocab/unit/PERCENT> ; dcterms:source doc:loos-sobriety-plan ."
    assert _findings(_OBSERVATION + "; " + unit) == []


def test_an_observation_without_unit_or_source_is_told_what_to_add() -> None:
    report = validate(_graph(_OBSERVATION + "."), content_store(), project_shapes())
    found = {str(r.shape).rsplit("/", 1)[-1]: r for r in report.results}
    assert set(found) == {
        "IndicatorObservation-unitCount",
        "IndicatorObservation-sourceCount",
    }
    assert all(r.severity == "Violation" for r in found.values())
    assert "cg:unit" in found["IndicatorObservation-unitCount"].message("en")
    assert "QUDT" in found["IndicatorObservation-unitCount"].message("fr")
    assert "dcterms:source" in found["IndicatorObservation-sourceCount"].message("en")
    assert "dcterms:source" in found["IndicatorObservation-sourceCount"].message("fr")
