"""A worker process and the server's handle on it: a worker found dead, or left running a job,
is unfit for the next one; a snapshot it cannot open comes back as SnapshotFailed (a 503), not
as a crash blamed on the job."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph.workers.snapshots import SnapshotFailed
from coopgraph.workers.worker import Envelope, Opening, Worker

pytestmark = pytest.mark.slow  # every test starts a worker process

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


def test_a_new_worker_is_fit(worker: Worker) -> None:
    assert worker.unfit() is None
    assert worker.network == "not asked"


def test_a_worker_killed_while_idle_is_unfit(worker: Worker) -> None:
    assert worker.process.pid is not None
    os.kill(worker.process.pid, signal.SIGKILL)
    wait_until_dead(worker.process.pid)
    assert worker.unfit() is not None


def test_a_worker_left_running_a_job_is_unfit(worker: Worker) -> None:
    worker.engaged = True  # as a request cancelled between the send and the reply leaves it
    assert worker.unfit() == "left running a job"


def test_a_worker_with_a_stray_reply_is_unfit(worker: Worker) -> None:
    worker.connection.send(Envelope(str(Path("/nonexistent")), Opening()))
    assert worker.connection.poll(30)  # its reply waits, unread: it would answer the next job
    assert worker.unfit() == "its pipe is closed or holds a stray reply"


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


def test_a_worker_opens_a_snapshot_on_request(worker: Worker, tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot.nq"
    snapshot.write_bytes(
        b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    )
    assert worker.open(snapshot, 30)
    assert worker.unfit() is None  # its reply was read: nothing stray in the pipe
