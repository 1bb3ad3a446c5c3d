"""The template as a workbook and as a zip of CSVs, opened with openpyxl and csv."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook
from support.content_store import ROOT

from coopgraph.errors import InputError
from coopgraph.validation.sheets import EXAMPLE_MARK, EXAMPLE_ROW, HEADER_ROWS, LISTS_SHEET
from coopgraph.validation.workbooks import write_template


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return write_template(ROOT, "xlsx")


def test_the_workbook_has_headers_notes_and_a_marked_example(workbook: bytes) -> None:
    book = load_workbook(io.BytesIO(workbook))
    effects = book["effets"]
    keys = [cell.value for cell in effects[HEADER_ROWS]]
    column = keys.index("cg:dimension") + 1
    assert effects.cell(row=1, column=column).value == "dimension"
    note = effects.cell(row=1, column=column).comment
    assert note is not None
    assert "ref:effect-dimensions" in note.text
    example = effects.cell(row=EXAMPLE_ROW, column=1)
    assert str(example.value).startswith(EXAMPLE_MARK)
    assert example.fill.fgColor.rgb.endswith("FFF2CC")
    assert effects.cell(row=EXAMPLE_ROW, column=column).value == "Culturel"


def test_concept_columns_get_a_drop_down_list(workbook: bytes) -> None:
    book = load_workbook(io.BytesIO(workbook))
    effects = book["effets"]
    keys = [cell.value for cell in effects[HEADER_ROWS]]
    letter = "ABCDEFGHIJ"[keys.index("cg:dimension")]
    rules = effects.data_validations.dataValidation
    rule = next(r for r in rules if letter + str(EXAMPLE_ROW) in str(r.sqref))
    assert rule.type == "list"
    assert rule.formula1 == "=liste_cg_dimension"
    assert book[LISTS_SHEET].sheet_state == "hidden"
    listed = book.defined_names["liste_cg_dimension"].attr_text
    labels = [c.value for row in book[LISTS_SHEET][listed.split("!")[1].replace("$", "")]
              for c in row]  # fmt: skip
    assert "Économique" in labels


def test_the_zip_holds_one_csv_per_sheet_and_the_lists() -> None:
    archive = zipfile.ZipFile(io.BytesIO(write_template(ROOT, "csv")))
    names = set(archive.namelist())
    assert {"actions.csv", "effets.csv", "jalons.csv", "listes.csv"} <= names
    rows = list(csv.reader(io.StringIO(archive.read("actions.csv").decode())))
    assert rows[0][0] == "Nom (en français)"
    assert rows[1][0] == "Name (in French)"
    assert rows[2][:4] == ["nom", "name", "territoire", "date"]
    assert rows[3][0].startswith(EXAMPLE_MARK)


def test_an_unknown_format_is_refused_in_both_languages() -> None:
    with pytest.raises(InputError, match="use xlsx or csv / format de modèle inconnu"):
        write_template(ROOT, "ods")
