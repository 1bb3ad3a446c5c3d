"""The steward's template, written from the sheets: an XLSX workbook (openpyxl) or a zip of CSVs.

In the workbook, each header carries its help note as a cell comment, a column of concepts a
drop-down list (a data validation over the hidden sheet ``listes``), and the example row is
filled in yellow and marked ``EXEMPLE / EXAMPLE`` in its first cell. The CSVs carry the same
rows, and ``listes.csv`` the concepts.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from coopgraph import formats
from coopgraph.errors import InputError
from coopgraph.validation.sheets import (
    DATE,
    EXAMPLE_MARK,
    EXAMPLE_ROW,
    LISTS_SHEET,
    NAME,
    NAME_EN,
    TERRITORY,
    Choice,
    Column,
    Sheet,
    choices_of,
    sheets_of,
)

EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FONT = Font(bold=True)
KEY_FONT = Font(italic=True, color="808080")
DATA_ROWS = 500
"""Rows below the example given the drop-down lists."""
EXAMPLE_TERRITORY = "76402"
"""Malaunay (Seine-Maritime), the example rows' commune."""
EXAMPLE_DATE = "2020-06-15"


TEMPLATE_FORMATS = {"xlsx": formats.XLSX, "csv": formats.ZIP}
"""The template's formats by name: a workbook, or a zip of CSVs."""


def write_template(content_root: Path, kind: str) -> bytes:
    """The template in ``kind`` (xlsx or csv), from the shapes under ``content_root``."""
    if kind not in TEMPLATE_FORMATS:
        raise InputError(
            f"unknown template format '{kind}'; use xlsx or csv / format de modèle inconnu "
            f"« {kind} » ; choisissez xlsx ou csv"
        )
    sheets = sheets_of(content_root)
    return write_workbook(sheets) if kind == "xlsx" else write_csv_zip(sheets)


def template_rows(sheet: Sheet) -> list[list[str]]:
    """The sheet's header rows and its example row, as text."""
    columns = sheet.columns
    example = [_example(sheet, column) for column in columns]
    return [
        [c.header_fr for c in columns],
        [c.header_en for c in columns],
        [c.key for c in columns],
        example,
    ]


def _example(sheet: Sheet, column: Column) -> str:
    if column.key == NAME:
        return f"{EXAMPLE_MARK} : {sheet.row_fr} de Malaunay"
    if column.key == NAME_EN:
        return f"{EXAMPLE_MARK}: a {sheet.row_en} of Malaunay"
    if column.key == TERRITORY:
        return EXAMPLE_TERRITORY
    if column.key == DATE:
        return EXAMPLE_DATE
    if column.choices:
        return column.choices[0].label
    if column.range_class is not None:
        return f"(nom d'un·e {column.range_class.rsplit('/', 1)[-1]} / a name)"
    return ""


def write_workbook(sheets: tuple[Sheet, ...]) -> bytes:
    """The template as an XLSX workbook."""
    book = Workbook()
    lists = choices_of(sheets)
    book.remove(book.active)  # type: ignore[arg-type]
    for sheet in sheets:
        _write_sheet(book.create_sheet(sheet.name), sheet, lists)
    _write_lists(book, lists)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(page: Worksheet, sheet: Sheet, lists: dict[str, tuple[Choice, ...]]) -> None:
    for row in template_rows(sheet):
        page.append(row)
    for number, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(number)
        header = page.cell(row=1, column=number)
        header.font = HEADER_FONT
        page.cell(row=2, column=number).font = HEADER_FONT
        page.cell(row=3, column=number).font = KEY_FONT
        page.cell(row=EXAMPLE_ROW, column=number).fill = EXAMPLE_FILL
        if column.note_fr or column.note_en:
            header.comment = Comment(f"{column.note_fr}\n\n{column.note_en}".strip(), "coopgraph")
        page.column_dimensions[letter].width = max(14, min(40, len(column.header_fr) + 4))
        if column.choices:
            _drop_down(page, letter, _list_name(column, lists))
    page.freeze_panes = "B4"


def _list_name(column: Column, lists: dict[str, tuple[Choice, ...]]) -> str:
    key = next(k for k, v in lists.items() if v == column.choices)
    return "liste_" + key.replace(":", "_").replace("-", "_")


def _drop_down(page: Worksheet, letter: str, name: str) -> None:
    rule = DataValidation(type="list", formula1=f"={name}", allow_blank=True)
    rule.error = "Choisissez une valeur de la liste. / Choose a value from the list."
    rule.errorTitle = "coopgraph"
    rule.showErrorMessage = True
    page.add_data_validation(rule)
    rule.add(f"{letter}{EXAMPLE_ROW}:{letter}{EXAMPLE_ROW + DATA_ROWS}")


def _write_lists(book: Workbook, lists: dict[str, tuple[Choice, ...]]) -> None:
    page = book.create_sheet(LISTS_SHEET)
    page.sheet_state = "hidden"
    for number, (key, choices) in enumerate(lists.items()):
        label, code, iri = (get_column_letter(3 * number + i) for i in (1, 2, 3))
        page[f"{label}1"], page[f"{code}1"], page[f"{iri}1"] = key, "code", "IRI"
        for row, choice in enumerate(choices, start=2):
            page[f"{label}{row}"] = choice.label
            page[f"{code}{row}"] = choice.code
            page[f"{iri}{row}"] = str(choice.iri)
        cells = f"{quote_sheetname(LISTS_SHEET)}!${label}$2:${label}${len(choices) + 1}"
        name = "liste_" + key.replace(":", "_").replace("-", "_")
        book.defined_names[name] = DefinedName(name, attr_text=cells)


def lists_rows(sheets: tuple[Sheet, ...]) -> list[list[str]]:
    """The concepts of every drop-down: the column's key, label, code and IRI, one a row."""
    rows = [["colonne / column", "libellé / label", "code", "IRI"]]
    for key, choices in choices_of(sheets).items():
        rows += [[key, c.label, c.code, str(c.iri)] for c in choices]
    return rows


def write_csv_zip(sheets: tuple[Sheet, ...]) -> bytes:
    """The template as a zip of CSVs (UTF-8), one per sheet and ``listes.csv``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in sheets:
            archive.writestr(f"{sheet.name}.csv", csv_text(template_rows(sheet)))
        archive.writestr(f"{LISTS_SHEET}.csv", csv_text(lists_rows(sheets)))
    return out.getvalue()


def csv_text(rows: list[list[str]]) -> str:
    """Rows as CSV text."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue()
