"""A filled template read as RDF, and validated with each result at its sheet, row and column."""

from __future__ import annotations

import io
import zipfile

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from support.content_store import ROOT, content_store, project_shapes
from support.steward_content import LOOS, steward_store
from support.workbooks import FAULTS, column_of, fill

from coopgraph import formats
from coopgraph.errors import InputError
from coopgraph.validation.reports import render_report
from coopgraph.validation.results import Location
from coopgraph.validation.shacl import validate
from coopgraph.validation.sheets import CG, EXAMPLE_ROW, TIME
from coopgraph.validation.tabular import convert_table, read_table, slug
from coopgraph.validation.territory_names import TerritoryNames, territory_iri
from coopgraph.validation.uploads import Upload, read_submission
from coopgraph.validation.workbooks import write_template

GARDEN = URIRef("https://w3id.org/coopgraph/id/action/76402-jardin-partage")
TOWN_HALL = URIRef("https://w3id.org/coopgraph/id/actor/76402-mairie-de-malaunay")


@pytest.fixture(scope="module")
def template() -> bytes:
    return write_template(ROOT, "xlsx")


@pytest.fixture(scope="module")
def filled(template: bytes) -> bytes:
    return fill(template)


def test_rows_become_resources_with_stable_iris(filled: bytes) -> None:
    graph, _cells, rows = read_table(filled, formats.XLSX, "malaunay.xlsx")
    again, _cells, _rows = read_table(filled, formats.XLSX, "malaunay.xlsx")
    assert set(graph) == set(again)
    assert (GARDEN, RDF.type, CG.Action) in graph
    assert (GARDEN, RDFS.label, Literal("Jardin partagé", lang="fr")) in graph
    assert (GARDEN, CG.carriedBy, TOWN_HALL) in graph  # a row named in another sheet
    commune = URIRef("https://w3id.org/coopgraph/id/commune/76402")
    assert (GARDEN, URIRef("http://www.w3.org/ns/prov#atLocation"), commune) in graph
    assert rows[GARDEN].source == "malaunay.xlsx / actions"
    assert rows[GARDEN].line == 5


def test_example_rows_are_skipped_and_concepts_read_by_label(filled: bytes) -> None:
    graph, _cells, _rows = read_table(filled, formats.XLSX, "malaunay.xlsx")
    labels = [str(label) for label in graph.objects(None, RDFS.label)]
    assert not any(label.startswith("EXEMPLE") for label in labels)
    effect = URIRef("https://w3id.org/coopgraph/id/effect/76402-moins-de-dechets")
    observed = URIRef("https://w3id.org/coopgraph/ref/epistemic-status/observed")
    assert (effect, CG.epistemicStatus, observed) in graph  # "Constaté"
    assert (effect, CG.dimension, Literal("écologique-et-plus")) in graph  # kept, reported


def test_the_csv_zip_reads_as_the_workbook_does(filled: bytes) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(filled), data_only=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for sheet in book.worksheets:
            lines = [
                ",".join(f'"{v or ""}"' for v in row) for row in sheet.iter_rows(values_only=True)
            ]
            archive.writestr(f"{sheet.title}.csv", "\n".join(lines))
    graph, _cells, _rows = read_table(out.getvalue(), formats.ZIP, "malaunay.zip")
    from_book, _cells, _rows = read_table(filled, formats.XLSX, "malaunay.xlsx")
    assert set(graph) == set(from_book)


def test_one_csv_with_semicolons_and_codes() -> None:
    text = (
        "Nom;Name;Territoire\nNom;Name;Territoire\nnom;name;territoire\n"
        "EXEMPLE / EXAMPLE : x;y;76402\nAssociation Entr'aide;Mutual aid;246200364\n"
    )
    graph, _cells, _rows = read_table(text.encode(), formats.CSV, "acteurs.csv")
    actor = URIRef("https://w3id.org/coopgraph/id/actor/246200364-association-entr-aide")
    epci = URIRef("https://w3id.org/coopgraph/id/epci/246200364")
    assert (actor, CG.activeIn, epci) in graph


@pytest.mark.parametrize(
    ("code", "expected"),
    [("76402", "commune/76402"), ("2a004", "commune/2A004"), ("62", "department/62"),
     ("246200364", "epci/246200364"), ("216205286", None), ("Malaunay", None)],
)  # fmt: skip
def test_territory_codes(code: str, expected: str | None) -> None:
    found = territory_iri(code)
    assert (str(found).rsplit("/id/", 1)[1] if found else None) == expected


