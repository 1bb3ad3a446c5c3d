"""One index per store generation, built in a thread, never on every request."""

from __future__ import annotations

import asyncio

from coopgraph.finding.keeping import IndexKeeper, build_index
from coopgraph.store import memory_store

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def _labelled(name: str, label: str) -> bytes:
    return f'<http://example.org/{name}> {LABEL} "{label}"@fr .\n'.encode()


def test_the_index_is_built_once_then_rebuilt_after_a_write() -> None:
    store = memory_store()
    store.load(_labelled("a", "Arras"), "application/n-triples", "http://example.org/g")

    async def scenario() -> None:
        keeper = IndexKeeper(store)
        first = await keeper.current()
        assert [h.entry.iri for h in first.search("arras")] == ["http://example.org/a"]
        assert await keeper.current() is first  # same generation: no rebuild
        store.load(_labelled("b", "Béthune"), "application/n-triples", "http://example.org/g")
        assert await keeper.current() is first  # the old index while the new one is built
        for _ in range(200):
            await asyncio.sleep(0.02)
            newest = await keeper.current()
            if newest is not first:
                break
        assert [h.entry.iri for h in newest.search("bethune")] == ["http://example.org/b"]
        assert newest.generation == store.generation()

    asyncio.run(scenario())


def test_build_index_stamps_the_generation() -> None:
    store = memory_store()
    store.load(_labelled("a", "Arras"), "application/n-triples", "http://example.org/g")
    index = build_index(store)
    assert index.generation == store.generation()
    assert len(index) == 1
