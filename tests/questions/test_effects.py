"""The effect walk on a graph with a known loop: paths, depths, loop, dimensions, trade-offs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from coopgraph import formats
from coopgraph.questions.asking import Asked, Limits, ask
from coopgraph.questions.effects import (
    DEFAULT_DEPTH,
    NEGATIVE,
    POSITIVE,
    causal_graph,
    effects,
    loops,
    reached,
)
from coopgraph.questions.findings import Findings
from coopgraph.questions.stored_queries import StoredQuery, load_queries
from coopgraph.store import Table
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.workers import InlineRunner

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
ID = "https://w3id.org/coopgraph/id/"
DIMENSION = "https://w3id.org/coopgraph/ref/effect-dimension/"
ACTION = URIRef(ID + "action/test")


def effect(name: str) -> URIRef:
    """An effect of the fixture."""
    return URIRef(f"{ID}effect/{name}")


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The fixture graph: e1 -> e2 -> e3 -> e1 (a loop), e2 -> e4 -> e5."""
    found = EmbeddedStore.in_memory()
    found.load((FIXTURES / "effects.ttl").read_bytes(), formats.TURTLE, "http://example.org/g")
    return found


def walk(store: EmbeddedStore, depth: int = 6) -> Findings:
    """The fixture's effect-chains query asked for the test action."""
    query = load_queries(FIXTURES / "queries")["effect-chains"]
    given = {"action": [str(ACTION)], "depth": [str(depth)]}
    return asyncio.run(_ask(query, given, store)).findings


async def _ask(query: StoredQuery, given: dict[str, list[str]], store: EmbeddedStore) -> Asked:
    limits = Limits(deadline=30, gate=asyncio.Semaphore(1))
    return await ask(query, given, store, InlineRunner(store), limits)


def test_every_effect_has_its_shortest_path_and_depth(store: EmbeddedStore) -> None:
    found = {record["effect"]: record for record in walk(store).records}
    assert {e: int(str(r["depth"])) for e, r in found.items()} == {
        effect("e1"): 1, effect("e2"): 2, effect("e3"): 3, effect("e4"): 3, effect("e5"): 4,
    }  # fmt: skip
    assert found[effect("e5")]["path"] == (ACTION, effect("e1"), effect("e2"), effect("e4"),
                                           effect("e5"))  # fmt: skip
    assert found[effect("e3")]["dimension"] == URIRef(DIMENSION + "ecological")


def test_the_loop_is_found_once(store: EmbeddedStore) -> None:
    assert walk(store).summary["loops"] == [(effect("e1"), effect("e2"), effect("e3"))]


def test_depth_cuts_the_walk(store: EmbeddedStore) -> None:
    findings = walk(store, depth=2)
    assert [record["effect"] for record in findings.records] == [effect("e1"), effect("e2")]
    assert findings.summary["loops"] == []


def test_dimensions_crossed_and_trade_offs(store: EmbeddedStore) -> None:
    summary = walk(store).summary
    names = ["cultural", "democratic", "ecological", "economic", "social"]
    assert summary["dimensions"] == tuple(URIRef(DIMENSION + n) for n in names)
    pairs = {(str(t["gain"]), str(t["loss"])) for t in summary["tradeoffs"]}
    gains = ["cultural", "democratic", "economic", "social"]
    assert pairs == {(DIMENSION + gain, DIMENSION + "ecological") for gain in gains}


def test_graph_and_drawing_hold_the_reached_part(store: EmbeddedStore) -> None:
    findings = walk(store, depth=3)
    assert findings.graph is not None
    assert findings.drawing is not None
    leads_to = URIRef("https://w3id.org/coopgraph/def/leadsTo")
    assert (effect("e3"), leads_to, effect("e1")) in findings.graph
    assert effect("e5") not in {node.term for node in findings.drawing.nodes}
    dashed = [(e.source, e.target) for e in findings.drawing.edges if e.negative]
    assert dashed == [(effect("e2"), effect("e3"))]


def test_rows_read_directly_make_the_causal_graph() -> None:
    e1, e2 = effect("e1"), effect("e2")
    table = Table(
        ("effect", "cause", "direct", "polarity"),
        [
            {"effect": e1, "direct": Literal(True), "polarity": POSITIVE},
            {"effect": e2, "cause": e1, "direct": Literal(False), "polarity": NEGATIVE},
            {"effect": e1, "cause": e2, "direct": Literal(False)},
        ],
    )
    graph = causal_graph(table, ACTION)
    assert set(graph.edges) == {(ACTION, e1), (e1, e2), (e2, e1)}
    assert reached(graph, ACTION, 1) == {e1: [ACTION, e1]}
    assert loops(graph, [e1, e2]) == [[e1, e2]]
    findings = effects(table, {"action": (ACTION,)})
    assert findings.summary["depth"] == DEFAULT_DEPTH
    assert [record["effect"] for record in findings.records] == [e1, e2]
    assert reached(graph, URIRef(ID + "action/unknown"), 6) == {}
