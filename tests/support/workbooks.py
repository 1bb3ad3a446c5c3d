"""A filled copy of the steward's template: a few rows, each with one seeded fault, and where
each fault is (sheet, row, column key)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from coopgraph.validation.sheets import EXAMPLE_ROW, HEADER_ROWS

ROWS: dict[str, list[dict[str, str]]] = {
    "acteurs": [
        {"nom": "Mairie de Malaunay", "name": "Malaunay town hall", "territoire": "76402"},
        {"nom": "Comité des habitants", "name": "Residents' committee", "territoire": "76402"},
    ],
    "actions": [
        {  # fault: an impossible date
            "nom": "Jardin partagé", "name": "Shared garden", "territoire": "76402",
            "date": "2016-13-45", "cg:carriedBy": "Mairie de Malaunay",
            "cg:hasEffect": "Moins de déchets",
        },
        {  # fault: no one carries it (cg:carriedBy left empty)
            "nom": "Fête du quartier", "name": "Neighbourhood party", "territoire": "76402",
            "date": "2019-05-04",
        },
    ],
    "effets": [
        {  # fault: a dimension outside the list
            "nom": "Moins de déchets", "name": "Less waste", "territoire": "76402",
            "cg:dimension": "écologique-et-plus", "cg:polarity": "positive",
            "cg:epistemicStatus": "Constaté",
        },
    ],
    "cooperations": [
        {  # fault: one cooperator where two are needed
            "nom": "Coopération du jardin", "name": "Garden cooperation", "territoire": "76402",
            "cg:cooperator": "Mairie de Malaunay", "cg:cooperationAround": "Jardin partagé",
        },
    ],
}  # fmt: skip
FAULTS = {
    ("actions", EXAMPLE_ROW + 1, "date"),
    ("actions", EXAMPLE_ROW + 2, "cg:carriedBy"),
    ("effets", EXAMPLE_ROW + 1, "cg:dimension"),
    ("cooperations", EXAMPLE_ROW + 1, "cg:cooperator"),
}
"""(sheet, row, column key) of each seeded fault; a missing value is told at its column's
header-less cell of the row."""


LOOS_ROWS: dict[str, list[dict[str, str]]] = {
    "acteurs": [
        {"nom": "Mairie de Loos-en-Gohelle", "name": "Loos-en-Gohelle town hall",
         "territoire": "loos en gohelle"},
    ],
    "actions": [
        {"nom": "Toits solaires de l'église", "name": "Solar roofs of the church",
         "territoire": "Loos-en-Gohelle (62)", "date": "2013",
         "cg:carriedBy": "Mairie de Loos-en-Gohelle", "cg:hasEffect": "Énergie produite sur place"},
    ],
    "effets": [
        {"nom": "Énergie produite sur place", "name": "Energy produced locally",
         "territoire": "62528", "cg:dimension": "Écologique", "cg:polarity": "positive",
         "cg:effectOf": "Toits solaires de l'église", "cg:epistemicStatus": "Attendu"},
    ],
}  # fmt: skip
"""Rows of Loos-en-Gohelle that conform, its territory written by name, by name and
département, and by code."""


def fill(template: bytes, filled: dict[str, list[dict[str, str]]] = ROWS) -> bytes:
    """The template with rows (ROWS unless told) written under each sheet's example row."""
    book = load_workbook(io.BytesIO(template))
    for name, rows in filled.items():
        sheet = book[name]
        keys = [cell.value for cell in sheet[HEADER_ROWS]]
        for number, row in enumerate(rows, start=EXAMPLE_ROW + 1):
            for column, key in enumerate(keys, start=1):
                sheet.cell(row=number, column=column, value=row.get(str(key), None))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column_of(template: bytes, sheet: str, key: str) -> int:
    """The 1-based column number of ``key`` in ``sheet``."""
    book = load_workbook(io.BytesIO(template), read_only=True)
    keys = [cell.value for cell in next(book[sheet].iter_rows(min_row=HEADER_ROWS))]
    return keys.index(key) + 1
