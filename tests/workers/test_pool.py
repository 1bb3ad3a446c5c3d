"""The worker pool: jobs run in worker processes against the store their envelope names; a
worker past the deadline is killed and replaced, so is one that dies or passes its memory
cap; our errors come back as they were raised. A worker found dead while idle, or left running
a cancelled job, is replaced before the next job; a snapshot a full disk refuses is a 503 that
gives the worker back, and the pool recovers once there is space again."""

from __future__ import annotations

import asyncio
import errno
import gc
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coopgraph import formats, iris
from coopgraph.content import loading
from coopgraph.errors import QueryFailed
from coopgraph.settings import Settings
from coopgraph.store import EmbeddedStore, Store
from coopgraph.web.http_errors import status_of
from coopgraph.workers.pool import OutOfMemory, WorkerCrash, WorkerPool, WorkerTimeout
from coopgraph.workers.snapshots import SnapshotFailed, Snapshots

from .test_worker import wait_until_dead

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
class Nap:
    """A job that takes a moment, then says so."""

    seconds: float

    def run(self, store: Store) -> object:
        time.sleep(self.seconds)
        return "late"


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


@dataclass(frozen=True)
class Litter:
    """A job that leaves many objects in cycles, as a large validation does."""

    def run(self, store: Store) -> object:
        for _ in range(150_000):
            left: list[object] = []
            left.append(left)
        return None


@dataclass(frozen=True)
class Census:
    """Whether the cycle collector runs during a job, and how many full collections so far."""

    def run(self, store: Store) -> object:
        return gc.isenabled(), gc.get_stats()[2]["collections"]


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


def test_the_collector_waits_for_the_reply_then_collects_what_a_job_left(
    pool: WorkerPool,
) -> None:
    paused, before = _census(pool)
    assert not paused  # no collection interrupts a job
    asyncio.run(pool.run(Litter()))
    _paused, after = _census(pool)
    assert after == before + 1  # one, after Litter's reply
    _paused, later = _census(pool)
    assert later == after  # a job that left little is left to the collector's schedule


def _census(pool: WorkerPool) -> tuple[bool, int]:
    reply = asyncio.run(pool.run(Census()))
    assert isinstance(reply, tuple)
    return bool(reply[0]), int(reply[1])


def test_a_job_past_the_deadline_is_stopped_and_its_worker_replaced(
    short_pool: WorkerPool,
) -> None:
    before = short_pool.process_ids()

    async def scenario() -> object:
        with pytest.raises(WorkerTimeout) as stopped:
            await short_pool.run(Sleep())
        assert stopped.value.stage == "running"
        # The short deadline is this test's subject; the replacement's first job gets the usual
        # one, since a new worker's start on a loaded machine can take longer than 1.5 s.
        short_pool.timeout = TIMEOUT
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


def test_a_worker_dead_while_idle_is_replaced_before_the_next_job(pool: WorkerPool) -> None:
    dead = pool.process_ids()[0]
    assert dead is not None
    os.kill(dead, signal.SIGKILL)
    wait_until_dead(dead)
    reply = asyncio.run(pool.run(Count()))
    assert isinstance(reply, tuple)
    count, pid = reply
    assert count == 1  # answered, not a WorkerCrash blamed on an innocent job
    assert pid != dead
    assert pool.process_ids() == [pid]


def test_a_cancelled_job_does_not_answer_the_next(pool: WorkerPool) -> None:
    async def scenario() -> object:
        running = asyncio.create_task(pool.run(Nap(2.0)))
        await asyncio.sleep(0.5)
        running.cancel()  # a client gone: its worker is still sleeping
        with suppress(asyncio.CancelledError):
            await running
        return await pool.run(Count())

    assert asyncio.run(scenario())[0] == 1  # type: ignore[index]  # not the nap's "late"


@dataclass(frozen=True)
class SmallDisk:
    """A 64 KiB tmpfs in a private mount namespace, held by process ``holder``."""

    holder: subprocess.Popen[str]
    mount: Path

    @property
    def path(self) -> Path:
        """The tmpfs, as the test's process reaches it (through the holder's root)."""
        return Path(f"/proc/{self.holder.pid}/root{self.mount}")

    def grow(self) -> None:
        """Give the disk 64 MiB: the space an administrator frees."""
        assert self.holder.stdin is not None
        assert self.holder.stdout is not None
        self.holder.stdin.write("grow\n")
        self.holder.stdin.flush()
        assert self.holder.stdout.readline().strip() == "grown"


