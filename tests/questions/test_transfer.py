"""Peer ranking: the documented score, its order, and the reasons given for it."""

from __future__ import annotations

from rdflib import XSD, Literal, URIRef

from coopgraph.questions.transfer import peers
from coopgraph.store.base import Row, Table

TERRITORY = URIRef("https://w3id.org/coopgraph/id/commune/62528")


def peer(code: str) -> URIRef:
    """A commune by its code."""
    return URIRef(f"https://w3id.org/coopgraph/id/commune/{code}")


def row(code: str, same: bool, ratio: str, spaces: int, experiences: int) -> Row:
    """One row of the peer-territories query."""
    return {
        "peer": peer(code),
        "sameType": Literal(same),
        "sizeRatio": Literal(ratio, datatype=XSD.decimal),
        "sharedSpaces": Literal(spaces),
        "experiences": Literal(experiences),
        "peerPopulation": Literal(6000),
    }


def ranked(*rows: Row) -> list[tuple[str, float]]:
    """(peer code, score) best first."""
    table = Table(("peer",), list(rows))
    findings = peers(table, {"territory": (TERRITORY,)})
    return [(str(r["peer"])[-5:], float(str(r["score"]))) for r in findings.records]


def test_score_is_the_documented_sum() -> None:
    # same type 2 + 2 x 0.5 + 1 space + 2 experiences
    assert ranked(row("59271", True, "0.5", 1, 2)) == [("59271", 6.0)]


def test_peers_come_best_first_ties_by_iri() -> None:
    rows = [
        row("76402", True, "0.9", 0, 1),
        row("22046", False, "1.0", 1, 1),
        row("59271", True, "0.9", 0, 1),
    ]
    assert ranked(*rows) == [("59271", 4.8), ("76402", 4.8), ("22046", 4.0)]


def test_each_peer_says_why_in_both_languages() -> None:
    table = Table(("peer",), [row("76402", True, "0.91", 2, 1)])
    record = peers(table, {}).records[0]
    reasons = record["reasons"]
    assert isinstance(reasons, tuple)
    english = [str(r) for r in reasons if isinstance(r, Literal) and r.language == "en"]
    assert english == [
        "same kind of territory: +2",
        "population 6000, size ratio 0.91: +1.82",
        "2 shared exchange space(s): +2",
        "1 experience(s) of the element: +1",
    ]
    assert int(str(record["rank"])) == 1


def test_appropriations_by_outcome_and_the_origin_of_the_element_count() -> None:
    # 0 (other type) + 2 x 0.25 + 0 spaces + 1 experience + 2 (one adopted) + 1 (drawn from it)
    origin = row("62528", False, "0.25", 0, 1) | {
        "appropriations": Literal(2),
        "drawnFrom": Literal(1),
    }
    assert ranked(origin, row("59271", True, "0.5", 0, 1)) == [("62528", 4.5), ("59271", 4.0)]
    reasons = peers(Table(("peer",), [origin]), {}).records[0]["reasons"]
    assert isinstance(reasons, tuple)
    assert [str(r) for r in reasons if isinstance(r, Literal) and r.language == "en"][-2:] == [
        "appropriation(s) of the element, by outcome (abandoned: 0): +2",
        "the element was drawn from its experience: +1",
    ]


def test_a_peer_of_unknown_population_scores_no_size_points() -> None:
    basin = {key: value for key, value in row("62528", False, "0", 0, 1).items()
             if key != "peerPopulation"}  # fmt: skip
    record = peers(Table(("peer",), [basin]), {}).records[0]
    assert float(str(record["score"])) == 1.0
    reasons = record["reasons"]
    assert isinstance(reasons, tuple)
    assert "population inconnue : +0" in [str(r) for r in reasons]
