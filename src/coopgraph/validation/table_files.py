"""The rows of a filled workbook (XLSX), a CSV or a zip of CSVs, as text, sheet by sheet.

A sheet is known by its name (``actions``, or ``actions.csv``); the concepts of the drop-down
lists by the ``listes`` sheet (or ``listes.csv``). A zip (a workbook is one) may not unpack to
more than ``unpacked_limit`` bytes: a small file must not expand into gigabytes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from rdflib import URIRef

from coopgraph import formats
from coopgraph.errors import InputError, TooLarge
from coopgraph.validation.sheets import KINDS, LISTS_SHEET

SHEET_CLASSES = {name: kind for name, kind, _fr, _en in KINDS}
"""The class of each sheet's rows, by sheet name."""


@dataclass
class TableFile:
    """The rows of every sheet of one upload (numbered from 1) and the concepts its lists
    offer, by column key then lower-case label or code."""

    source: str
    rows: dict[str, list[tuple[int, list[str]]]] = field(default_factory=dict)
    concepts: dict[str, dict[str, URIRef]] = field(default_factory=dict)


def read_table_file(
    data: bytes, media_type: str, name: str, unpacked_limit: int | None = None
) -> TableFile:
    """The sheets of a workbook or of CSVs; InputError if none is a sheet of the template."""
    table = TableFile(name)
    if data[:4] == b"PK\x03\x04" and unpacked_limit is not None:
        _check_unpacked(data, name, unpacked_limit)
    if media_type == formats.XLSX:
        _read_xlsx(table, data)
    else:
        _read_csv(table, data, name)
    if not any(sheet in SHEET_CLASSES for sheet in table.rows):
        known = ", ".join(SHEET_CLASSES)
        raise InputError(
            f"{name}: no sheet of the template ({known}) / aucune feuille du modèle ({known})"
        )
    return table


def _check_unpacked(data: bytes, name: str, limit: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return  # told by the reader of its format
    if size > limit:
        raise TooLarge(
            f"{name} unpacks to {size} bytes; the limit is {limit} bytes (ten times "
            f"COOPGRAPH_MAX_VALIDATION_BYTES) / {name} se décompresse en {size} octets ; la "
            f"limite est {limit} octets (dix fois COOPGRAPH_MAX_VALIDATION_BYTES)"
        )


def _read_xlsx(table: TableFile, data: bytes) -> None:
    from openpyxl import load_workbook  # only when a workbook is sent

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... on a bad file
        raise InputError(
            f"{table.source}: not a readable XLSX workbook ({type(exc).__name__}) / "
            "ce n'est pas un classeur XLSX lisible"
        ) from None
    for sheet in book.worksheets:
        rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        _take(table, sheet.title, rows)
    book.close()


def _read_csv(table: TableFile, data: bytes, name: str) -> None:
    if data[:4] == b"PK\x03\x04":  # a zip of CSVs, as the template comes
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise InputError(
                f"{name}: not a readable zip of CSVs / ce n'est pas un zip de CSV lisible"
            ) from None
        with archive:
            for member in archive.namelist():
                if member.lower().endswith(".csv"):
                    _take_csv(table, archive.read(member), member)
        return
    _take_csv(table, data, name)


def _take_csv(table: TableFile, data: bytes, name: str) -> None:
    text = data.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # as a spreadsheet in French may save
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    _take(table, PurePath(name).stem, rows)


def _take(table: TableFile, sheet: str, rows: list[list[str]]) -> None:
    if sheet == LISTS_SHEET:
        _take_lists(table, rows)
    elif sheet in SHEET_CLASSES:
        table.rows[sheet] = list(enumerate(rows, start=1))


def _take_lists(table: TableFile, rows: list[list[str]]) -> None:
    """Concepts by column key: from ``listes.csv`` (key, label, code, IRI a row) or the
    workbook's hidden sheet (label, code, IRI columns under each key)."""
    if rows and rows[0][:1] == ["colonne / column"]:
        for key, label, code, iri in (r[:4] for r in rows[1:] if len(r) >= 4):
            table.concepts.setdefault(key, {}).update(
                {label.lower(): URIRef(iri), code.lower(): URIRef(iri)}
            )
        return
    header = rows[0] if rows else []
    for start in range(0, len(header), 3):
        known = table.concepts.setdefault(header[start], {})
        for row in rows[1:]:
            label, code, iri = [*row[start : start + 3], "", "", ""][:3]
            if iri:
                known.update({label.lower(): URIRef(iri), code.lower(): URIRef(iri)})


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "isoformat"):  # a date typed as a date
        return str(value.date().isoformat() if hasattr(value, "hour") else value.isoformat())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
