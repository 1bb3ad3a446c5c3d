"""Public queries in killable worker processes, with a deadline, a row cap and a byte cap.

pyoxigraph has no query timeout and some hostile queries abort its process, so the service
never runs a public query itself: a QueryPool answers them in workers (``WorkerPool``) from
snapshots of the embedded store. A remote store's server enforces its own limits, so an
InlineRunner answers in a thread. Both are QueryRunners, which say what they offer: whether
queries are isolated, and the snapshots other workers may read. An answer past the byte cap
(COOPGRAPH_ANSWER_BYTES) is answered again with fewer rows, as many as fit, and marked
truncated like one past the row cap: a few huge rows never make a huge answer.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from rdflib.term import Identifier

from coopgraph.errors import QueryFailed, QueryTimeout
from coopgraph.settings import Settings
from coopgraph.store import Answer, AnswerFormats, Dataset, EmbeddedStore, Store
from coopgraph.workers.jobs import LowPriority, charge, prioritised
from coopgraph.workers.pool import OutOfMemory, WorkerCrash, WorkerPool, WorkerTimeout
from coopgraph.workers.snapshots import Snapshots
from coopgraph.workers.turns import turns


class QueryRunner(Protocol):
    """What answers public queries: a QueryPool or an InlineRunner."""

    @property
    def isolated(self) -> bool:
        """True when queries run in killable workers that enforce the deadline themselves."""
        ...

    @property
    def snapshots(self) -> Snapshots | None:
        """The snapshots the workers read, for other workers to share; None without any."""
        ...

    async def answer(
        self,
        sparql: str,
        formats: AnswerFormats,
        dataset: Dataset = Dataset(),
        row_cap: int | None = None,
        base_iri: str | None = None,
        bindings: Mapping[str, Identifier] | None = None,
    ) -> Answer:
        """Answer one query."""
        ...

    def close(self) -> None:
        """Release what the runner holds."""
        ...


@dataclass(frozen=True)
class _QueryJob:
    """One public query, answered by the worker's store."""

    sparql: str
    formats: AnswerFormats
    dataset: Dataset
    row_cap: int | None
    base_iri: str | None
    bindings: Mapping[str, Identifier] | None = None
    byte_cap: int | None = None

    def run(self, store: Store) -> Answer:
        answer = self._answer(store, self.row_cap)
        if self.byte_cap is None or len(answer.body) <= self.byte_cap or answer.kind == "boolean":
            return answer
        return self._cut(store)

    def _answer(self, store: Store, row_cap: int | None) -> Answer:
        return store.answer(
            self.sparql, self.formats, self.dataset, row_cap, self.base_iri, self.bindings
        )

    def _cut(self, store: Store) -> Answer:
        """The answer with the most rows that fit in ``byte_cap``: rows doubled until they do
        not fit, then halved between; marked truncated."""
        assert self.byte_cap is not None
        fitting, low, high = self._answer(store, 0), 0, 1
        while self.row_cap is None or high < self.row_cap:
            answer = self._answer(store, high)
            if len(answer.body) > self.byte_cap:
                break
            fitting, low, high = answer, high, high * 2
        high = high if self.row_cap is None else min(high, self.row_cap)
        while high - low > 1:
            middle = (low + high) // 2
            answer = self._answer(store, middle)
            if len(answer.body) <= self.byte_cap:
                fitting, low = answer, middle
            else:
                high = middle
        return replace(fitting, truncated=True)


