"""Peer territories to learn from, for a territory and a referential element, with reasons.

The stored query (queries/peer-territories.rq) answers one row per peer that has experience
of the element (or of any element when none is given), with the parts of its score:
``?sameType`` (same kind of territory), ``?sizeRatio`` (smaller population over larger),
``?sharedSpaces`` (exchange spaces where both territorial collectives met), ``?experiences``
(facts at the peer that illustrate the element, or a narrower one), ``?appropriations`` (the
points of the peer's appropriations of the element, by outcome) and ``?drawnFrom`` (1 when the
element was drawn from the peer's experience). :func:`peers` scores each peer as the query's
header documents it:

=================  =============================================================
part               points
=================  =============================================================
same type          2 when the peer is the same kind
size               2 x the population ratio (0 to 1)
exchange spaces    1 for each shared space
experience         1 for each fact that illustrates the element
appropriations     2 for each adopted or adapted, 1 for each in progress, 0 abandoned
drawn from         1 when the element was drawn from the peer's experience
=================  =============================================================

then ranks the peers (best first, ties by IRI) and gives each the reasons of its score, one a
part, in French and English.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import XSD, Literal
from rdflib.term import Identifier

from coopgraph.questions.findings import Findings, Record
from coopgraph.questions.parameters import Values
from coopgraph.store import Row, Table

SAME_TYPE_POINTS = 2.0
"""Points for a peer of the same kind of territory."""
SIZE_POINTS = 2.0
"""Points for a peer of the same size, times the size ratio (1 for the same size)."""
COLUMNS = ("rank", "peer", "score", "sameType", "sizeRatio", "sharedSpaces", "experiences",
           "appropriations", "drawnFrom", "peerPopulation", "reasons")  # fmt: skip
"""The columns of the ranked peers' records."""
REASONS = {
    "type": ("même type de territoire : +2", "same kind of territory: +2"),
    "other-type": ("autre type de territoire : +0", "another kind of territory: +0"),
    "size": (
        "population {population}, rapport de taille {ratio} : +{points}",
        "population {population}, size ratio {ratio}: +{points}",
    ),
    "size-unknown": ("population inconnue : +0", "population unknown: +0"),
    "spaces": (
        "{count} espace(s) d'échange en commun : +{count}",
        "{count} shared exchange space(s): +{count}",
    ),
    "experience": (
        "{count} expérience(s) de l'élément : +{count}",
        "{count} experience(s) of the element: +{count}",
    ),
    "appropriations": (
        "appropriation(s) de l'élément, selon leur résultat (abandonnée : 0) : +{count}",
        "appropriation(s) of the element, by outcome (abandoned: 0): +{count}",
    ),
    "drawn-from": (
        "l'élément a été tiré de son expérience : +1",
        "the element was drawn from its experience: +1",
    ),
}
"""The reasons given for a score, in French and English."""


def _float(row: Row, key: str) -> float:
    try:
        return float(str(row[key])) if key in row else 0.0
    except ValueError:
        return 0.0


def _reason(key: str, **numbers: object) -> tuple[Literal, Literal]:
    french, english = REASONS[key]
    return (
        Literal(french.format(**numbers), lang="fr"),
        Literal(english.format(**numbers), lang="en"),
    )


def _size_reason(population: object, ratio: float) -> tuple[Literal, Literal]:
    if population is None:
        return _reason("size-unknown")
    return _reason("size", population=population, ratio=f"{ratio:.2f}", points=f"{2 * ratio:.2f}")


def score(row: Row) -> tuple[float, list[Literal]]:
    """A peer's score from the parts in its row, and the reasons for it."""
    same_type = str(row.get("sameType", "false")) in ("true", "1")
    ratio = _float(row, "sizeRatio")
    spaces, experiences = int(_float(row, "sharedSpaces")), int(_float(row, "experiences"))
    appropriations, drawn = int(_float(row, "appropriations")), _float(row, "drawnFrom") > 0
    points = SAME_TYPE_POINTS * same_type + SIZE_POINTS * ratio + spaces + experiences
    points += appropriations + drawn
    reasons = [
        *_reason("type" if same_type else "other-type"),
        *_size_reason(row.get("peerPopulation"), ratio),
        *_reason("spaces", count=spaces),
        *_reason("experience", count=experiences),
        *(_reason("appropriations", count=appropriations) if appropriations else ()),
        *(_reason("drawn-from") if drawn else ()),
    ]
    return round(points, 3), reasons


def _record(rank: int, row: Row, points: float, reasons: list[Literal]) -> Record:
    record: Record = {key: value for key, value in row.items() if key in COLUMNS}
    record["rank"] = Literal(rank)
    record["score"] = Literal(Decimal(f"{points:.3f}"), datatype=XSD.decimal)
    record["reasons"] = tuple(reasons)
    return record


def best_rows(table: Table) -> dict[Identifier, Row]:
    """One row per peer (the first the query gave)."""
    found: dict[Identifier, Row] = {}
    for row in table:
        if "peer" in row:
            found.setdefault(row["peer"], row)
    return found


def peers(table: Table, values: Values) -> Findings:
    """The peers of the rows, best first, each with its score and the reasons for it."""
    scored = [(score(row), row) for row in best_rows(table).values()]
    scored.sort(key=lambda item: (-item[0][0], str(item[1]["peer"])))
    records = [
        _record(rank, row, points, reasons)
        for rank, ((points, reasons), row) in enumerate(scored, start=1)
    ]
    summary: dict[str, object] = {k: values[k][0] for k in ("territory", "element") if k in values}
    return Findings(COLUMNS, records, summary)
