"""Public queries in killable worker processes, with a deadline and a row cap.

pyoxigraph has no query timeout and some hostile queries abort its process, so the service
never runs a public query itself. A pool of worker processes answers them from a snapshot of
the store (a hard-linked checkpoint on disk, an N-Quads file for a store in memory), made
again after each write. A worker past the deadline is killed and replaced; a worker that dies
is replaced and the caller told its query broke the engine.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from rdflib.term import Identifier

from coopgraph.errors import CoopgraphError, QueryFailed, QueryTimeout
from coopgraph.settings import Settings
from coopgraph.store.base import Answer, AnswerFormats, Dataset, Store
from coopgraph.store.embedded import EmbeddedStore


@dataclass(frozen=True)
class _Job:
    snapshot: str
    sparql: str
    formats: AnswerFormats
    dataset: Dataset
    row_cap: int | None
    base_iri: str | None
    bindings: Mapping[str, Identifier] | None = None


def _serve_jobs(connection: Connection, memory_bytes: int) -> None:
    """A worker's life: answer jobs from whichever snapshot each names."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    opened: tuple[str, EmbeddedStore] | None = None
    while True:
        try:
            job: _Job = connection.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != job.snapshot:
                opened = None
                opened = (job.snapshot, EmbeddedStore.from_snapshot(Path(job.snapshot)))
            answer = opened[1].answer(
                job.sparql, job.formats, job.dataset, job.row_cap, job.base_iri, job.bindings
            )
            connection.send(answer)
        except CoopgraphError as exc:
            connection.send(exc)
        except MemoryError:
            connection.send(QueryFailed("the query needed more memory than a worker may use"))


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, memory_bytes: int):
        self.connection, child = multiprocessing.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve_jobs, args=(child, memory_bytes), daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class _Snapshots:
    """The current snapshot of the store, remade after writes, old ones removed when unused."""

    def __init__(self, store: EmbeddedStore, root: Path) -> None:
        self._store = store
        self._root = root
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        self._current: tuple[int, Path] | None = None
        self._users: dict[Path, int] = {}
        self._lock = threading.Lock()
        self._serial = 0

    def acquire(self) -> Path:
        """The snapshot for a new job; made now if the store changed since the last one."""
        with self._lock:
            generation = self._store.generation()
            if self._current is None or self._current[0] != generation:
                self._serial += 1
                path = self._root / f"{self._serial:08d}"
                self._store.snapshot(path)
                previous = self._current
                self._current = (generation, path)
                if previous is not None:
                    self._discard_if_unused(previous[1])
            path = self._current[1]
            self._users[path] = self._users.get(path, 0) + 1
            return path

    def acquire_if_fresh(self) -> Path | None:
        """The current snapshot if the store has not changed since it was made, else None:
        the common case, cheap enough for the event loop."""
        with self._lock:
            if self._current is None or self._current[0] != self._store.generation():
                return None
            path = self._current[1]
            self._users[path] = self._users.get(path, 0) + 1
            return path

    def release(self, path: Path) -> None:
        """A job on ``path`` ended."""
        with self._lock:
            self._users[path] -= 1
            self._discard_if_unused(path)

    def _discard_if_unused(self, path: Path) -> None:
        if self._users.get(path, 0) == 0 and (self._current is None or self._current[1] != path):
            self._users.pop(path, None)
            _remove(path)

    def close(self) -> None:
        shutil.rmtree(self._root, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class QueryPool:
    """Worker processes that answer public queries against snapshots of one store."""

    def __init__(self, store: EmbeddedStore, workers: int, timeout: float, memory_mb: int) -> None:
        self.timeout = timeout
        self._memory_bytes = memory_mb * 1_048_576
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["coopgraph.store.isolation"])
        self._temporary = None if store.path else tempfile.TemporaryDirectory(prefix="coopgraph-")
        root = store.path / "snapshots" if store.path else Path(self._temporary.name) / "s"  # type: ignore[union-attr]
        self._snapshots = _Snapshots(store, root)
        self._threads = ThreadPoolExecutor(max_workers=workers + 1, thread_name_prefix="query")
        self._workers = [_Worker(self._context, self._memory_bytes) for _ in range(workers)]
        self._idle: asyncio.Queue[_Worker] | None = None

    def _idle_queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

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
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        idle = self._idle_queue()
        try:
            worker = await asyncio.wait_for(idle.get(), self.timeout)
        except TimeoutError as exc:
            raise QueryTimeout(_timeout_message(self.timeout, "waiting for a free worker")) from exc
        snapshot = self._snapshots.acquire_if_fresh()
        if snapshot is None:
            snapshot = await loop.run_in_executor(self._threads, self._snapshots.acquire)
        try:
            job = _Job(str(snapshot), sparql, formats, dataset, row_cap, base_iri, bindings)
            worker.connection.send(job)
            remaining = max(deadline - loop.time(), 0.001)
            await asyncio.wait_for(_readable(worker.connection), remaining)
            reply = worker.connection.recv()
        except TimeoutError as exc:
            worker = await self._replace(worker)
            raise QueryTimeout(_timeout_message(self.timeout, "running")) from exc
        except (EOFError, OSError) as exc:
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            worker = await self._replace(worker)
            raise QueryFailed(
                f"the query stopped the engine (worker exit code {code}); it was not answered, "
                "and the service goes on. Simplify it: less nesting, smaller intermediate results."
            ) from exc
        finally:
            self._snapshots.release(snapshot)
            idle.put_nowait(worker)
        if isinstance(reply, CoopgraphError):
            raise reply
        assert isinstance(reply, Answer)
        return reply

    async def _replace(self, worker: _Worker) -> _Worker:
        """Kill a worker and start another in its place."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._threads, worker.kill)
        fresh = await loop.run_in_executor(
            self._threads, _Worker, self._context, self._memory_bytes
        )
        self._workers = [fresh if w is worker else w for w in self._workers]
        return fresh

    def close(self) -> None:
        """Stop every worker and remove the snapshots."""
        for worker in self._workers:
            worker.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._snapshots.close()
        if self._temporary is not None:
            self._temporary.cleanup()


async def _readable(connection: Connection) -> None:
    """Wait, without a thread, until the worker has started to answer (or died)."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    descriptor = connection.fileno()

    def _wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(descriptor, _wake)
    try:
        await ready
    finally:
        loop.remove_reader(descriptor)
        # Some event loops (uvloop) leave the descriptor non-blocking: the answer is then read
        # with a blocking recv, which would otherwise fail on a partly written reply.
        os.set_blocking(descriptor, True)


def _timeout_message(timeout: float, stage: str) -> str:
    return (
        f"the query was still {stage} after {timeout:g} s, the deadline of this endpoint "
        "(COOPGRAPH_QUERY_TIMEOUT); it was stopped. Narrow it with LIMIT or tighter patterns."
    )


class InlineRunner:
    """Queries answered by the store itself in a thread: for remote stores, whose server
    enforces its own limits."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def answer(
        self,
        sparql: str,
        formats: AnswerFormats,
        dataset: Dataset = Dataset(),
        row_cap: int | None = None,
        base_iri: str | None = None,
        bindings: Mapping[str, Identifier] | None = None,
    ) -> Answer:
        """Answer one query in a thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            None, self._store.answer, sparql, formats, dataset, row_cap, base_iri, bindings
        )

    def close(self) -> None:
        """Nothing to release."""


QueryRunner = QueryPool | InlineRunner


def open_runner(store: Store, settings: Settings) -> QueryRunner:
    """Isolated workers for the embedded store; inline for a remote one."""
    if isinstance(store, EmbeddedStore):
        return QueryPool(
            store, settings.query_workers, settings.query_timeout, settings.worker_memory_mb
        )
    return InlineRunner(store)
