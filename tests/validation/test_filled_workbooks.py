"""A published description written as the steward's workbook, and read back as the same
triples: rows by class (subclasses included), concepts by label, territories by code, the
types and the IRI of each row in their own columns."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from support.steward_content import LOOS, ROOT

from coopgraph import formats
from coopgraph.validation.filled_workbooks import sheet_classes, write_filled_workbook
from coopgraph.validation.sheets import CG, EXAMPLE_ROW
from coopgraph.validation.tabular import read_table

DESCRIPTION = """
@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix org: <https://w3id.org/coopgraph/id/organisation/> .
@prefix action: <https://w3id.org/coopgraph/id/action/> .
@prefix effect: <https://w3id.org/coopgraph/id/effect/> .
@prefix commune: <https://w3id.org/coopgraph/id/commune/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

org:ecole a cg:Organisation ; rdfs:label "École"@fr, "School"@en ; cg:activeIn commune:62528 .
action:cantine a cg:Action ; rdfs:label "Cantine bio"@fr, "Organic canteen"@en ;
    prov:atLocation commune:62528 ; cg:carriedBy org:ecole ; cg:hasEffect effect:sante ;
    time:hasTime <https://w3id.org/coopgraph/id/action/cantine#date> .
<https://w3id.org/coopgraph/id/action/cantine#date> a time:Instant ;
    time:inXSDgYearMonth "2019-09"^^xsd:gYearMonth .
effect:sante a cg:Effect ; rdfs:label "Santé ; bien-être"@fr, "Health"@en ;
    cg:effectOf action:cantine ;
    cg:dimension <https://w3id.org/coopgraph/ref/effect-dimension/social> ;
    cg:polarity <https://w3id.org/coopgraph/ref/polarity/positive> ;
    cg:epistemicStatus <https://w3id.org/coopgraph/ref/epistemic-status/expected> .
"""


@pytest.fixture(scope="module")
def description() -> Graph:
    return Graph().parse(data=DESCRIPTION, format="turtle")


@pytest.fixture(scope="module")
def workbook(description: Graph) -> bytes:
    return write_filled_workbook(ROOT, description.serialize(format="nt").encode(), LOOS)


def test_subclasses_go_to_their_sheet() -> None:
    kinds = sheet_classes(ROOT)
    assert kinds[CG.Organisation] == "acteurs"
    assert kinds[CG.Action] == "actions"


def test_each_resource_is_a_row_with_its_iri(workbook: bytes) -> None:
    book = load_workbook(io.BytesIO(workbook), read_only=True)
    rows = list(book["actions"].iter_rows(values_only=True))
    keys, row = rows[EXAMPLE_ROW - 2], rows[EXAMPLE_ROW]
    written = dict(zip(keys, row, strict=False))
    assert written["nom"] == "Cantine bio"
    assert written["territoire"] == "62528"
    assert written["date"] == "2019-09"
    assert written["cg:carriedBy"] == "id:organisation/ecole"
    assert written["iri"] == "https://w3id.org/coopgraph/id/action/cantine"
    assert written["rdf:type"] is None  # the sheet's own class
    effects = list(book["effets"].iter_rows(values_only=True))
    effect = dict(zip(effects[EXAMPLE_ROW - 2], effects[EXAMPLE_ROW], strict=False))
    assert effect["cg:dimension"] == "Social"  # a concept by its label in the drop-down


def test_the_workbook_reads_back_as_the_same_triples_but_a_name_with_a_semicolon(
    description: Graph, workbook: bytes
) -> None:
    again, _cells, _rows = read_table(workbook, formats.XLSX, "back.xlsx")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    health = URIRef("https://w3id.org/coopgraph/id/effect/sante")
    # A ';' separates values in a cell: a name holding one comes back as two names.
    assert {str(o) for o in again.objects(health, label) if o.language == "fr"} == {  # type: ignore[attr-defined]
        "Santé",
        "bien-être",
    }
    kept = Graph()
    for triple in description:
        if triple[:2] != (health, label):
            kept.add(triple)
    for triple in again:
        if triple[:2] != (health, label):
            assert triple in kept, triple
    assert (health, label, Literal("Health", lang="en")) in again
    back = Graph()
    for triple in again:
        if triple[:2] != (health, label):
            back.add(triple)
    assert isomorphic(kept, back)
