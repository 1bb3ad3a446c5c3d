"""What is known of a territory, gathered from the stored queries on the project's whole content
(ontology, geography, seed, examples) through the real query path (ask, an inline runner)."""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path

import pytest
from rdflib import URIRef
from support.content_store import content_store

from coopgraph.errors import InputError
from coopgraph.questions import (
    Findings,
    Limits,
    TerritoryOverview,
    gather_territory,
    is_territory,
    territory_overview,
    territory_queries,
)
from coopgraph.questions.territories import GATHERED, PEERS_SHOWN, TERRITORY_TYPES
from coopgraph.questions.territory_view import STATUSES
from coopgraph.workers import InlineRunner

QUERIES = Path(__file__).resolve().parents[2] / "queries"
ID = "https://w3id.org/coopgraph/id/"
LOOS = f"{ID}commune/62528"
LENS_LIEVIN = f"{ID}epci/246200364"
LENS = f"{ID}commune/62498"


def _gather(territory: str) -> dict[str, Findings]:
    store = content_store()
    limits = Limits(20.0, asyncio.Semaphore(2), 10_000)
    queries = territory_queries(QUERIES)
    return asyncio.run(gather_territory(territory, queries, store, InlineRunner(store), limits))


@cache
def _overview(territory: str, lang: str = "fr") -> TerritoryOverview:
    return territory_overview(territory, _gather(territory), content_store(), lang)


def test_every_part_has_its_stored_query() -> None:
    assert set(territory_queries(QUERIES)) == set(GATHERED)
    assert territory_queries(QUERIES / "missing") == {}


def test_territories_are_told_by_their_types() -> None:
    assert is_territory([URIRef("https://w3id.org/coopgraph/def/Commune")])
    assert not is_territory([URIRef("https://w3id.org/coopgraph/def/Action")])
    assert URIRef("https://w3id.org/coopgraph/def/Intercommunality") in TERRITORY_TYPES


def test_the_trajectory_is_in_date_order_with_its_sources() -> None:
    milestones = _overview(LOOS).milestones
    starts = [m.start for m in milestones]
    assert starts == sorted(starts)
    assert milestones[0].shown.text == "Création du festival des Gohelliades"
    assert all(m.sources for m in milestones)  # the seed cites every milestone
    assert len({m.shown.iri for m in milestones}) == len(milestones)


def test_actions_carry_their_effects_statuses_and_sources() -> None:
    actions = _overview(f"{ID}commune/76402", "en").actions
    statuses = {e.status for a in actions for e in a.effects}
    assert statuses <= set(STATUSES)
    assert {"observed", "expected"} <= statuses
    retrofit = next(a for a in actions if a.shown.iri.endswith("malaunay-gymnasium-retrofit"))
    (saving,) = retrofit.effects
    assert saving.status == "expected"
    assert saving.status_shown is not None
    assert saving.status_shown.text == "Expected"
    assert {d.text for d in saving.dimensions} == {"Ecological", "Economic"}
    assert [s.path for s in saving.sources] == ["/id/document/cles-malaunay-laboratory"]


def test_the_cooperation_network_and_its_bridges() -> None:
    overview = _overview(LOOS)
    assert overview.cooperations
    actors = {c.actor.iri for c in overview.cooperations} | {
        c.partner.iri for c in overview.cooperations
    }
    assert {b.iri for b in overview.bridging} <= actors
    assert any(c.actor.illustrative or c.partner.illustrative for c in overview.cooperations)


def test_peers_are_the_best_few_with_reasons_in_one_language() -> None:
    peers = _overview(LOOS, "en").peers
    assert 0 < len(peers) <= PEERS_SHOWN
    assert LOOS not in {p.shown.iri for p in peers}
    scores = [float(p.score) for p in peers]
    assert scores == sorted(scores, reverse=True)
    reasons = [r for p in peers for r in p.reasons]
    assert any("kind of territory" in r for r in reasons)
    assert not any("territoire" in r for r in reasons)


def test_an_epci_holds_what_its_commune_holds() -> None:
    epci, commune = _overview(LENS_LIEVIN), _overview(LOOS)
    (loos,) = [h for h in epci.holdings if h.place.iri == LOOS]
    assert loos.milestones == len(commune.milestones)
    assert loos.actions == len(commune.actions)
    assert loos.effects == len({e.shown.iri for a in commune.actions for e in a.effects})
    assert commune.holdings == ()  # nothing inside the commune itself


def test_a_commune_with_nothing_is_empty_but_has_peers() -> None:
    overview = _overview(LENS)
    assert overview.is_empty
    assert overview.peers


def test_a_value_that_is_no_territory_is_refused_by_name() -> None:
    with pytest.raises(InputError, match="territory"):
        _gather(f"{ID}action/loos-fifty-fifty")
