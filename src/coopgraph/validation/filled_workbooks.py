"""A published description as the steward's workbook, filled: what goes out comes back.

The template (``coopgraph.validation.workbooks``) with one row per resource of a sheet's class
(or of a subclass: an organisation is an actor), under its example row, and two more columns:
the row's classes (``rdf:type``, where they are other than the sheet's) and its IRI (``iri``),
so that the workbook, sent back unchanged, gives the same triples with the same IRIs
(``coopgraph.validation.tabular``). Concepts are written by their label in the drop-down
lists, territories by their code, other resources by their prefixed name.

What the sheets do not hold, and the workbook leaves out: resources of no sheet's class
(documents, stakes...), properties without a column, blank nodes other than a date's instant
(which comes back as ``<resource#date>``), and the language or datatype of a literal in any
column but the names and the date.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from coopgraph.validation.literals import as_written
from coopgraph.validation.results import compact
from coopgraph.validation.sheets import (
    DATE,
    EXAMPLE_ROW,
    IRI_KEY,
    KINDS,
    NAME,
    NAME_EN,
    TERRITORY,
    TIME,
    Column,
    Sheet,
    sheets_of,
)
from coopgraph.validation.territory_names import territory_iri
from coopgraph.validation.workbooks import HEADER_FONT, write_workbook

TYPES_KEY = "rdf:type"
EXTRA_COLUMNS = (
    (TYPES_KEY, "Classes (si autres que celle de la feuille)", "Classes (if not the sheet's)"),
    (IRI_KEY, "IRI (ne pas modifier)", "IRI (do not change)"),
)
"""The columns a downloaded description adds to the template's: key, French, English."""
_POSITIONS = (TIME.inXSDDate, TIME.inXSDgYear, TIME.inXSDgYearMonth, TIME.inXSDDateTime)


def write_filled_workbook(content_root: Path, ntriples: bytes, territory: str) -> bytes:
    """The template filled with a territory's published triples (N-Triples)."""
    description = Graph()
    with as_written():  # a literal is written back as it was published
        description.parse(data=ntriples, format="nt")
    return _fill(content_root, description, URIRef(territory))


def _fill(content_root: Path, description: Graph, territory: URIRef) -> bytes:
    sheets = sheets_of(content_root)
    book = load_workbook(io.BytesIO(write_workbook(sheets)))
    kinds = sheet_classes(content_root)
    for sheet in sheets:
        page = book[sheet.name]
        _add_columns(page, len(sheet.columns))
        rows = sorted(_members(description, kinds, sheet))
        for number, subject in enumerate(rows, start=EXAMPLE_ROW + 1):
            values = _row(description, sheet, subject, territory)
            for column, value in enumerate(values, start=1):
                page.cell(row=number, column=column, value=value or None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@lru_cache(maxsize=4)
def sheet_classes(content_root: Path) -> dict[URIRef, str]:
    """The sheet of each class: a sheet's class and its subclasses, by the ontology."""
    ontology = Graph()
    for path in sorted((content_root / "ontology").glob("*.ttl")):
        ontology.parse(path, format="turtle")
    kinds: dict[URIRef, str] = {}
    for sheet in sheets_of(content_root):
        for kind in ontology.transitive_subjects(RDFS.subClassOf, sheet.kind):
            if isinstance(kind, URIRef):
                kinds.setdefault(kind, sheet.name)
    return kinds


def _members(description: Graph, kinds: dict[URIRef, str], sheet: Sheet) -> set[URIRef]:
    """The resources whose first class (in a stable order) is of this sheet."""
    members = set()
    for subject in set(description.subjects(RDF.type, None)):
        types = description.objects(subject, RDF.type)
        found = sorted(kinds[t] for t in types if isinstance(t, URIRef) and t in kinds)
        if isinstance(subject, URIRef) and found and _first(found, sheet.name):
            members.add(subject)
    return members


def _first(found: list[str], name: str) -> bool:
    order = [sheet for sheet, *_kind in KINDS if sheet in found]
    return bool(order) and order[0] == name


def _add_columns(page: Worksheet, count: int) -> None:
    for offset, (key, french, english) in enumerate(EXTRA_COLUMNS, start=count + 1):
        for row, text in enumerate((french, english, key), start=1):
            page.cell(row=row, column=offset, value=text).font = HEADER_FONT


def _row(description: Graph, sheet: Sheet, subject: URIRef, territory: URIRef) -> list[str]:
    values = [_cell(description, sheet, column, subject, territory) for column in sheet.columns]
    types = sorted(str(t) for t in description.objects(subject, RDF.type))
    shown = "" if types == [str(sheet.kind)] else "; ".join(compact(URIRef(t)) for t in types)
    return [*values, shown, str(subject)]


def _cell(
    description: Graph, sheet: Sheet, column: Column, subject: URIRef, territory: URIRef
) -> str:
    if column.key in (NAME, NAME_EN):
        language = "fr" if column.key == NAME else "en"
        labels = description.objects(subject, RDFS.label)
        return _joined(str(v) for v in labels if isinstance(v, Literal) and v.language == language)
    if column.key == TERRITORY:
        places = list(description.objects(subject, sheet.place)) if sheet.place else [territory]
        return _joined(_territory(place) for place in places)
    if column.key == DATE:
        instants = description.objects(subject, TIME.hasTime)
        return _joined(str(description.value(i, p)) for i in instants for p in _POSITIONS
                       if description.value(i, p) is not None)  # fmt: skip
    if column.path is None:
        return ""
    return _joined(_term(value, column) for value in description.objects(subject, column.path))


def _territory(place: Node) -> str:
    if not isinstance(place, URIRef):
        return str(place)
    code = str(place).rsplit("/", 1)[-1]
    return code if territory_iri(code) == place else str(place)


def _term(value: Node, column: Column) -> str:
    if isinstance(value, Literal):
        return str(value)
    if not isinstance(value, URIRef):
        return ""  # a blank node: the sheets cannot name it
    labels = [c.label.lower() for c in column.choices]
    for choice in column.choices:
        if choice.iri == value and labels.count(choice.label.lower()) == 1:
            return choice.label
    return compact(value)


def _joined(values: Iterable[str]) -> str:
    return "; ".join(sorted(v for v in values if v))
