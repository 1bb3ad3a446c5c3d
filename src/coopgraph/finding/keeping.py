"""The one search index of a running service, rebuilt when the store changes.

Building reads the whole store (seconds at a million triples), so it runs in a thread, once
at a time, and never on every request: :meth:`IndexKeeper.current` answers with the index of
the store's generation when it has it; after a write it answers with the previous index while
a new one is built, and the first request waits for the first build.
"""

from __future__ import annotations

import asyncio
import logging
import time

from coopgraph.finding.gathering import gather_entries
from coopgraph.finding.index import SearchIndex
from coopgraph.store import Store

logger = logging.getLogger("coopgraph")


def build_index(store: Store) -> SearchIndex:
    """A search index of everything the store names, stamped with its generation."""
    generation = store.generation()
    started = time.monotonic()
    index = SearchIndex(*gather_entries(store), generation)
    logger.info("search index: %d things in %.1f s", len(index), time.monotonic() - started)
    return index


class IndexKeeper:
    """Holds the search index of a store and builds a new one when the store changes."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._index: SearchIndex | None = None
        self._building: asyncio.Task[SearchIndex] | None = None

    async def current(self) -> SearchIndex:
        """The index: of the store's generation, or the last one while that is being built."""
        index = self._index
        if index is not None and index.generation == self._store.generation():
            return index
        building = self._start_building()
        if index is not None:
            return index
        return await asyncio.shield(building)

    def _start_building(self) -> asyncio.Task[SearchIndex]:
        if self._building is None or self._building.done():
            self._building = asyncio.create_task(self._build())
            self._building.add_done_callback(_report_failure)
        return self._building

    async def _build(self) -> SearchIndex:
        index = await asyncio.to_thread(build_index, self._store)
        if self._index is None or index.generation >= self._index.generation:
            self._index = index
        return index


def _report_failure(task: asyncio.Task[SearchIndex]) -> None:
    """Log a failed build nobody awaited (the previous index went on answering)."""
    if not task.cancelled() and task.exception() is not None:
        logger.warning("search index not rebuilt: %s", task.exception())
