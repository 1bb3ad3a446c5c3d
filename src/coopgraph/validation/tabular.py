"""A filled workbook (XLSX) or CSV sheets read as RDF, each triple remembering its cell.

A sheet is known by its name (``actions``, or ``actions.csv``), its columns by the keys of its
third row (``coopgraph.validation.sheets``); rows whose first cell starts with ``EXEMPLE`` and
empty rows are skipped. Each row is a resource of the sheet's class whose IRI is minted from its
territory and a slug of its French name (``id/action/76402-jardin-partage``): the same row gives
the same IRI next time. A cell may hold several values separated by ``;``. A value is read as:

- an IRI (``https://...``) or a prefixed name (``ref:...``) as that IRI;
- in a column of concepts, a label or code of the ``listes`` sheet (or ``listes.csv``) as the
  concept's IRI;
- in the territory column, an INSEE code (commune 5 characters, department 2 or 3) or a SIREN
  (EPCI, 9 digits) as the official territory's IRI;
- the name of a row of any sheet as that row's IRI;
- anything else as a literal, which the shapes then report at its cell.

Each triple's cell is kept (``coopgraph.validation.cells``) to give each result its sheet, row
and column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from coopgraph import formats
from coopgraph.errors import InputError
from coopgraph.iris import IDENTIFIER_BASE
from coopgraph.validation.cells import Cell, cells_text
from coopgraph.validation.results import Location, Text
from coopgraph.validation.sheets import (
    CG,
    DATE,
    EXAMPLE_ROW,
    HEADER_ROWS,
    KINDS,
    LISTS_SHEET,
    NAME,
    NAME_EN,
    PROV,
    TERRITORY,
    TIME,
    path_of,
)

_SEGMENTS = {
    "acteurs": "actor", "actions": "action", "effets": "effect", "liens-causaux": "causal-link",
    "cooperations": "cooperation", "ressources": "resource", "indicateurs": "indicator",
    "evaluations": "evaluation", "jalons": "milestone",
}  # fmt: skip
_CLASSES = {name: kind for name, kind, _fr, _en in KINDS}
_PLACES = {"acteurs": CG.activeIn, "actions": PROV.atLocation}
"""The property the territory column fills, by sheet (elsewhere it only mints the IRI)."""
_IRI = re.compile(r"^https?://\S+$")


@dataclass
class Table:
    """The rows of every sheet of one upload, the concepts its lists offer, and what they
    gave."""

    source: str
    rows: dict[str, list[tuple[int, list[str]]]] = field(default_factory=dict)
    concepts: dict[str, dict[str, URIRef]] = field(default_factory=dict)
    graph: Graph = field(default_factory=Graph)
    cells: list[tuple[Node, Node, Node, Cell]] = field(default_factory=list)


def read_table(data: bytes, media_type: str, name: str) -> tuple[Graph, Text, dict[Node, Location]]:
    """The upload as RDF, the cell of each triple (a CELLS text), and where each row is."""
    table = Table(name)
    if media_type == formats.XLSX:
        _read_xlsx(table, data)
    else:
        _read_csv(table, data, name)
    if not any(sheet in _CLASSES for sheet in table.rows):
        known = ", ".join(_CLASSES)
        raise InputError(
            f"{name}: no sheet of the template ({known}) / aucune feuille du modèle ({known})"
        )
    return _convert(table)


def _read_xlsx(table: Table, data: bytes) -> None:
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


def _read_csv(table: Table, data: bytes, name: str) -> None:
    if data[:4] == b"PK\x03\x04":  # a zip of CSVs, as the template comes
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if member.lower().endswith(".csv"):
                    _take_csv(table, archive.read(member), member)
        return
    _take_csv(table, data, name)


def _take_csv(table: Table, data: bytes, name: str) -> None:
    text = data.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # as a spreadsheet in French may save
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    _take(table, PurePath(name).stem, rows)


def _take(table: Table, sheet: str, rows: list[list[str]]) -> None:
    if sheet == LISTS_SHEET:
        _take_lists(table, rows)
    elif sheet in _CLASSES:
        table.rows[sheet] = list(enumerate(rows, start=1))


def _take_lists(table: Table, rows: list[list[str]]) -> None:
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


def _convert(table: Table) -> tuple[Graph, Text, dict[Node, Location]]:
    names = _names(table)
    locations: dict[Node, Location] = {}
    for sheet, rows in table.rows.items():
        keys = rows[HEADER_ROWS - 1][1] if len(rows) >= HEADER_ROWS else []
        for number, row in rows[EXAMPLE_ROW - 1 :]:
            if not any(row) or (row and row[0].upper().startswith("EXEMPLE")):
                continue
            subject = _subject(sheet, keys, row, names)
            where = f"{table.source} / {sheet}"
            locations.setdefault(subject, Location(where, number))
            table.graph.add((subject, RDF.type, _CLASSES[sheet]))
            for column, (key, value) in enumerate(zip(keys, row, strict=False), start=1):
                if value:
                    cell = Cell(where, number, column, key, value)
                    _add(table, subject, cell, names)
    return table.graph, cells_text(table.source, table.cells, _columns(table)), locations


def _columns(table: Table) -> dict[str, dict[str, int]]:
    """Each sheet's column numbers by key, the sheet named as the cells name it."""
    return {
        f"{table.source} / {sheet}": {key: n for n, key in enumerate(rows[HEADER_ROWS - 1][1], 1)}
        for sheet, rows in table.rows.items()
        if len(rows) >= HEADER_ROWS
    }


