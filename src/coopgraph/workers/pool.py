"""Killable worker processes: each job under a deadline, each worker under a memory cap.

A worker past the deadline is killed and replaced; a worker that dies is replaced and the
caller told its job broke the engine. A worker opens the store its job's envelope names (a
snapshot's path, or the settings of a remote store) and keeps it open for the next job. Query
workers (queries.py) and validation workers (``coopgraph.validation``) are such pools.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import os
import resource
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from coopgraph.errors import CoopgraphError
from coopgraph.settings import Settings
from coopgraph.store import EmbeddedStore, Store, open_store
from coopgraph.workers.jobs import LOWEST, Job, charge
from coopgraph.workers.network import deny_network, report_network
from coopgraph.workers.snapshots import Snapshots
from coopgraph.workers.turns import Turns

Source = str | Settings
"""Where a worker reads the store: a snapshot's path, or the settings of a remote store."""


@dataclass(frozen=True)
class _Envelope:
    source: Source
    job: Job


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


def _serve_jobs(
    connection: Connection, memory_bytes: int, preload: tuple[str, ...], offline: bool
) -> None:
    """A worker's life: say whether it is offline, then run jobs against the stores named."""
    connection.send(deny_network() if offline else "not asked")
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
        started = time.process_time()
        try:
            if opened is None or opened[0] != envelope.source:
                opened = None
                opened = (envelope.source, _open(envelope.source))
            started = time.process_time()  # the job's busy time: processor time, not waits
            connection.send((envelope.job.run(opened[1]), _busy_since(started)))
        except CoopgraphError as exc:
            connection.send((exc, _busy_since(started)))
        except MemoryError:
            connection.send((OutOfMemory(), _busy_since(started)))


def _busy_since(started: float) -> float:
    return time.process_time() - started


class _Worker:
    def __init__(
        self,
        context: multiprocessing.context.BaseContext,
        memory_bytes: int,
        preload: tuple[str, ...],
        offline: bool,
    ):
        self.connection, child = multiprocessing.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve_jobs, args=(child, memory_bytes, preload, offline), daemon=True
        )
        self.process.start()
        child.close()
        # None once the worker is in a network namespace of its own, else why it is not.
        self.network: str | None = "did not start"
        try:
            if self.connection.poll(60):
                self.network = self.connection.recv()
        except (EOFError, OSError):
            pass  # a worker dead at birth: its first job reports the crash

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


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
        self._context.set_forkserver_preload([__name__])  # the module of _serve_jobs
        self._threads = ThreadPoolExecutor(max_workers=workers + 1, thread_name_prefix="worker")
        # Workers reading snapshots need no network; those of a remote store do.
        self._offline = isinstance(source, Snapshots)
        self._workers = [self._start() for _ in range(workers)]
        self._idle: asyncio.Queue[_Worker] | None = None
        self._turns = turns or Turns()
        if self._offline:
            report_network(self._workers[0].network if self._workers else None)

    @property
    def offline(self) -> bool:
        """True when every worker runs without network (in a network namespace of its own)."""
        return self._offline and all(worker.network is None for worker in self._workers)

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self._memory_bytes, self._preload, self._offline)
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
        sent = loop.time()
        busy: float | None = None  # the processor time the worker reports
        try:
            worker.connection.send(_Envelope(str(snapshot) if snapshot else self._settings(), job))
            # Taken once sent: a worker stopped before reading a large job would block the send.
            with self._turns.taken(worker.process.pid, job):
                remaining = max(deadline - loop.time(), 0.001)
                await asyncio.wait_for(_readable(worker.connection), remaining)
            reply, busy = worker.connection.recv()
        except TimeoutError as exc:
            worker = await self._replace(worker)
            raise WorkerTimeout("running") from exc
        except (EOFError, OSError) as exc:
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            worker = await self._replace(worker)
            raise WorkerCrash(code) from exc
        finally:
            # A worker that did not say (killed, dead) is charged the time since the send.
            charge(loop.time() - sent if busy is None else busy)
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
