"""Where a converted sheet's triples were written: the finder over the cells."""

from __future__ import annotations

from rdflib import Literal, URIRef

from coopgraph.validation.cells import CELLS, Cell, CellFinder, cells_text
from coopgraph.validation.results import Location

THING = URIRef("https://w3id.org/coopgraph/id/effect/76402-x")
DIMENSION = URIRef("https://w3id.org/coopgraph/def/dimension")
POLARITY = URIRef("https://w3id.org/coopgraph/def/polarity")
SHEET = "book.xlsx / effets"


def _finder() -> CellFinder:
    cells = [(THING, DIMENSION, Literal("bad"), Cell(SHEET, 7, 4, "cg:dimension", "bad"))]
    text = cells_text("book.xlsx", cells, {SHEET: {"cg:dimension": 4, "cg:polarity": 5}})
    assert text.media_type == CELLS
    return CellFinder(text)


def test_a_value_is_found_at_its_cell() -> None:
    found = _finder().find(THING, DIMENSION, Literal("bad"))
    assert found == Location(SHEET, 7, 4, "cg:dimension")


def test_a_value_left_out_is_pointed_at_its_column_in_the_row() -> None:
    assert _finder().find(THING, POLARITY, None) == Location(SHEET, 7, 5, "cg:polarity")


def test_a_thing_the_sheets_do_not_hold_is_not_found() -> None:
    assert _finder().find(URIRef("https://example.org/other"), DIMENSION, None) is None
