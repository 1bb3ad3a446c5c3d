"""A filled workbook (XLSX) or CSV sheets read as RDF, each triple remembering its cell.

The sheets are read by ``coopgraph.validation.table_files``; their columns by the keys of the
third row (``coopgraph.validation.sheets``); rows whose first cell starts with ``EXEMPLE`` and
empty rows are skipped. Each row is a resource of the sheet's class (or of the classes its
``rdf:type`` cell names) whose IRI is its ``iri`` cell, else minted from its territory and a slug
of its French name (``id/action/76402-jardin-partage``): the same row gives the same IRI next
time. A cell may hold several values separated by ``;``. A value is read as:

- an IRI (``https://...``) or a prefixed name (``ref:...``) as that IRI;
- in a column of concepts, a label or code of the ``listes`` sheet (or ``listes.csv``) as the
  concept's IRI;
- in the territory column, an INSEE code (commune 5 characters, department 2 or 3) or a SIREN
  (EPCI, 9 digits) as the official territory's IRI, and a name (``Lens (62)``) as the
  territory of that name in the store's geography (``coopgraph.validation.territory_names``):
  a name it does not know, or knows several times, is a finding at its cell;
- the name of a row of any sheet as that row's IRI;
- anything else as a literal, which the shapes then report at its cell.

Each triple's cell is kept (``coopgraph.validation.cells``) to give each result its sheet, row
and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from coopgraph.iris import IDENTIFIER_BASE
from coopgraph.validation.cells import CELLS, Cell, cells_text
from coopgraph.validation.data_graph import DataGraph
from coopgraph.validation.results import Location, Result, Text
from coopgraph.validation.sheets import (
    CG,
    DATE,
    EXAMPLE_ROW,
    HEADER_ROWS,
    IRI_KEY,
    NAME,
    NAME_EN,
    PROV,
    TERRITORY,
    TIME,
    path_of,
)
from coopgraph.validation.table_files import SHEET_CLASSES, TableFile, read_table_file
from coopgraph.validation.territory_names import (
    ABSOLUTE_IRI,
    TerritoryNames,
    name_result,
    territory_iri,
    territory_of,
)

_SEGMENTS = {
    "acteurs": "actor", "actions": "action", "effets": "effect", "liens-causaux": "causal-link",
    "cooperations": "cooperation", "ressources": "resource", "indicateurs": "indicator",
    "evaluations": "evaluation", "jalons": "milestone",
}  # fmt: skip
_CLASSES = SHEET_CLASSES
_PLACES = {"acteurs": CG.activeIn, "actions": PROV.atLocation}
"""The property the territory column fills, by sheet (elsewhere it only mints the IRI)."""
_YEAR = re.compile(r"^-?\d{4}$")
_YEAR_MONTH = re.compile(r"^-?\d{4}-\d{2}$")


@dataclass
class Table:
    """One upload's sheets being converted: what they gave, and what the conversion found."""

    file: TableFile
    names: TerritoryNames | None = None
    graph: Graph = field(default_factory=DataGraph)
    """A DataGraph: a lone workbook's graph is the submission's, validated in place."""
    cells: list[tuple[Node, Node, Node, Cell]] = field(default_factory=list)
    findings: list[Result] = field(default_factory=list)
    locations: dict[Node, Location] = field(default_factory=dict)
    text: Text = field(default_factory=lambda: Text("", CELLS, '{"cells": [], "columns": {}}'))
    """Each triple's cell (set by the conversion)."""


def read_table(data: bytes, media_type: str, name: str) -> tuple[Graph, Text, dict[Node, Location]]:
    """The upload as RDF, the cell of each triple (a CELLS text), and where each row is."""
    table = convert_table(data, media_type, name)
    return table.graph, table.text, table.locations


def convert_table(
    data: bytes,
    media_type: str,
    name: str,
    unpacked_limit: int | None = None,
    names: TerritoryNames | None = None,
) -> Table:
    """The upload converted: its graph, its cells, where each row is, and its findings (a
    territory name the geography of ``names`` does not know, or knows several times)."""
    table = Table(read_table_file(data, media_type, name, unpacked_limit), names)
    if names is not None:
        names.prepare(_territory_names(table.file))
    _convert(table)
    return table


def _territory_names(file: TableFile) -> set[str]:
    """The territory cells that hold a name, not a code nor an IRI."""
    written = set()
    for rows in file.rows.values():
        keys = _keys(rows)
        for _number, row in _data_rows(rows):
            value = dict(zip(keys, row, strict=False)).get(TERRITORY, "").strip()
            if value and territory_iri(value) is None and _prefixed(value) is None:
                written.add(value)
    return written


def _convert(table: Table) -> None:
    names = _names(table)
    for sheet, rows in table.file.rows.items():
        keys = _keys(rows)
        where = f"{table.file.source} / {sheet}"
        for number, row in _data_rows(rows):
            subject = _subject(sheet, keys, row, names)
            table.locations.setdefault(subject, Location(where, number))
            if not dict(zip(keys, row, strict=False)).get("rdf:type"):
                table.graph.add((subject, RDF.type, _CLASSES[sheet]))
            for column, (key, value) in enumerate(zip(keys, row, strict=False), start=1):
                if value:
                    _add(table, subject, Cell(where, number, column, key, value), names)
    columns = _columns(table.file)
    table.text = cells_text(table.file.source, table.cells, columns)


