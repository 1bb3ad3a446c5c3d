"""Every stored query in queries/: header, parsing, a run on the project data, and a
hand-checked answer from the sourced seed facts (data/seed/) or the invented worked examples
(data/examples/, loaded explicitly here: they are not part of the default content).

Each hand-checked test says which it rests on. Parameters are bound by the engine (pyoxigraph
substitutions), as the API will bind them.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from coopgraph import iris
from coopgraph.content import loading
from coopgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))
CG = "https://w3id.org/coopgraph/def/"
REF = "https://w3id.org/coopgraph/ref/"
ID = "https://w3id.org/coopgraph/id/"
PARAM_TYPES = {"iri": "class", "concept": "scheme", "literal": "datatype"}
# Loose: the whole project (265k triples of geography included) in memory.
SECONDS_PER_QUERY = 2.0


def _header(path: Path) -> dict[str, Any]:
    """The YAML header of a stored query: its leading `#+ ` comment lines."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    header: dict[str, Any] = yaml.safe_load("\n".join(lines))
    return header


def _projection(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    select = text.index("\nSELECT")
    return text[select : text.index("WHERE", select)]


def _body(path: Path) -> str:
    """The query's text without its comment lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def _short(term: Identifier) -> str:
    """IRIs without the coopgraph bases (id:, ref:, cg:), literals as their lexical form."""
    text = str(term)
    for base, prefix in ((ID, "id:"), (REF, "ref:"), (CG, "cg:")):
        if text.startswith(base):
            return prefix + text[len(base) :]
    return text


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The whole project content with the examples asked for, as `coopgraph serve --examples`
    synchronises it: the seed's answers and the examples' answers side by side."""
    store = EmbeddedStore.in_memory()
    loading.synchronise(store, ROOT, examples=True)
    return store


@pytest.fixture(scope="module")
def ontology_terms(store: EmbeddedStore) -> frozenset[str]:
    """Classes and concept schemes of the ontology graph."""
    table = store.select(
        f"""SELECT ?term WHERE {{ GRAPH <{iris.ONTOLOGY_GRAPH}> {{
              {{ ?term a <http://www.w3.org/2002/07/owl#Class> }} UNION
              {{ ?term a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }} }} }}"""
    )
    return frozenset(str(row["term"]) for row in table)


def _answer(
    store: EmbeddedStore, name: str, columns: tuple[str, ...], **bindings: Identifier
) -> list[tuple[str, ...]]:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    table = store.select(text, bindings)
    return [tuple(_short(row[c]) if c in row else "" for c in columns) for row in table]


# --- headers ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_header_names_and_describes_the_query(path: Path) -> None:
    header = _header(path)
    assert header["name"] == path.stem
    for field in ("summary", "description"):
        assert set(header[field]) == {"fr", "en"}, f"{field} needs fr and en"
        assert all(isinstance(text, str) and text.strip() for text in header[field].values())
    assert header.get("question", 1) in range(1, 13)  # theme-actions, theme-effects: none
    assert isinstance(header["tags"], list)
    assert header["tags"]


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_header_types_every_parameter(path: Path, ontology_terms: frozenset[str]) -> None:
    projection = _projection(path)
    for param in _header(path).get("params", []):
        kind = param["type"]
        assert kind in PARAM_TYPES, f"{param['name']}: unknown type {kind}"
        target = param[PARAM_TYPES[kind]]
        if kind == "literal":
            assert target.startswith("xsd:")
        else:
            # skos:Concept, our classes' superclass: peer-territories takes an element of the
            # referential or an axis of the code source loossois, two schemes
            known = ontology_terms | {"http://www.w3.org/2004/02/skos/core#Concept"}
            assert target in known, f"{param['name']}: {target} is not in the ontology"
        assert isinstance(param["required"], bool)
        if not re.search(rf"\?{param['name']}\b", _body(path)):
            # a parameter of the analysis only (action-effects' depth)
            assert "analysis" in _header(path), f"?{param['name']} is no variable of the query"
            continue
        # pyoxigraph binds only variables of the projection.
        projected = re.search(rf"\?{param['name']}\b", projection)
        assert projected, f"?{param['name']} is not projected"


def test_the_twelve_questions_have_one_query_each() -> None:
    questions = sorted(
        _header(path)["question"] for path in QUERY_FILES if "question" in _header(path)
    )
    assert questions == list(range(1, 13))


# --- parsing and running ----------------------------------------------------------------


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_query_parses_and_runs_on_an_empty_store(path: Path) -> None:
    assert len(EmbeddedStore.in_memory().select(path.read_text(encoding="utf-8"))) == 0


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_query_answers_on_the_project_data_with_no_parameter(
    store: EmbeddedStore, path: Path
) -> None:
    started = time.perf_counter()
    table = store.select(path.read_text(encoding="utf-8"))
    assert time.perf_counter() - started < SECONDS_PER_QUERY
    assert len(table) > 1


# --- hand-checked answers ---------------------------------------------------------------

# Examples (invented): the eco-renovation of Loos-en-Gohelle and its loop.
ECO_RENOVATION = URIRef(ID + "action/loos-eco-renovation")
LOOS = URIRef(ID + "commune/62528")


def test_effects_of_the_le_mene_wind_farm_follow_the_sourced_links(store: EmbeddedStore) -> None:
    """Seed: the wind farm's two observed effects, and the hypothesised link to local coverage."""
    rows = _answer(
        store,
        "action-effects",
        ("effect", "direct", "cause"),
        action=URIRef(ID + "action/le-mene-participatory-wind-farm"),
    )
    effect = "id:effect/le-mene-"
    assert sorted(set(rows)) == [
        (effect + "electricity-covered", "false", effect + "wind-electricity"),
        (effect + "inhabitants-own-wind", "true", ""),
        (effect + "wind-electricity", "true", ""),
    ]


def test_action_effects_follow_chains_through_the_loop(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "action-effects",
        ("effect", "dimension", "direct", "cause", "linkPolarity"),
        action=ECO_RENOVATION,
    )
    effect, dim = "id:effect/loos-", "ref:effect-dimension/"
    positive, negative = "ref:polarity/positive", "ref:polarity/negative"
    assert sorted(rows) == sorted(
        [
            # direct effects
            (effect + "lower-energy-bills", dim + "economic", "true", "", ""),
            (effect + "lower-emissions", dim + "ecological", "true", "", ""),
            (effect + "local-building-jobs", dim + "economic", "true", "", ""),
            (effect + "rent-increase", dim + "social", "true", "", ""),
            # causal steps, the last three forming the loop skills -> pride -> participation
            # (found by the effects analysis: tests/web/test_api.py)
            (
                effect + "lower-energy-bills",
                dim + "economic",
                "false",
                effect + "rent-increase",
                negative,
            ),
            (
                effect + "resident-skills",
                dim + "social",
                "false",
                effect + "local-building-jobs",
                positive,
            ),
            (
                effect + "pride-in-mining-heritage",
                dim + "cultural",
                "false",
                effect + "resident-skills",
                positive,
            ),
            (
                effect + "participation",
                dim + "democratic",
                "false",
                effect + "pride-in-mining-heritage",
                positive,
            ),
            (
                effect + "resident-skills",
                dim + "social",
                "false",
                effect + "participation",
                positive,
            ),
        ]
    )


def test_action_effects_cross_all_five_dimensions(store: EmbeddedStore) -> None:
    rows = _answer(store, "action-effects", ("dimension",), action=ECO_RENOVATION)
    assert {row[0].rsplit("/", 1)[1] for row in rows} == {
        "ecological",
        "economic",
        "social",
        "cultural",
        "democratic",
    }


def test_action_effects_filtered_by_dimension(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "action-effects",
        ("effect", "direct"),
        action=ECO_RENOVATION,
        dimension=URIRef(REF + "effect-dimension/social"),
    )
    assert sorted(rows) == [
        ("id:effect/loos-rent-increase", "true"),
        ("id:effect/loos-resident-skills", "false"),
        ("id:effect/loos-resident-skills", "false"),
    ]


def test_integrated_actions_rank_by_dimensions_reached(store: EmbeddedStore) -> None:
    rows = _answer(store, "integrated-actions", ("action", "dimensionCount"))
    action = "id:action/"
    assert rows == [
        (action + "loos-eco-renovation", "5"),  # examples
        (action + "loos-fifty-fifty-gardens", "4"),  # examples
        (action + "grande-synthe-urban-farms", "3"),  # seed: economic, social, ecological
        (action + "le-mene-energy-cooperative", "3"),  # examples
        (action + "le-mene-participatory-wind-farm", "3"),  # seed
        (action + "loos-change-management-strategy", "3"),  # seed
        (action + "loos-solar-roofs", "3"),  # examples
        (action + "malaunay-energy-plan", "3"),  # examples
        (action + "grande-synthe-guaranteed-social-minimum", "2"),
        (action + "grande-synthe-shared-gardens", "2"),  # examples
        (action + "le-mene-energy-autonomy-strategy", "2"),
        (action + "le-mene-geotexia", "2"),
        (action + "loos-church-solar-roof", "2"),
        (action + "loos-fifty-fifty", "2"),
        (action + "loos-mine-de-soleil", "2"),
        (action + "malaunay-eco-citizen-committee", "2"),
        (action + "malaunay-gymnasium-retrofit", "2"),
    ]


def test_integrated_actions_with_a_higher_threshold_in_one_territory(
    store: EmbeddedStore,
) -> None:
    rows = _answer(
        store,
        "integrated-actions",
        ("action", "dimensionCount"),
        territory=LOOS,
        minDimensions=Literal(4, datatype=XSD.integer),
    )
    assert rows == [
        ("id:action/loos-eco-renovation", "5"),
        ("id:action/loos-fifty-fifty-gardens", "4"),
    ]


def test_trade_offs_of_the_eco_renovation(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "action-trade-offs",
        ("negativeEffect", "positiveEffect"),
        action=ECO_RENOVATION,
    )
    assert rows == [
        ("id:effect/loos-rent-increase", "id:effect/loos-" + name)
        for name in (
            "local-building-jobs",
            "lower-emissions",
            "lower-energy-bills",
            "participation",
            "pride-in-mining-heritage",
        )
    ]


def test_trade_offs_of_the_sourced_change_management_strategy(store: EmbeddedStore) -> None:
    """Seed: the 2016 evaluation's strained town hall (social) against the democratic and
    economic gains; the knock-on effect's social side is no trade-off with a social cost."""
    rows = _answer(
        store,
        "action-trade-offs",
        ("negativeEffect", "positiveEffect", "positiveDimension"),
        action=URIRef(ID + "action/loos-change-management-strategy"),
    )
    effect, dim = "id:effect/loos-", "ref:effect-dimension/"
    strained = effect + "town-organisation-strained"
    assert sorted(rows) == [
        (strained, effect + "actors-change-posture", dim + "democratic"),
        (strained, effect + "actors-take-initiative", dim + "democratic"),
        (strained, effect + "better-public-action", dim + "democratic"),
        (strained, effect + "better-public-action", dim + "economic"),
    ]


def test_trade_offs_count_every_opposed_pair(store: EmbeddedStore) -> None:
    rows = _answer(store, "action-trade-offs", ("action",))
    counts = {action: rows.count((action,)) for (action,) in set(rows)}
    assert counts == {
        "id:action/loos-change-management-strategy": 4,  # seed, above
        "id:action/loos-eco-renovation": 5,
        "id:action/loos-fifty-fifty-gardens": 3,
        "id:action/loos-solar-roofs": 2,
        "id:action/malaunay-energy-plan": 2,
    }


def test_transfer_trail_to_grande_synthe(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "transfer-trails",
        ("element", "phase", "exchangeSpace", "stepSeason", "resistance", "outcomeKind"),
        targetTerritory=URIRef(ID + "commune/59271"),
    )
    resistance, adapted = (
        "id:resistance/grande-synthe-procurement-rules",
        "ref:transfer-outcome/adapted",
    )
    element, phase = "ref:element/fifty-fifty", "ref:transfer-phase/"
    assert rows == [
        (
            element,
            phase + "decontextualisation",
            "id:exchange-space/villes-pairs-1-inter-territory",
            "id:season/villes-pairs-1",
            resistance,
            adapted,
        ),
        (
            element,
            phase + "appropriation",
            "id:exchange-space/example-peer-group-elected-officials",
            "id:season/villes-pairs-2",
            resistance,
            adapted,
        ),
        (
            element,
            phase + "recontextualisation",
            "id:collective/grande-synthe",
            "id:season/villes-pairs-2",
            resistance,
            adapted,
        ),
    ]


def test_transfers_from_loos_en_gohelle_and_their_outcomes(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "transfer-trails",
        ("toTerritory", "outcomeKind"),
        sourceTerritory=LOOS,
    )
    # toTerritory: the transfer's own end; targetTerritory is the parameter (unbound here).
    assert sorted(set(rows)) == [
        ("id:commune/22046", "ref:transfer-outcome/adopted"),
        ("id:commune/59271", "ref:transfer-outcome/adapted"),
        ("id:commune/76402", "ref:transfer-outcome/in-progress"),
        ("id:epci/200067460", "ref:transfer-outcome/abandoned"),
    ]


def test_peer_territories_ranked_with_their_reasons(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "peer-territories",
        ("peer", "sameType", "sharedSpaces", "experiences", "appropriations", "drawnFrom"),
        territory=LOOS,
        element=URIRef(REF + "element/inhabitant-involvement"),
    )
    # Examples. Le Mené is the closest in size and adopted the element (+2); Grande-Synthe is three
    # times larger and adapted fifty-fifty, a narrower element (+2); Loudéac Communauté is an
    # EPCI of 51,811 people and shared one space only. Malaunay's experience is of another
    # element.
    assert rows == [
        ("id:commune/22046", "true", "2", "1", "2", "0"),
        ("id:commune/59271", "true", "2", "2", "2", "0"),
        ("id:epci/200067460", "false", "1", "1", "0", "0"),
    ]


def test_peer_territory_score_is_the_documented_sum(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "peer-territories",
        ("peer", "score"),
        territory=LOOS,
        element=URIRef(REF + "element/inhabitant-involvement"),
    )
    scores = {peer: float(score) for peer, score in rows}
    # 2 (same kind) + 2 * 6556/6799 + 2 shared spaces + 1 experience + 2 (adopted)
    assert scores["id:commune/22046"] == pytest.approx(2 + 2 * 6556 / 6799 + 2 + 1 + 2)
    # 2 (same kind) + 2 * 6799/20239 + 2 shared spaces + 2 experiences + 2 (adapted)
    assert scores["id:commune/59271"] == pytest.approx(2 + 2 * 6799 / 20239 + 2 + 2 + 2)
    # 0 (commune vs EPCI) + 2 * 6799/51811 + 1 shared space + 1 experience
    assert scores["id:epci/200067460"] == pytest.approx(2 * 6799 / 51811 + 1 + 1)


def test_an_abandoned_appropriation_counts_for_nothing(store: EmbeddedStore) -> None:
    """Examples: Loudéac Communauté gave up narrative and meaning, so its experience of that
    element counts for nothing; Loos-en-Gohelle, where the element was drawn from, ranks for
    it on the seed's sourced Gohelliades and 2016 evaluation."""
    rows = _answer(
        store,
        "peer-territories",
        ("peer", "experiences", "drawnFrom"),
        territory=URIRef(ID + "commune/76402"),
        element=URIRef(REF + "element/narrative-and-meaning"),
    )
    peers = {peer: (experiences, drawn) for peer, experiences, drawn in rows}
    assert "id:epci/200067460" not in peers
    assert peers["id:commune/62528"] == ("2", "1")


def test_cooperation_system_of_loos_en_gohelle_grows_and_has_bridges(
    store: EmbeddedStore,
) -> None:
    rows = _answer(
        store,
        "cooperation-system",
        ("since", "actor", "partner", "actorBridges", "partnerBridges"),
        territory=LOOS,
    )
    org = "id:organisation/"
    assert rows == [
        ("2012", org + "loos-building-cooperative", org + "loos-en-gohelle-town", "true", "true"),
        ("2015", org + "gohelle-social-landlord", org + "loos-en-gohelle-town", "false", "true"),
        ("2016", org + "loos-en-gohelle-town", org + "loos-gardeners-association", "true", "false"),
        (
            "2018",
            org + "loos-building-cooperative",
            "id:person/loos-inhabitant-builder",
            "true",
            "false",
        ),
        (
            "2020",
            org + "loos-gardeners-association",
            org + "loos-market-gardener",
            "false",
            "false",
        ),
        ("2021", org + "loos-building-cooperative", org + "loos-market-gardener", "true", "false"),
    ]


def test_cooperation_system_as_it_stood_in_2016(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "cooperation-system",
        ("since",),
        territory=LOOS,
        until=Literal(2016, datatype=XSD.integer),
    )
    assert rows == [("2012",), ("2015",), ("2016",)]


def test_what_supports_or_challenges_the_value_hypothesis_in_loos_en_gohelle(
    store: EmbeddedStore,
) -> None:
    rows = _answer(
        store,
        "hypothesis-evidence",
        ("stance", "item", "itemKind"),
        hypothesis=URIRef(REF + "hypothesis/value"),
        territory=LOOS,
    )
    assert rows == [
        ("challenges", "id:effect/loos-garden-upkeep-cost", "cg:Effect"),
        ("challenges", "id:evaluation/loos-eco-renovation-2019", "cg:Evaluation"),
        ("supports", "id:action/loos-school-meals-service", "cg:ServiceOffer"),
        ("supports", "id:evaluation/loos-food-2022", "cg:Evaluation"),
        ("supports", "id:season/villes-pairs-1", "cg:Season"),
    ]


def test_sourced_evidence_for_the_territory_hypothesis_in_loos_en_gohelle(
    store: EmbeddedStore,
) -> None:
    """Seed effects (observed, each with its source) beside the examples' invented ones."""
    rows = _answer(
        store,
        "hypothesis-evidence",
        ("stance", "item"),
        hypothesis=URIRef(REF + "hypothesis/territory"),
        territory=LOOS,
    )
    assert rows == [
        ("supports", "id:action/loos-fifty-fifty-gardens"),  # examples
        ("supports", "id:effect/loos-actors-change-posture"),  # seed: the 2016 evaluation
        ("supports", "id:effect/loos-history-reappropriated"),  # seed: the Gohelliades
        ("supports", "id:effect/loos-inhabitants-take-up-solar"),  # seed: Mine de Soleil
        ("supports", "id:effect/loos-participation"),  # examples
        ("supports", "id:season/villes-pairs-1"),  # seed: workshop.ttl
    ]


def test_the_territory_hypothesis_is_challenged_in_malaunay(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "hypothesis-evidence",
        ("stance", "item"),
        hypothesis=URIRef(REF + "hypothesis/territory"),
        territory=URIRef(ID + "commune/76402"),
    )
    assert rows == [
        ("challenges", "id:effect/malaunay-weak-ownership"),
        ("challenges", "id:evaluation/malaunay-energy-2020"),
        ("supports", "id:season/villes-pairs-1"),
    ]


def test_value_created_by_the_loos_food_ecosystem(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "ecosystem-value",
        ("value", "valueKind", "beneficiary", "convention", "indicators"),
        ecosystem=URIRef(ID + "cooperative-ecosystem/loos-food"),
    )
    fee = "id:monetary-convention/loos-food-meal-fee"
    indicators = ["loos-child-health-survey", "loos-local-share-of-meals", "loos-trust-survey"]
    org, value = "id:organisation/", "id:value/loos-food-"
    assert [row[:4] for row in rows] == [
        (value + "avoided-waste", "cg:MaterialValue", org + "loos-en-gohelle-town", fee),
        (value + "child-health", "cg:ImmaterialValue", org + "loos-parents-association", fee),
        (value + "local-income", "cg:MaterialValue", org + "loos-market-gardener", fee),
        (value + "trust", "cg:ImmaterialValue", org + "loos-gardeners-association", ""),
        (value + "trust", "cg:ImmaterialValue", org + "loos-market-gardener", ""),
    ]
    for row in rows:
        assert sorted(iri.rsplit("/", 1)[1] for iri in row[4].split()) == indicators


def test_trajectory_of_loos_en_gohelle_in_time_order(store: EmbeddedStore) -> None:
    rows = _answer(store, "territory-trajectory", ("milestone", "start", "end"), territory=LOOS)
    # Seed only: the charter is dated 2000 (no 1999 vote), the solar actions are milestones.
    assert rows == [
        ("id:milestone/loos-en-gohelle-gohelliades", "1984", ""),
        ("id:milestone/loos-en-gohelle-land-use-plan-revision", "1995", "1999"),
        ("id:milestone/loos-en-gohelle-eco-construction", "1997", ""),
        ("id:milestone/loos-en-gohelle-charte-cadre-de-vie", "2000", ""),
        ("id:milestone/mining-basin-unesco-listing", "2012", ""),
        ("id:action/loos-church-solar-roof", "2014", ""),
        ("id:milestone/loos-en-gohelle-ademe-demonstrator", "2014-10-07", ""),
        ("id:evaluation/loos-en-gohelle-quadrant-conseil-2016", "2016", ""),
        ("id:action/loos-mine-de-soleil", "2019", ""),
    ]


def test_inhabitant_actors_and_their_actions(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "action-engagement",
        ("action", "agent", "agentKind"),
        role=URIRef(REF + "actor-role/inhabitant-actor"),
    )
    assert rows == [
        (
            "id:action/grande-synthe-shared-gardens",
            "id:person/grande-synthe-inhabitant",
            "cg:Inhabitant",
        ),
        ("id:action/loos-eco-renovation", "id:person/loos-inhabitant-builder", "cg:Inhabitant"),
        (
            "id:action/loos-fifty-fifty-gardens",
            "id:person/loos-inhabitant-gardener",
            "cg:Inhabitant",
        ),
    ]


def test_everyone_engaged_in_the_eco_renovation_with_their_role(store: EmbeddedStore) -> None:
    rows = _answer(store, "action-engagement", ("agent", "role"), action=ECO_RENOVATION)
    role, org = "ref:actor-role/", "id:organisation/"
    assert sorted(rows) == [
        (org + "gohelle-social-landlord", role + "partner"),
        (org + "loos-building-cooperative", role + "partner"),
        (org + "loos-en-gohelle-town", role + "project-leader"),
        ("id:person/loos-director-of-services", role + "director-of-services"),
        ("id:person/loos-inhabitant-builder", role + "inhabitant-actor"),
    ]


def test_season_one_participants_are_the_four_collectives(store: EmbeddedStore) -> None:
    """Seed: the four pilot communes' collectives (one each, inferred from the source) in the
    inter-territory space, and the four communes the season names as participating, each at
    the territorial collective level with no exchange space."""
    rows = _answer(
        store,
        "season-participation",
        ("level", "exchangeSpace", "participant", "territory"),
        season=URIRef(ID + "season/villes-pairs-1"),
    )
    level = "ref:exchange-level/"
    space = "id:exchange-space/villes-pairs-1-inter-territory"
    assert rows == [
        (level + "inter-territory", space, "id:collective/grande-synthe", "id:commune/59271"),
        (level + "inter-territory", space, "id:collective/le-mene", "id:commune/22046"),
        (level + "inter-territory", space, "id:collective/loos-en-gohelle", "id:commune/62528"),
        (level + "inter-territory", space, "id:collective/malaunay", "id:commune/76402"),
        *(
            (level + "territorial-collective", "", "id:commune/" + code, "id:commune/" + code)
            for code in ("22046", "59271", "62528", "76402")
        ),
    ]


def test_season_three_counts_its_participating_territories(store: EmbeddedStore) -> None:
    """Seed: season 3 names five participating territories (cg:participatingTerritory) and no
    membership; each takes part at the territorial collective level, with its French label."""
    rows = _answer(
        store,
        "season-participation",
        ("exchangeSpace", "participant", "participantLabelFr", "territory"),
        season=URIRef(ID + "season/villes-pairs-3"),
        level=URIRef(REF + "exchange-level/territorial-collective"),
    )
    assert [(space, territory) for space, _, _, territory in rows] == [
        ("", "id:commune/56121"),
        ("", "id:commune/62498"),
        ("", "id:department/63"),
        ("", "id:epci/200042174"),
        ("", "id:epci/200046977"),
    ]
    assert [participant for _, participant, _, _ in rows] == [row[3] for row in rows]
    assert {label for _, _, label, _ in rows} >= {"Lens", "Lorient", "Puy-de-Dôme"}


def test_a_participating_territory_is_left_out_of_other_levels(store: EmbeddedStore) -> None:
    """Seed and examples: asked for the inter-territory level, season 3 answers only the
    examples' stand-in space, none of its participating territories."""
    rows = _answer(
        store,
        "season-participation",
        ("exchangeSpace",),
        season=URIRef(ID + "season/villes-pairs-3"),
        level=URIRef(REF + "exchange-level/inter-territory"),
    )
    assert set(rows) == {("id:exchange-space/example-villes-pairs-3-inter-territory",)}


def test_season_two_peer_groups(store: EmbeddedStore) -> None:
    """Examples: the seed names no peer group (the source gives shared commitments only as
    examples), so every group met here is one of the examples' stand-ins."""
    rows = _answer(
        store,
        "season-participation",
        ("exchangeSpace", "participant", "role"),
        season=URIRef(ID + "season/villes-pairs-2"),
        level=URIRef(REF + "exchange-level/peer"),
    )
    group, role = "id:exchange-space/example-peer-group-", "ref:actor-role/"
    assert rows == [
        (
            group + "directors-of-services",
            "id:person/loos-director-of-services",
            role + "director-of-services",
        ),
        (
            group + "directors-of-services",
            "id:person/malaunay-director-of-services",
            role + "director-of-services",
        ),
        (
            group + "elected-officials",
            "id:person/grande-synthe-elected-official",
            role + "elected-official",
        ),
        (group + "elected-officials", "id:person/loos-elected-official", role + "elected-official"),
        (group + "entrepreneurs", "id:person/le-mene-entrepreneur", role + "entrepreneur"),
    ]


def test_resources_of_the_fifty_fifty_gardens_include_commons(store: EmbeddedStore) -> None:
    rows = _answer(
        store,
        "action-resources",
        ("resource", "nature", "kind", "commons"),
        action=URIRef(ID + "action/loos-fifty-fifty-gardens"),
    )
    kind = "ref:resource-kind/"
    assert rows == [
        ("id:resource/loos-residents-trust", "cg:ImmaterialResource", kind + "trust", "false"),
        ("id:resource/loos-seed-library", "cg:ImmaterialResource", kind + "skills", "true"),
        (
            "id:resource/loos-shared-garden-plots",
            "cg:MaterialResource",
            kind + "land-and-buildings",
            "true",
        ),
    ]


def test_season_three_meetings_are_an_illustrative_stand_in(store: EmbeddedStore) -> None:
    """Examples: the seed names season 3's territories but no exchange space of it."""
    rows = _answer(
        store,
        "season-participation",
        ("exchangeSpace", "participant", "role"),
        season=URIRef(ID + "season/villes-pairs-3"),
    )
    space = "id:exchange-space/example-villes-pairs-3-inter-territory"
    assert [row for row in rows if row[0]] == [
        (space, "id:collective/loos-en-gohelle", ""),
        (space, "id:person/atemis-researcher", "ref:actor-role/facilitator"),
    ]


@dataclass(frozen=True)
class _Count:
    name: str
    bindings: dict[str, Identifier]
    rows: int


# Whole answers whose size was counted by hand from data/examples and data/seed.
COUNTS = [
    _Count("action-resources", {}, 14),  # examples only: the seed describes no resource
    _Count("action-trade-offs", {}, 16),  # 12 in the examples, 4 in the seed
    _Count("transfer-trails", {}, 11),  # 3 + 3 + 3 + 2 steps (examples)
    # seed: 4 in season 1, and its 4 participating territories, the 5 of season 3; examples: 5
    # collectives and 1 inhabitant in season 2, 5 in its peer groups, 2 in season 3
    _Count("season-participation", {}, 26),
    _Count("ecosystem-value", {}, 7),
    _Count("action-engagement", {}, 22),
]


@pytest.mark.parametrize("case", COUNTS, ids=lambda case: case.name)
def test_whole_answer_has_the_counted_size(store: EmbeddedStore, case: _Count) -> None:
    assert len(_answer(store, case.name, (), **case.bindings)) == case.rows


# --- indicator series -------------------------------------------------------------------

_SERIES = """PREFIX cg: <https://w3id.org/coopgraph/def/>
PREFIX commune: <https://w3id.org/coopgraph/id/commune/>
PREFIX department: <https://w3id.org/coopgraph/id/department/>
PREFIX observation: <https://w3id.org/coopgraph/id/observation/>
PREFIX indicator: <https://w3id.org/coopgraph/id/indicator/>
PREFIX t: <https://w3id.org/coopgraph/id/time/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
INSERT DATA {
  commune:1 cg:isPartOf department:1 .
  commune:2 cg:isPartOf department:2 .
  observation:a a cg:IndicatorObservation ; cg:indicator indicator:x ;
      cg:observedTerritory commune:1 ; cg:observedValue 10 ;
      cg:unit <http://qudt.org/vocab/unit/NUM> ; dcterms:source <https://example.org/d> ;
      time:hasTime t:a .
  t:a time:inXSDgYear "2020"^^xsd:gYear .
  observation:b a cg:IndicatorObservation ; cg:indicator indicator:x ;
      cg:observedTerritory commune:2 ; cg:observedValue 12 ;
      cg:unit <http://qudt.org/vocab/unit/NUM> ; dcterms:source <https://example.org/d> ;
      time:hasTime t:b .
  t:b time:hasBeginning t:b0 ; time:hasEnd t:b1 .
  t:b0 time:inXSDgYear "2016"^^xsd:gYear . t:b1 time:inXSDgYear "2021"^^xsd:gYear .
  observation:c a cg:IndicatorObservation ; cg:indicator indicator:y ;
      cg:observedTerritory commune:2 ; cg:observedValue 3 ;
      cg:unit <http://qudt.org/vocab/unit/NUM> ; dcterms:source <https://example.org/d> ;
      time:hasTime t:a .
}"""


def test_indicator_series_gives_the_territory_then_its_peers() -> None:
    store = EmbeddedStore.in_memory()
    store.update(_SERIES)
    columns = ("peer", "place", "observation", "value", "date", "start", "end")
    asked = _answer(store, "indicator-series", columns, territory=URIRef(ID + "department/1"))
    assert asked == [
        ("false", "id:commune/1", "id:observation/a", "10", "2020", "", ""),
        ("true", "id:commune/2", "id:observation/b", "12", "", "2016", "2021"),
    ]  # indicator y is not observed in department 1: no peer row for it
    everywhere = _answer(store, "indicator-series", ("peer", "observation"))
    assert sorted(everywhere) == [
        ("false", "id:observation/a"),
        ("false", "id:observation/b"),
        ("false", "id:observation/c"),
    ]
