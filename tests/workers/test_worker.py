"""A worker process and the server's handle on it: a worker found dead, or left running a job,
is unfit for the next one; a snapshot it cannot open comes back as SnapshotFailed (a 503), not
as a crash blamed on the job. The cycle collector is paused for a job and its reply, and
collects after it only when the job left many objects."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph.workers.snapshots import SnapshotFailed
from coopgraph.workers.worker import (
    MANY_OBJECTS,
    Envelope,
    Opening,
    Worker,
    collector_paused_for_job,
)

STARTS_A_WORKER = pytest.mark.slow  # a test that starts a worker process

MEMORY = 1024 * 1_048_576


@pytest.fixture
def worker() -> Iterator[Worker]:
    """One worker process, with the network."""
    started = Worker(multiprocessing.get_context("forkserver"), MEMORY, (), offline=False)
    yield started
    started.kill()


def wait_until_dead(pid: int) -> None:
    """Wait until process ``pid`` has exited (gone, or a zombie), at most 10 s."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return
        if state in {"Z", "X"}:
            return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} still runs 10 s after SIGKILL")


@STARTS_A_WORKER
def test_a_new_worker_is_fit(worker: Worker) -> None:
    assert worker.unfit() is None
    assert worker.network == "not asked"


@STARTS_A_WORKER
def test_a_worker_killed_while_idle_is_unfit(worker: Worker) -> None:
    assert worker.process.pid is not None
    os.kill(worker.process.pid, signal.SIGKILL)
    wait_until_dead(worker.process.pid)
    assert worker.unfit() is not None


@STARTS_A_WORKER
def test_a_worker_left_running_a_job_is_unfit(worker: Worker) -> None:
    worker.engaged = True  # as a request cancelled between the send and the reply leaves it
    assert worker.unfit() == "left running a job"


@STARTS_A_WORKER
def test_a_worker_with_a_stray_reply_is_unfit(worker: Worker) -> None:
    worker.connection.send(Envelope(str(Path("/nonexistent")), Opening()))
    assert worker.connection.poll(30)  # its reply waits, unread: it would answer the next job
    assert worker.unfit() == "its pipe is closed or holds a stray reply"


@STARTS_A_WORKER
def test_a_snapshot_a_worker_cannot_open_is_a_store_error_naming_no_path(
    worker: Worker, tmp_path: Path
) -> None:
    missing = tmp_path / "snapshots" / "00000001"
    missing.mkdir(parents=True)  # a folder that is no store
    worker.connection.send(Envelope(str(missing), Opening()))
    assert worker.connection.poll(30)
    reply, _busy = worker.connection.recv()
    assert isinstance(reply, SnapshotFailed)
    assert str(tmp_path) not in str(reply)
    assert "Le service ne peut pas préparer la base" in str(reply)
    assert worker.unfit() is None  # the worker lives on for the next job


@STARTS_A_WORKER
def test_a_worker_opens_a_snapshot_on_request(worker: Worker, tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot.nq"
    snapshot.write_bytes(
        b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    )
    assert worker.open(snapshot, 30)
    assert worker.unfit() is None  # its reply was read: nothing stray in the pipe


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generations of the collections that run meanwhile."""
    seen: list[int] = []

    def heard(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(heard)
    yield seen
    gc.callbacks.remove(heard)


def _litter(count: int) -> None:
    for _ in range(count):
        left: list[object] = []
        left.append(left)


def _fail_in_a_job() -> None:
    with collector_paused_for_job():
        assert not gc.isenabled()
        raise ValueError("inside")


def test_a_job_runs_with_the_collector_paused_and_back_after_even_on_error() -> None:
    with pytest.raises(ValueError, match="inside"):
        _fail_in_a_job()
    assert gc.isenabled()


def test_what_a_large_job_left_is_collected_after_it(collections: list[int]) -> None:
    gc.collect()
    collections.clear()
    with collector_paused_for_job():
        _litter(MANY_OBJECTS)
        assert collections == []  # none while the job runs
    assert collections == [2]


def test_a_small_job_is_left_to_the_collectors_schedule(collections: list[int]) -> None:
    gc.collect()
    collections.clear()
    with collector_paused_for_job():
        _litter(100)
    assert collections == []