class QueryPool:
    """Worker processes that answer public queries against snapshots of one store."""

    isolated = True

    def __init__(
        self,
        store: EmbeddedStore,
        workers: int,
        timeout: float,
        memory_mb: int,
        byte_cap: int | None = None,
    ) -> None:
        self.timeout = timeout
        self.byte_cap = byte_cap
        self._temporary = None if store.path else tempfile.TemporaryDirectory(prefix="coopgraph-")
        root = store.path / "snapshots" if store.path else Path(self._temporary.name) / "s"  # type: ignore[union-attr]
        self.snapshots = Snapshots(store, root)
        self._pool = WorkerPool(self.snapshots, workers, timeout, memory_mb, turns=turns)
        # Heavy clients' queries (LowPriority) run in workers of their own, at nice 19 and
        # stopped while any other query runs: light queries keep every worker of the pool.
        self._heavy = WorkerPool(
            self.snapshots, max(workers - 1, 1), timeout, memory_mb, turns=turns, background=True
        )

    async def answer(
        self,
        sparql: str,
        formats: AnswerFormats,
        dataset: Dataset = Dataset(),
        row_cap: int | None = None,
        base_iri: str | None = None,
        bindings: Mapping[str, Identifier] | None = None,
    ) -> Answer:
        """Answer one query in a worker (``bindings`` bound by the engine there);
        QueryTimeout past the deadline."""
        query = _QueryJob(sparql, formats, dataset, row_cap, base_iri, bindings, self.byte_cap)
        job = prioritised(query)
        pool = self._heavy if isinstance(job, LowPriority) else self._pool
        try:
            reply = await pool.run(job)
        except WorkerTimeout as exc:
            raise QueryTimeout(_timeout_message(self.timeout, exc.stage)) from exc
        except WorkerCrash as exc:
            raise QueryFailed(
                f"the query stopped the engine (worker exit code {exc.exit_code}); it was not "
                "answered, and the service goes on. Simplify it: less nesting, smaller "
                "intermediate results."
            ) from exc
        except OutOfMemory as exc:
            raise QueryFailed("the query needed more memory than a worker may use") from exc
        assert isinstance(reply, Answer)
        return reply

    def close(self) -> None:
        """Stop every worker and remove the snapshots."""
        self._pool.close()
        self._heavy.close()
        self.snapshots.close()
        if self._temporary is not None:
            self._temporary.cleanup()


def _timeout_message(timeout: float, stage: str) -> str:
    return (
        f"the query was still {stage} after {timeout:g} s, the deadline of this endpoint "
        "(COOPGRAPH_QUERY_TIMEOUT); it was stopped. Narrow it with LIMIT or tighter patterns."
    )


class InlineRunner:
    """Queries answered by the store itself in a thread: for remote stores, whose server
    enforces its own limits."""

    isolated = False
    snapshots = None

    def __init__(self, store: Store, byte_cap: int | None = None) -> None:
        self._store = store
        self.byte_cap = byte_cap

    async def answer(
        self,
        sparql: str,
        formats: AnswerFormats,
        dataset: Dataset = Dataset(),
        row_cap: int | None = None,
        base_iri: str | None = None,
        bindings: Mapping[str, Identifier] | None = None,
    ) -> Answer:
        """Answer one query in a thread (its time in the thread charged, not its wait)."""
        loop = asyncio.get_running_loop()
        job = _QueryJob(sparql, formats, dataset, row_cap, base_iri, bindings, self.byte_cap)
        outcome, seconds = await loop.run_in_executor(None, _timed, job, self._store)
        charge(seconds)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def close(self) -> None:
        """Nothing to release."""


def _timed(job: _QueryJob, store: Store) -> tuple[Answer | Exception, float]:
    """The job's answer, or what it raised, and the seconds it ran."""
    started = time.monotonic()
    try:
        outcome: Answer | Exception = job.run(store)
    except Exception as exc:  # raised again on the event loop, once its time is charged
        outcome = exc
    return outcome, time.monotonic() - started


def open_runner(store: Store, settings: Settings) -> QueryRunner:
    """Isolated workers for the embedded store; inline for a remote one."""
    if isinstance(store, EmbeddedStore):
        return QueryPool(
            store,
            settings.query_workers,
            settings.query_timeout,
            settings.worker_memory_mb,
            settings.answer_bytes,
        )
    return InlineRunner(store, settings.answer_bytes)
