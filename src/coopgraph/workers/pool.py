"""Public queries in killable worker processes, with a deadline and a row cap.

pyoxigraph has no query timeout and some hostile queries abort its process, so the service
never runs a public query itself. A pool of worker processes answers them from a snapshot of
the store (a hard-linked checkpoint on disk, an N-Quads file for a store in memory), made
again after each write. A worker past the deadline is killed and replaced; a worker that dies
is replaced and the caller told its query broke the engine. The same pool of workers
(``WorkerPool``) runs other jobs: uploads are parsed and validated in workers of their own.
"""

from __future__ import annotations

import asyncio
import importlib
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
from typing import Protocol

from rdflib.term import Identifier

from coopgraph.errors import CoopgraphError, QueryFailed, QueryTimeout
from coopgraph.settings import Settings
from coopgraph.store import Answer, AnswerFormats, Dataset, EmbeddedStore, Store, open_store
from coopgraph.workers.turns import LOWEST, LowPriority, Turns, prioritised, turns


class Job(Protocol):
    """Work a worker does against the store it opened (a snapshot, or the remote store)."""

    def run(self, store: Store) -> object:
        """The reply sent back to the caller; our errors are sent back as they are."""
        ...


Source = str | Settings
"""Where a worker reads the store: a snapshot's path, or the settings of a remote store."""


@dataclass(frozen=True)
class _Envelope:
    source: Source
    job: Job


@dataclass(frozen=True)
class _QueryJob:
    sparql: str
    formats: AnswerFormats
    dataset: Dataset
    row_cap: int | None
    base_iri: str | None
    bindings: Mapping[str, Identifier] | None = None

    def run(self, store: Store) -> Answer:
        return store.answer(
            self.sparql, self.formats, self.dataset, self.row_cap, self.base_iri, self.bindings
        )


@dataclass(frozen=True)
class _Open:
    """No work: the worker opens the store its envelope names, and says so."""

    def run(self, store: Store) -> None:
        return None


class OutOfMemory(Exception):
    """Sent back by a worker whose job raised MemoryError (its address-space cap)."""


class WorkerTimeout(Exception):
    """A job still waiting for a worker, or running, at the pool's deadline."""

    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


class WorkerCrash(Exception):
    """A worker died during a job (an abort in an engine, a kill); it was replaced."""

    def __init__(self, exit_code: int | None) -> None:
        super().__init__(f"worker exit code {exit_code}")
        self.exit_code = exit_code


def _open(source: Source) -> Store:
    if isinstance(source, str):
        return EmbeddedStore.from_snapshot(Path(source))
    return open_store(source)


