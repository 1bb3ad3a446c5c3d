"""Checks on the stakes of data/seed (issue 15): the cooperation hypothesis (H3) needs actions
that answer the stakes of several actors at once, each stake read in a described document.

The seed is synchronised into one in-memory store, as `coopgraph sync` would do, and questioned
in SPARQL; only the seed's own graphs count, so no worked example can make a test pass.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef
from support.content_store import default_content

from coopgraph import iris
from coopgraph.store.embedded import EmbeddedStore

ID = iris.IDENTIFIER_BASE
SEED = iris.DATA_GRAPH_BASE + "seed/"

PREFIXES = """PREFIX cg: <https://w3id.org/coopgraph/def/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""

# A stake counts when it is in the seed, names its actor and cites a document with an address.
SOURCED_STAKE = f"""
    GRAPH ?g {{ ?stake a cg:Stake ; cg:stakeOf ?actor ; dcterms:source ?document }}
    FILTER(STRSTARTS(STR(?g), "{SEED}"))
    ?actor a cg:Actor .
    ?document a cg:Document ; foaf:page ?page ."""

# Actions whose stakes belong to several actors, counted by hand from data/seed/stakes.ttl.
SHARED_ACTIONS = {
    "le-mene-geotexia": 3,  # farmers' cooperative, inhabitants' association, local authority
    "le-mene-participatory-wind-farm": 2,  # the families' investor group, the town
}


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The project content without the examples, synchronised as `coopgraph sync` does."""
    return default_content()


def _actors_per_action(store: EmbeddedStore) -> dict[str, int]:
    table = store.select(
        PREFIXES
        + f"""SELECT ?action (COUNT(DISTINCT ?actor) AS ?actors) WHERE {{
                ?action cg:addressesStake ?stake . {SOURCED_STAKE} }}
              GROUP BY ?action HAVING (COUNT(DISTINCT ?actor) >= 2)"""
    )
    return {str(row["action"]): int(str(row["actors"])) for row in table}


def test_some_action_addresses_sourced_stakes_of_two_actors(store: EmbeddedStore) -> None:
    assert _actors_per_action(store), "no seed action answers the stakes of two actors"


@pytest.mark.parametrize(("action", "actors"), SHARED_ACTIONS.items(), ids=SHARED_ACTIONS.keys())
def test_the_shared_action_weighs_each_actors_stake(
    store: EmbeddedStore, action: str, actors: int
) -> None:
    assert _actors_per_action(store).get(f"{ID}action/{action}") == actors


def test_every_seed_stake_is_sourced_owned_and_addressed(store: EmbeddedStore) -> None:
    table = store.select(
        PREFIXES
        + f"""SELECT DISTINCT ?stake WHERE {{
                GRAPH ?g {{ ?stake a cg:Stake }} FILTER(STRSTARTS(STR(?g), "{SEED}"))
                FILTER NOT EXISTS {{ ?action a cg:Action ; cg:addressesStake ?stake .
                                     {SOURCED_STAKE} }} }}"""
    )
    assert [str(row["stake"]) for row in table] == []


def test_the_seed_describes_stakes(store: EmbeddedStore) -> None:
    """Guards the test above against passing on an empty seed."""
    stake = URIRef(f"{ID}stake/mene-farmers-slurry-surplus")
    assert store.ask(PREFIXES + "ASK { ?stake a cg:Stake ; cg:stakeOf ?actor }", {"stake": stake})
