"""Where each triple of a converted spreadsheet was written: its sheet, row and column.

The cells travel with the submission as a :class:`Text` of media type :data:`CELLS` (JSON: in
``cells``, one list ``[subject, predicate, object, sheet, row, column, key]`` per triple, terms
in N-Triples form; in ``columns``, each sheet's column numbers by key), which
:class:`CellFinder` reads when results are located: a value left out is pointed at the empty
cell of its column in the row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from coopgraph.validation.results import Location, Text
from coopgraph.validation.sheets import key_of

CELLS = "application/vnd.coopgraph.cells+json"
"""The media type of a :class:`Text` listing each triple's cell."""


@dataclass(frozen=True)
class Cell:
    """One value as written: its sheet, row, column number and the column's key."""

    sheet: str
    row: int
    column: int
    key: str
    value: str


def cells_text(
    source: str,
    cells: Sequence[tuple[Node, Node, Node, Cell]],
    columns: Mapping[str, Mapping[str, int]],
) -> Text:
    """The cells of one upload's triples, and its sheets' columns, as a CELLS text."""
    listed = [[s.n3(), p.n3(), o.n3(), c.sheet, c.row, c.column, c.key] for s, p, o, c in cells]
    return Text(source, CELLS, json.dumps({"cells": listed, "columns": columns}))


class CellFinder:
    """Where a triple is written in a converted sheet: its sheet, row and column."""

    def __init__(self, text: Text) -> None:
        written = json.loads(text.text)
        self.columns: dict[str, dict[str, int]] = written["columns"]
        self.triples: dict[tuple[str, str], list[tuple[str, Location]]] = {}
        self.rows: dict[str, Location] = {}
        for s, p, o, sheet, row, column, key in written["cells"]:
            self.triples.setdefault((s, p), []).append((o, Location(sheet, row, column, key)))
            self.rows.setdefault(s, Location(sheet, row))

    def find(self, focus: Node, path: Node | None, value: Node | None) -> Location | None:
        """The cell of (focus, path, value), else of (focus, path), else the cell of the
        path's column in the focus's row, else the row."""
        found = self.triples.get((focus.n3(), path.n3() if path is not None else ""), [])
        for written, where in found:
            if value is None or written == value.n3():
                return where
        if found:
            return found[0][1]
        row = self.rows.get(focus.n3())
        if row is None or not isinstance(path, URIRef):
            return row
        key = key_of(path)
        column = self.columns.get(row.source, {}).get(key)
        return Location(row.source, row.line, column, key) if column else row