def _names(table: Table) -> dict[str, URIRef]:
    """Each row's IRI by the slug of its French name, across every sheet."""
    territory = _first_territory(table)
    names: dict[str, URIRef] = {}
    for sheet, rows in table.rows.items():
        keys = rows[HEADER_ROWS - 1][1] if len(rows) >= HEADER_ROWS else []
        for _number, row in rows[EXAMPLE_ROW - 1 :]:
            values = dict(zip(keys, row, strict=False))
            if values.get(NAME) and not row[0].upper().startswith("EXEMPLE"):
                code = _code(values.get(TERRITORY, "")) or territory
                iri = URIRef(f"{IDENTIFIER_BASE}{_SEGMENTS[sheet]}/{code}-{slug(values[NAME])}")
                names.setdefault(slug(values[NAME]), iri)
    return names


def _first_territory(table: Table) -> str:
    for rows in table.rows.values():
        keys = rows[HEADER_ROWS - 1][1] if len(rows) >= HEADER_ROWS else []
        for _number, row in rows[EXAMPLE_ROW - 1 :]:
            code = _code(dict(zip(keys, row, strict=False)).get(TERRITORY, ""))
            if code and not row[0].upper().startswith("EXEMPLE"):
                return code
    return "sans-territoire"


def _subject(sheet: str, keys: list[str], row: list[str], names: dict[str, URIRef]) -> URIRef:
    values = dict(zip(keys, row, strict=False))
    name = values.get(NAME, "")
    if name and slug(name) in names:
        return names[slug(name)]
    return URIRef(f"{IDENTIFIER_BASE}{_SEGMENTS[sheet]}/sans-nom-{slug('-'.join(row))[:40]}")


def _add(table: Table, subject: URIRef, cell: Cell, names: dict[str, URIRef]) -> None:
    for value in (v.strip() for v in cell.value.split(";") if v.strip()):
        triple = _triple(table, subject, cell, value, names)
        if triple is not None:
            table.graph.add(triple)
            table.cells.append((*triple, cell))


def _triple(
    table: Table, subject: URIRef, cell: Cell, value: str, names: dict[str, URIRef]
) -> tuple[Node, Node, Node] | None:
    if cell.key in (NAME, NAME_EN):
        return subject, RDFS.label, Literal(value, lang="fr" if cell.key == NAME else "en")
    if cell.key == DATE:
        instant = URIRef(f"{subject}#date")  # not a blank node: it is found by name again
        table.graph.add((instant, RDF.type, TIME.Instant))
        table.graph.add((instant, TIME.inXSDDate, Literal(value, datatype=XSD.date)))
        table.cells.append((instant, TIME.inXSDDate, Literal(value, datatype=XSD.date), cell))
        return subject, TIME.hasTime, instant
    if cell.key == TERRITORY:
        path = _PLACES.get(cell.sheet.rsplit(" / ", 1)[-1])
        return (subject, path, territory_iri(value) or Literal(value)) if path else None
    path = path_of(cell.key)
    if path is None:
        return None
    return subject, path, _value(value, table.concepts.get(cell.key, {}), names)


def _value(value: str, concepts: dict[str, URIRef], names: dict[str, URIRef]) -> Node:
    if _IRI.match(value):
        return URIRef(value)
    if value.lower() in concepts:
        return concepts[value.lower()]
    expanded = path_of(value) if ":" in value and " " not in value else None
    if expanded is not None:
        return expanded
    return names.get(slug(value)) or Literal(value)


def territory_iri(value: str) -> URIRef | None:
    """The official territory of an INSEE code, a SIREN, or an IRI.

    >>> str(territory_iri("76402"))
    'https://w3id.org/coopgraph/id/commune/76402'
    """
    code = value.strip()
    if _IRI.match(code):
        return URIRef(code)
    if re.fullmatch(r"\d{9}", code):
        return URIRef(f"{IDENTIFIER_BASE}epci/{code}")
    if re.fullmatch(r"(?:\d{2}|2[AB])\d{3}", code, re.IGNORECASE):
        return URIRef(f"{IDENTIFIER_BASE}commune/{code.upper()}")
    if re.fullmatch(r"\d{2,3}|2[AB]", code, re.IGNORECASE):
        return URIRef(f"{IDENTIFIER_BASE}department/{code.upper()}")
    return None


def _code(value: str) -> str:
    iri = territory_iri(value)
    return str(iri).rsplit("/", 1)[-1] if iri is not None else ""


def slug(name: str) -> str:
    """A name as an IRI segment: lower case, no accents, words joined by '-'.

    >>> slug("Jardin partagé de l'Église")
    'jardin-partage-de-l-eglise'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "sans-nom"