def _keys(rows: list[tuple[int, list[str]]]) -> list[str]:
    return rows[HEADER_ROWS - 1][1] if len(rows) >= HEADER_ROWS else []


def _data_rows(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The steward's rows: not the headers, not the example, not empty."""
    return [
        (number, row)
        for number, row in rows[EXAMPLE_ROW - 1 :]
        if any(row) and not row[0].upper().startswith("EXEMPLE")
    ]


def _columns(file: TableFile) -> dict[str, dict[str, int]]:
    """Each sheet's column numbers by key, the sheet named as the cells name it."""
    return {
        f"{file.source} / {sheet}": {key: n for n, key in enumerate(_keys(rows), 1)}
        for sheet, rows in file.rows.items()
        if len(rows) >= HEADER_ROWS
    }


def _names(table: Table) -> dict[str, URIRef]:
    """Each row's IRI by the slug of its French name, across every sheet: the IRI its ``iri``
    cell gives, else one minted from its territory and that slug."""
    territory = _first_territory(table)
    names: dict[str, URIRef] = {}
    for sheet, rows in table.file.rows.items():
        keys = _keys(rows)
        for _number, row in _data_rows(rows):
            values = dict(zip(keys, row, strict=False))
            if values.get(NAME):
                names.setdefault(slug(values[NAME]), _own_iri(values, table, sheet, territory))
    return names


def _own_iri(values: dict[str, str], table: Table, sheet: str, territory: str) -> URIRef:
    given = _value(values.get(IRI_KEY, ""), {}, {}) if values.get(IRI_KEY) else None
    if isinstance(given, URIRef):
        return given
    code = _code(values.get(TERRITORY, ""), table.names) or territory
    return URIRef(f"{IDENTIFIER_BASE}{_SEGMENTS[sheet]}/{code}-{slug(values[NAME])}")


def _first_territory(table: Table) -> str:
    for rows in table.file.rows.values():
        keys = _keys(rows)
        for _number, row in _data_rows(rows):
            code = _code(dict(zip(keys, row, strict=False)).get(TERRITORY, ""), table.names)
            if code:
                return code
    return "sans-territoire"


def _subject(sheet: str, keys: list[str], row: list[str], names: dict[str, URIRef]) -> URIRef:
    values = dict(zip(keys, row, strict=False))
    given = _value(values[IRI_KEY], {}, {}) if values.get(IRI_KEY) else None
    if isinstance(given, URIRef):
        return given
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
        position, written = _time_position(value)
        table.graph.add((instant, RDF.type, TIME.Instant))
        table.graph.add((instant, position, written))
        table.cells.append((instant, position, written, cell))
        return subject, TIME.hasTime, instant
    if cell.key == TERRITORY:
        return _place(table, subject, cell, value)
    path = path_of(cell.key)
    if path is None:
        return None
    return subject, path, _value(value, table.file.concepts.get(cell.key, {}), names)


def _time_position(value: str) -> tuple[URIRef, Literal]:
    """A date cell's OWL-Time position: a year, a year and month, or a date."""
    if _YEAR.match(value):
        return TIME.inXSDgYear, Literal(value, datatype=XSD.gYear)
    if _YEAR_MONTH.match(value):
        return TIME.inXSDgYearMonth, Literal(value, datatype=XSD.gYearMonth)
    return TIME.inXSDDate, Literal(value, datatype=XSD.date)


def _place(table: Table, subject: URIRef, cell: Cell, value: str) -> tuple[Node, Node, Node] | None:
    """The row's place from a territory cell; a name the geography cannot tell is a finding."""
    path = _PLACES.get(cell.sheet.rsplit(" / ", 1)[-1])
    place = territory_of(value, table.names) or _prefixed(value)
    if place is None and table.names is not None:
        found = table.names.find(value)
        place = found.iri
        if place is None:
            where = Location(cell.sheet, cell.row, cell.column, cell.key)
            table.findings.append(name_result(value, found, subject, path, where))
    return (subject, path, place or Literal(value)) if path else None


def _prefixed(value: str) -> URIRef | None:
    """A prefixed name (``id:commune/62528``) as its IRI."""
    return path_of(value) if ":" in value and " " not in value else None


def _value(value: str, concepts: dict[str, URIRef], names: dict[str, URIRef]) -> Node:
    if ABSOLUTE_IRI.match(value):
        return URIRef(value)
    if value.lower() in concepts:
        return concepts[value.lower()]
    expanded = _prefixed(value)
    if expanded is not None:
        return expanded
    return names.get(slug(value)) or Literal(value)


def _code(value: str, names: TerritoryNames | None = None) -> str:
    """The code of a territory cell (a code, an IRI, a prefixed name or, with ``names``, a
    name the geography knows once), or ''."""
    iri = territory_of(value, names) or _prefixed(value)
    if iri is None and names is not None and value.strip():
        iri = names.find(value).iri
    return str(iri).rsplit("/", 1)[-1] if iri is not None else ""


def slug(name: str) -> str:
    """A name as an IRI segment: lower case, no accents, words joined by '-'.

    >>> slug("Jardin partagé de l'Église")
    'jardin-partage-de-l-eglise'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "sans-nom"