def test_slugs_drop_accents_and_punctuation() -> None:
    assert slug("  Éco-quartier : l'Îlot ! ") == "eco-quartier-l-ilot"


def test_an_unreadable_workbook_and_a_stranger_sheet_are_input_errors() -> None:
    with pytest.raises(
        InputError, match=r"bad.xlsx: not a readable XLSX workbook \(BadZipFile\) / ce n.est pas"
    ):
        read_table(b"not a zip", formats.XLSX, "bad.xlsx")
    with pytest.raises(InputError, match=r"no sheet of the template .* aucune feuille"):
        read_table(b"a,b\n1,2\n", formats.CSV, "other.csv")


def test_every_result_points_at_its_sheet_row_and_column(filled: bytes, template: bytes) -> None:
    submission = read_submission([Upload(filled, formats.XLSX, "malaunay.xlsx")], 10**7)
    report = validate(
        submission.graph, content_store(), project_shapes(), submission.locations, submission.texts
    )
    found = {
        (r.location.source, r.location.line, r.location.name) for r in report.results if r.location
    }
    for sheet, row, key in FAULTS:
        assert (f"malaunay.xlsx / {sheet}", row, key) in found, (sheet, row, key)
    for result in report.results:
        assert result.location is not None
        sheet = result.location.source.rsplit(" / ", 1)[1]
        assert result.location.column == column_of(template, sheet, str(result.location.name))
    assert all(r.location and r.location.line > EXAMPLE_ROW for r in report.results)
    text, _ = render_report(report, "text", "en")
    assert "malaunay.xlsx / effets, line 5, column 4 (cg:dimension)" in text


ACTIONS = (
    "Nom;Name;Territoire;Date;Types;IRI\nNom;Name;Territoire;Date;Types;IRI\n"
    "nom;name;territoire;date;rdf:type;iri\n"
    "EXEMPLE / EXAMPLE : x;y;76402;2020-06-15;;\n"
    "Jardin;Garden;Loos-en-Gohelle (62);2013;;\n"
    "Four;Oven;Los-en-Gohelle;2019-05;cg:Action;https://w3id.org/coopgraph/id/action/four\n"
)


def test_names_iri_and_type_cells_and_partial_dates() -> None:
    names = TerritoryNames(steward_store())
    table = convert_table(ACTIONS.encode(), formats.CSV, "actions.csv", names=names)
    garden = URIRef("https://w3id.org/coopgraph/id/action/62528-jardin")
    oven = URIRef("https://w3id.org/coopgraph/id/action/four")
    at = URIRef("http://www.w3.org/ns/prov#atLocation")
    assert (garden, at, URIRef(LOOS)) in table.graph  # a name and its département
    assert (URIRef(f"{garden}#date"), TIME.inXSDgYear, Literal("2013", datatype=XSD.gYear)) in (
        table.graph
    )
    assert (URIRef(f"{oven}#date"), TIME.inXSDgYearMonth, Literal("2019-05",
            datatype=XSD.gYearMonth)) in table.graph  # fmt: skip
    assert set(table.graph.objects(oven, RDF.type)) == {CG.Action}  # the type cell's only
    [finding] = table.findings
    assert (finding.focus, finding.path, finding.value) == (oven, at, Literal("Los-en-Gohelle"))
    assert finding.location == Location("actions.csv / actions", 6, 3, "territoire")
    assert "did you mean id:commune/62528 (Loos-en-Gohelle)?" in finding.message("en")


def test_a_commune_s_siren_gives_the_commune() -> None:
    written = ACTIONS.replace("Loos-en-Gohelle (62)", "216205286").replace("Los-en-Gohelle", "")
    table = convert_table(written.encode(), formats.CSV, "actions.csv",
                          names=TerritoryNames(steward_store()))  # fmt: skip
    garden = URIRef("https://w3id.org/coopgraph/id/action/62528-jardin")
    assert (garden, URIRef("http://www.w3.org/ns/prov#atLocation"), URIRef(LOOS)) in table.graph
    assert table.findings == []


def test_without_a_store_a_territory_name_stays_as_written() -> None:
    table = convert_table(ACTIONS.encode(), formats.CSV, "actions.csv")
    garden = URIRef("https://w3id.org/coopgraph/id/action/sans-territoire-jardin")
    at = URIRef("http://www.w3.org/ns/prov#atLocation")
    assert (garden, at, Literal("Loos-en-Gohelle (62)")) in table.graph
    assert table.findings == []