def _serve_jobs(connection: Connection, memory_bytes: int, preload: tuple[str, ...]) -> None:
    """A worker's life: run jobs against whichever store each names."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for module in preload:
        importlib.import_module(module)
    opened: tuple[Source, Store] | None = None
    while True:
        try:
            envelope: _Envelope = connection.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != envelope.source:
                opened = None
                opened = (envelope.source, _open(envelope.source))
            connection.send(envelope.job.run(opened[1]))
        except CoopgraphError as exc:
            connection.send(exc)
        except MemoryError:
            connection.send(OutOfMemory())


class _Worker:
    def __init__(
        self,
        context: multiprocessing.context.BaseContext,
        memory_bytes: int,
        preload: tuple[str, ...],
    ):
        self.connection, child = multiprocessing.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve_jobs, args=(child, memory_bytes, preload), daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class Snapshots:
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


class WorkerPool:
    """Worker processes, each under an address-space cap, that run jobs against a store with
    a deadline: a worker past it is killed and replaced, and so is one that dies."""

    def __init__(
        self,
        source: Snapshots | Settings,
        workers: int,
        timeout: float,
        memory_mb: int,
        preload: tuple[str, ...] = (),
        turns: Turns | None = None,
        background: bool = False,
    ) -> None:
        self.timeout = timeout
        self._background = background
        self._source = source
        self._memory_bytes = memory_mb * 1_048_576
        self._preload = preload
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["coopgraph.workers.pool"])
        self._threads = ThreadPoolExecutor(max_workers=workers + 1, thread_name_prefix="worker")
        self._workers = [self._start() for _ in range(workers)]
        self._idle: asyncio.Queue[_Worker] | None = None
        self._turns = turns or Turns()

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self._memory_bytes, self._preload)
        if self._background and worker.process.pid is not None:
            os.setpriority(os.PRIO_PROCESS, worker.process.pid, LOWEST)
        return worker

    def _idle_queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    def process_ids(self) -> list[int | None]:
        """The process ids of the workers (for operators and tests)."""
        return [worker.process.pid for worker in self._workers]

    async def run(self, job: Job) -> object:
        """Run one job in a worker: its reply, or our error it raised; WorkerTimeout past the
        deadline, WorkerCrash when the worker died, OutOfMemory past its cap."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        idle = self._idle_queue()
        try:
            worker = await asyncio.wait_for(idle.get(), self.timeout)
        except TimeoutError as exc:
            raise WorkerTimeout("waiting for a free worker") from exc
        snapshot = await self._acquire(loop)
        try:
            worker.connection.send(_Envelope(str(snapshot) if snapshot else self._settings(), job))
            # Taken once sent: a worker stopped before reading a large job would block the send.
            with self._turns.taken(worker.process.pid, job):
                remaining = max(deadline - loop.time(), 0.001)
                await asyncio.wait_for(_readable(worker.connection), remaining)
            reply = worker.connection.recv()
        except TimeoutError as exc:
            worker = await self._replace(worker)
            raise WorkerTimeout("running") from exc
        except (EOFError, OSError) as exc:
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            worker = await self._replace(worker)
            raise WorkerCrash(code) from exc
        finally:
            if snapshot is not None:
                self._release(snapshot)
            idle.put_nowait(worker)
        if isinstance(reply, (CoopgraphError, OutOfMemory)):
            raise reply
        return reply

    def _settings(self) -> Settings:
        assert isinstance(self._source, Settings)
        return self._source

    async def _acquire(self, loop: asyncio.AbstractEventLoop) -> Path | None:
        if not isinstance(self._source, Snapshots):
            return None
        snapshot = self._source.acquire_if_fresh()
        if snapshot is None:
            snapshot = await loop.run_in_executor(self._threads, self._source.acquire)
        return snapshot

    def _release(self, snapshot: Path) -> None:
        assert isinstance(self._source, Snapshots)
        self._source.release(snapshot)

    async def _replace(self, worker: _Worker) -> _Worker:
        """Kill a worker and start another in its place."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._threads, worker.kill)
        fresh = await loop.run_in_executor(self._threads, self._start_opened)
        self._workers = [fresh if w is worker else w for w in self._workers]
        return fresh

    def _start_opened(self) -> _Worker:
        """A new worker that has opened the current snapshot: the next job sent to it (after
        a heavy query's deadline, often a light query) does not pay for the opening."""
        worker = self._start()
        if not isinstance(self._source, Snapshots):
            return worker
        snapshot = self._source.acquire()
        try:
            worker.connection.send(_Envelope(str(snapshot), _Open()))
            if worker.connection.poll(self.timeout):
                worker.connection.recv()
                return worker
        except (EOFError, OSError):
            pass
        finally:
            self._source.release(snapshot)
        worker.kill()  # its late reply must not be read as the next job's
        return self._start()

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            worker.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)


class QueryPool:
    """Worker processes that answer public queries against snapshots of one store."""

    def __init__(self, store: EmbeddedStore, workers: int, timeout: float, memory_mb: int) -> None:
        self.timeout = timeout
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
        job = prioritised(_QueryJob(sparql, formats, dataset, row_cap, base_iri, bindings))
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
