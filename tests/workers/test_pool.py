"""The worker pool: jobs run in worker processes against the store their envelope names; a
worker past the deadline is killed and replaced, so is one that dies or passes its memory
cap; our errors come back as they were raised."""

from __future__ import annotations

import asyncio
import errno
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coopgraph import formats
from coopgraph.errors import QueryFailed
from coopgraph.store import EmbeddedStore, Store
from coopgraph.workers.pool import OutOfMemory, WorkerCrash, WorkerPool, WorkerTimeout
from coopgraph.workers.snapshots import Snapshots

pytestmark = pytest.mark.slow  # every test starts worker processes

TIMEOUT = 30.0
"""The deadline of the ordinary tests' pool: far above their jobs (milliseconds), so that a slow
machine fails none of them."""
SHORT_TIMEOUT = 1.5
"""The deadline of the test of the deadline itself."""
TRIPLE = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"


@dataclass(frozen=True)
class Count:
    """How many quads the worker's store holds, and the worker's process id."""

    def run(self, store: Store) -> object:
        rows = store.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows
        return int(str(rows[0]["n"])), os.getpid()


@dataclass(frozen=True)
class Sleep:
    """A job that outlives any deadline."""

    def run(self, store: Store) -> object:
        time.sleep(60)
        return None


@dataclass(frozen=True)
class Die:
    """A job that ends its worker, as an abort in an engine would."""

    def run(self, store: Store) -> object:
        os._exit(3)


@dataclass(frozen=True)
class Fail:
    """A job that raises one of our errors."""

    def run(self, store: Store) -> object:
        raise QueryFailed("broken on purpose")


@dataclass(frozen=True)
class Swallow:
    """A job that asks for more memory than a worker may use."""

    def run(self, store: Store) -> object:
        return len(bytearray(2048 * 1_048_576))


def _pool(folder: Path, timeout: float) -> Iterator[WorkerPool]:
    """One worker reading snapshots of a store holding one triple."""
    store = EmbeddedStore.in_memory()
    store.load(TRIPLE, formats.N_TRIPLES, None)
    snapshots = Snapshots(store, folder / "snapshots")
    started = WorkerPool(snapshots, workers=1, timeout=timeout, memory_mb=1024)
    yield started
    started.close()
    snapshots.close()


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[WorkerPool]:
    """One worker reading snapshots of a store holding one triple."""
    yield from _pool(tmp_path, TIMEOUT)


@pytest.fixture
def short_pool(tmp_path: Path) -> Iterator[WorkerPool]:
    """The same, with a short deadline."""
    yield from _pool(tmp_path, SHORT_TIMEOUT)


def test_a_job_runs_in_a_worker_against_the_snapshot(pool: WorkerPool) -> None:
    assert asyncio.run(pool.run(Count())) == (1, pool.process_ids()[0])
    assert pool.process_ids()[0] != os.getpid()


def test_a_job_past_the_deadline_is_stopped_and_its_worker_replaced(
    short_pool: WorkerPool,
) -> None:
    before = short_pool.process_ids()

    async def scenario() -> object:
        with pytest.raises(WorkerTimeout) as stopped:
            await short_pool.run(Sleep())
        assert stopped.value.stage == "running"
        return await short_pool.run(Count())

    assert asyncio.run(scenario()) == (1, short_pool.process_ids()[0])
    assert short_pool.process_ids() != before


def test_a_worker_that_dies_is_replaced(pool: WorkerPool) -> None:
    async def scenario() -> object:
        with pytest.raises(WorkerCrash) as crashed:
            await pool.run(Die())
        assert crashed.value.exit_code == 3
        return await pool.run(Count())

    assert asyncio.run(scenario())[0] == 1  # type: ignore[index]


def test_our_errors_come_back_and_the_worker_stays(pool: WorkerPool) -> None:
    before = pool.process_ids()

    async def scenario() -> None:
        with pytest.raises(QueryFailed, match="broken on purpose"):
            await pool.run(Fail())

    asyncio.run(scenario())
    assert pool.process_ids() == before


def test_a_job_past_the_memory_cap_says_so(pool: WorkerPool) -> None:
    async def scenario() -> object:
        with pytest.raises(OutOfMemory):
            await pool.run(Swallow())
        return await pool.run(Count())

    assert asyncio.run(scenario())[0] == 1  # type: ignore[index]


@dataclass(frozen=True)
class Connect:
    """A job that opens a TCP connection to a port on the loopback, as SERVICE would."""

    port: int

    def run(self, store: Store) -> object:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
        except OSError as exc:
            return exc.errno
        return "connected"


def test_a_worker_has_no_network(pool: WorkerPool) -> None:
    if not pool.offline and os.geteuid() != 0:
        pytest.skip("the network wall needs root or unprivileged user namespaces")
    assert pool.offline
    with socket.create_server(("127.0.0.1", 0)) as listener:
        reply = asyncio.run(pool.run(Connect(listener.getsockname()[1])))
    assert reply == errno.ENETUNREACH
    assert asyncio.run(pool.run(Count()))[0] == 1  # type: ignore[index]  # the snapshot opens
