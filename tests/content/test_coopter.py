"""COOP'TER's projects (data/seed/coopter.ttl, issue 15): each is a project the programme
supports, located in an official territory that exists in the geography, carried by a typed
actor and citing a described document.

The store is the project content as `coopgraph sync` loads it (support.content_store), read
through SPARQL; the file itself goes through the project's SHACL shapes.
"""

from __future__ import annotations

import pytest
from support.content_store import ROOT, content_store, project_shapes

from coopgraph import iris
from coopgraph.validation.shacl import validate
from coopgraph.validation.uploads import read_files

ID = "https://w3id.org/coopgraph/id/"
COOPTER_FILE = ROOT / "data" / "seed" / "coopter.ttl"
COOPTER_GRAPH = iris.DATA_GRAPH_BASE + "seed/coopter"
GEOGRAPHY_GRAPH = iris.DATA_GRAPH_BASE + "geography/geography-2026"
PREFIXES = """PREFIX cg: <https://w3id.org/coopgraph/def/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# Each project, the official territory its source names (kind, official label) and the
# document it cites, as read in that document.
PROJECTS = {
    "project/val-d-argent-local-wood": (
        "epci/246800395",
        "Intercommunality",
        "CC du Val d'Argent",
        "ballons-vosges-val-argent-local-wood",
    ),
    "project/baobab-saint-nazaire-cooperative-ecosystems": (
        "commune/44184",
        "Commune",
        "Saint-Nazaire",
        "baobab-joins-coopter",
    ),
}


def _rows(query: str) -> list[dict[str, str]]:
    table = content_store().select(PREFIXES + query)
    return [{name: str(value) for name, value in row.items()} for row in table]


def test_the_programme_supports_exactly_the_described_projects() -> None:
    rows = _rows(
        f"""SELECT ?project WHERE {{ <{ID}programme/coopter> cg:supportsProject ?project .
              GRAPH <{COOPTER_GRAPH}> {{ ?project a cg:Project }} }}"""
    )
    assert sorted(row["project"] for row in rows) == sorted(ID + path for path in PROJECTS)


@pytest.mark.parametrize("path", PROJECTS, ids=[p.rsplit("/", 1)[1] for p in PROJECTS])
def test_a_project_is_in_the_official_territory_its_source_names(path: str) -> None:
    territory, kind, label, _document = PROJECTS[path]
    rows = _rows(
        f"""SELECT ?territory ?name WHERE {{ <{ID}{path}> prov:atLocation ?territory .
              GRAPH <{GEOGRAPHY_GRAPH}> {{ ?territory a cg:{kind} ; rdfs:label ?name }} }}"""
    )
    assert rows == [{"territory": ID + territory, "name": label}]


@pytest.mark.parametrize("path", PROJECTS, ids=[p.rsplit("/", 1)[1] for p in PROJECTS])
def test_a_project_is_carried_by_an_actor_and_cites_its_document(path: str) -> None:
    document = PROJECTS[path][3]
    rows = _rows(
        f"""SELECT ?source WHERE {{ <{ID}{path}> cg:carriedBy/a/rdfs:subClassOf* cg:Actor ;
              rdfs:label ?fr , ?en ; dcterms:description ?dfr , ?den ; dcterms:source ?source .
              ?source a cg:Document ; dcterms:title ?title ; dcterms:publisher ?publisher ;
                      foaf:page ?page
              FILTER(LANG(?fr) = "fr" && LANG(?en) = "en")
              FILTER(LANG(?dfr) = "fr" && LANG(?den) = "en") }}"""
    )
    assert {row["source"] for row in rows} == {f"{ID}document/{document}"}


def test_the_file_raises_no_violation_and_locates_every_project() -> None:
    submission = read_files([COOPTER_FILE], 50_000_000)
    report = validate(submission.graph, content_store(), project_shapes(), submission.locations)
    found = [(str(r.focus), str(r.path), r.severity) for r in report.results
             if r.severity != "Info"]  # fmt: skip
    assert found == []
