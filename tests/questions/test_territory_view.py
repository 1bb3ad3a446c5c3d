"""A territory's rows as a reader sees them: labels, local paths, statuses, order, counts."""

from __future__ import annotations

from rdflib import Literal, URIRef

from coopgraph.questions.findings import Record
from coopgraph.questions.renderings import Names
from coopgraph.questions.territory_view import Shown, Viewer, holdings

ID = "https://w3id.org/coopgraph/id/"
TOWN = URIRef(f"{ID}commune/1")
VILLAGE = URIRef(f"{ID}commune/2")
EPCI = URIRef(f"{ID}epci/1")
ACTION = URIRef(f"{ID}action/a")
OTHER = URIRef(f"{ID}action/b")
EFFECT = URIRef(f"{ID}effect/e")
DOCUMENT = URIRef("http://example.org/report")
STATUS = URIRef("https://w3id.org/coopgraph/ref/epistemic-status/hypothesised")
NAMES = Names(
    {TOWN: Literal("Ville", lang="fr"), ACTION: Literal("Action A", lang="fr")},
    illustrative=[OTHER],
)


def _viewer(lang: str = "fr") -> Viewer:
    return Viewer(NAMES, {ACTION: [DOCUMENT]}, lang)


def test_a_term_shows_its_label_path_and_whether_it_is_invented() -> None:
    viewer = _viewer()
    assert viewer.shown(TOWN) == Shown(str(TOWN), "Ville", "/id/commune/1")
    assert viewer.shown(OTHER).illustrative
    assert viewer.shown(OTHER).text == "b"  # no label: the end of the IRI
    assert viewer.shown(DOCUMENT).path is None  # served elsewhere
    assert viewer.cited(ACTION) == (Shown(str(DOCUMENT), "report"),)


def test_milestones_are_kept_once_in_date_order() -> None:
    rows: list[Record] = [
        {"milestone": OTHER, "start": Literal("2010"), "place": TOWN},
        {"milestone": ACTION, "start": Literal("1995"), "end": Literal("1999"), "place": TOWN},
        {"milestone": OTHER, "start": Literal("2010"), "place": TOWN},
    ]
    milestones = _viewer().milestones(rows)
    assert [(m.start, m.end) for m in milestones] == [("1995", "1999"), ("2010", None)]
    assert milestones[0].sources == (Shown(str(DOCUMENT), "report"),)


def test_effects_join_their_action_with_status_and_dimensions() -> None:
    actions: list[Record] = [{"action": OTHER, "place": VILLAGE}]
    effects: list[Record] = [
        {"action": ACTION, "place": TOWN, "effect": EFFECT, "dimension": URIRef(f"{ID}d/1"),
         "status": STATUS},
        {"action": ACTION, "place": TOWN, "effect": EFFECT, "dimension": URIRef(f"{ID}d/2"),
         "status": STATUS},
    ]  # fmt: skip
    first, second = _viewer().actions(actions, effects)
    assert first.shown.text == "Action A"
    (effect,) = first.effects
    assert effect.status == "hypothesised"
    assert [d.text for d in effect.dimensions] == ["1", "2"]
    assert second.effects == ()


def test_an_effect_without_a_known_status_says_so() -> None:
    effect = _viewer().effect(EFFECT, [{"action": ACTION, "effect": EFFECT}])
    assert effect.status == "unknown"
    assert effect.status_shown is None


def test_peer_reasons_keep_the_page_language() -> None:
    reasons = (Literal("même type", lang="fr"), Literal("same kind", lang="en"))
    (peer,) = _viewer("en").peers([{"peer": TOWN, "score": Literal(4), "reasons": reasons}])
    assert peer.reasons == ("same kind",)
    assert peer.score == "4"


def test_holdings_count_by_place_inside_leaving_the_territory_out() -> None:
    viewer = _viewer()
    effects: list[Record] = [{"action": ACTION, "place": TOWN, "effect": EFFECT}]
    actions = viewer.actions([{"action": OTHER, "place": EPCI}], effects)
    milestones = viewer.milestones([{"milestone": ACTION, "start": Literal("2001"), "place": TOWN}])
    (town,) = holdings(EPCI, milestones, actions)
    assert (town.place.text, town.actions, town.milestones, town.effects) == ("Ville", 1, 1, 1)