_HOLD = "mount -t tmpfs -o size=64k tmpfs {0} && echo mounted && read line && " \
    "mount -o remount,size=64m {0} && echo grown && exec sleep 600"  # fmt: skip


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A full disk, for real: root mounts it in a mount namespace of its own (CI); other users
    need unprivileged user namespaces, else the test is skipped."""
    mount = tmp_path / "disk"
    mount.mkdir()
    user = [] if os.geteuid() == 0 else ["--map-root-user"]
    command = ["unshare", *user, "--mount", "--propagation", "private", "sh", "-c"]
    holder = subprocess.Popen(
        [*command, _HOLD.format(mount)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stderr is not None
    if holder.stdout.readline().strip() != "mounted":
        holder.kill()
        reason = holder.stderr.read()
        if os.geteuid() == 0:
            pytest.fail(f"root could not mount a tmpfs in a private namespace: {reason}")
        pytest.skip(f"no private mount namespace for this user (needs root in CI): {reason}")
    yield SmallDisk(holder, mount)
    holder.kill()
    holder.communicate()


def test_a_snapshot_the_full_disk_refuses_is_a_503_and_the_pool_recovers(
    small_disk: SmallDisk,
) -> None:
    store = EmbeddedStore.in_memory()
    store.load(TRIPLE, formats.N_TRIPLES, None)
    root = small_disk.path / "snapshots"
    snapshots = Snapshots(store, root, retry_after=0)
    pool = WorkerPool(snapshots, workers=1, timeout=TIMEOUT, memory_mb=1024)
    many = b"".join(
        b"<http://example.org/s%d> <http://example.org/p> <http://example.org/o> .\n" % i
        for i in range(3000)
    )

    async def refused() -> list[SnapshotFailed]:
        assert await pool.run(Count()) == (1, pool.process_ids()[0])  # the first one fits
        store.load(many, formats.N_TRIPLES, None)  # about 200 KB of N-Quads: no room
        failures = []
        for _ in range(3):  # one worker: a leaked one would make the second wait, then time out
            with pytest.raises(SnapshotFailed) as failed:
                await pool.run(Count())
            failures.append(failed.value)
        return failures

    try:
        failures = asyncio.run(refused())
        message = str(failures[-1])
        assert status_of(failures[-1]) == 503
        assert "no space left on the server's disk" in message
        assert "plus d'espace sur le disque du serveur" in message
        assert str(small_disk.mount) not in message
        assert "/proc" not in message
        assert len(list(root.iterdir())) == 1  # the partial copies were removed
        small_disk.grow()
        assert asyncio.run(pool.run(Count()))[0] == 3001  # type: ignore[index]
    finally:
        pool.close()
        snapshots.close()


def _workers_of_this_process() -> list[int]:
    """The worker processes this test process started: children of its forkserver."""

    def children(pid: int) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with suppress(OSError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(stat.parent.name))
        return found

    forkservers = [
        child
        for child in children(os.getpid())
        if b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]
    return [worker for server in forkservers for worker in children(server)]


def test_a_query_after_every_idle_worker_died_answers_200(
    client: TestClient, settings: Settings
) -> None:
    store: Store = client.app.state.services.store  # type: ignore[attr-defined]
    for source in loading.project_sources(settings.content_root):
        if source.graph == iris.ONTOLOGY_GRAPH:
            loading.load_source(store, source)  # what validation needs
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    workers = _workers_of_this_process()
    assert workers  # the query workers and the validation workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    for pid in workers:
        wait_until_dead(pid)
    json = {"Accept": "application/sparql-results+json"}
    answer = client.get("/sparql", params={"query": "ASK {}"}, headers=json)
    assert answer.status_code == 200, answer.text
    assert answer.json()["boolean"] is True  # answered, not a 400 blaming the query
    validated = client.post(
        "/validate", content=TRIPLE, headers={"Content-Type": "application/n-triples"}
    )
    assert validated.status_code == 200, validated.text
