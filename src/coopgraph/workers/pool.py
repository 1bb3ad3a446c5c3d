"""Killable worker processes: each job under a deadline, each worker under a memory cap.

A worker past the deadline is killed and replaced; a worker that dies is replaced and the
caller told its job broke the engine. One that died while idle is replaced before a job is
given to it, and the job runs on the new one. Every path gives the worker (or its replacement)
back, a snapshot that cannot be made included (``SnapshotFailed``, a StoreError). The worker
process itself is worker.py. Query workers (queries.py) and validation workers
(``coopgraph.validation``) are such pools.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from coopgraph.errors import CoopgraphError, StoreError
from coopgraph.settings import Settings
from coopgraph.workers.jobs import LOWEST, Job, charge
from coopgraph.workers.network import report_network
from coopgraph.workers.snapshots import Snapshots
from coopgraph.workers.turns import Turns
from coopgraph.workers.worker import Envelope, Worker
from coopgraph.workers.worker import OutOfMemory as OutOfMemory  # raised by WorkerPool.run

logger = logging.getLogger("coopgraph.workers")


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
        self._context.set_forkserver_preload([Worker.__module__])  # where serve_jobs is
        self._threads = ThreadPoolExecutor(max_workers=workers + 1, thread_name_prefix="worker")
        # Workers reading snapshots need no network; those of a remote store do.
        self._offline = isinstance(source, Snapshots)
        self._workers = [self._start() for _ in range(workers)]
        self._idle: asyncio.Queue[Worker] | None = None
        self._turns = turns or Turns()
        if self._offline:
            report_network(self._workers[0].network if self._workers else None)

    @property
    def offline(self) -> bool:
        """True when every worker runs without network (in a network namespace of its own)."""
        return self._offline and all(worker.network is None for worker in self._workers)

    def _start(self) -> Worker:
        worker = Worker(self._context, self._memory_bytes, self._preload, self._offline)
        if self._background and worker.process.pid is not None:
            os.setpriority(os.PRIO_PROCESS, worker.process.pid, LOWEST)
        return worker

    def _idle_queue(self) -> asyncio.Queue[Worker]:
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
        deadline, WorkerCrash when the worker died, OutOfMemory past its cap, SnapshotFailed
        when the store's snapshot cannot be made (the worker is given back all the same)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = await self._take(deadline)
        try:
            snapshot = await self._acquire(loop)
        except BaseException:
            self._idle_queue().put_nowait(worker)
            raise
        sent = loop.time()
        busy: float | None = None  # the processor time the worker reports
        try:
            worker.engaged = True
            worker.connection.send(Envelope(str(snapshot) if snapshot else self._settings(), job))
            # Taken once sent: a worker stopped before reading a large job would block the send.
            with self._turns.taken(worker.process.pid, job):
                remaining = max(deadline - loop.time(), 0.001)
                await asyncio.wait_for(_readable(worker.connection), remaining)
            reply, busy = worker.connection.recv()
            worker.engaged = False
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
            self._idle_queue().put_nowait(worker)
        if isinstance(reply, (CoopgraphError, OutOfMemory)):
            raise reply
        return reply

    async def _take(self, deadline: float) -> Worker:
        """A free worker fit for a job: one found dead or unsure while idle is replaced first."""
        idle = self._idle_queue()
        remaining = max(deadline - asyncio.get_running_loop().time(), 0.001)
        try:
            worker = await asyncio.wait_for(idle.get(), remaining)
        except TimeoutError as exc:
            raise WorkerTimeout("waiting for a free worker") from exc
        unfit = worker.unfit()
        if unfit is None:
            return worker
        logger.warning("worker %s was %s while idle: replaced", worker.process.pid, unfit)
        try:
            return await self._replace(worker)
        except BaseException:
            idle.put_nowait(worker)  # still unfit: the next job tries again
            raise

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

    async def _replace(self, worker: Worker) -> Worker:
        """Kill a worker and start another in its place."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._threads, worker.kill)
        fresh = await loop.run_in_executor(self._threads, self._start_opened)
        self._workers = [fresh if w is worker else w for w in self._workers]
        return fresh

    def _start_opened(self) -> Worker:
        """A new worker that has opened the current snapshot: the next job sent to it (after
        a heavy query's deadline, often a light query) does not pay for the opening."""
        worker = self._start()
        if not isinstance(self._source, Snapshots):
            return worker
        try:
            snapshot = self._source.acquire()
        except StoreError:
            return worker  # no snapshot now: the worker opens one with its first job
        try:
            if worker.open(snapshot, self.timeout):
                return worker
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
