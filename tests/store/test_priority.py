"""Low-priority jobs: run at nice 19 in a thread of their own, reply and errors passed on,
the caller's priority untouched; marked by the context of the request."""

from __future__ import annotations

import contextvars
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coopgraph.errors import QueryFailed
from coopgraph.store.base import Store
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.workers.turns import LOWEST, LowPriority, Turns, low_priority, prioritised


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@dataclass(frozen=True)
class _Niceness:
    """A job that tells the nice value of the thread running it."""

    def run(self, store: Store) -> object:
        return _nice(), store.ask("ASK {}")


@dataclass(frozen=True)
class _Failing:
    def run(self, store: Store) -> object:
        raise QueryFailed("broken on purpose")


def test_a_low_priority_job_runs_at_the_lowest_priority_and_the_caller_keeps_its_own() -> None:
    before = _nice()
    assert before < LOWEST
    assert LowPriority(_Niceness()).run(EmbeddedStore.in_memory()) == (LOWEST, True)
    assert _nice() == before


def test_a_low_priority_job_passes_its_error_on() -> None:
    with pytest.raises(QueryFailed, match="broken on purpose"):
        LowPriority(_Failing()).run(EmbeddedStore.in_memory())


def test_only_marked_requests_are_wrapped() -> None:
    job = _Niceness()
    assert prioritised(job) is job

    def marked() -> object:
        low_priority.set(True)
        return prioritised(job)

    assert contextvars.copy_context().run(marked) == LowPriority(job)
    assert prioritised(job) is job


@pytest.fixture
def worker() -> Iterator[int]:
    """A process standing for a query worker: its id."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield process.pid
    finally:
        process.kill()
        process.wait()


def _stopped(process_id: int) -> bool:
    """True when the process is stopped by a signal (state T in /proc)."""
    state = Path(f"/proc/{process_id}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state == "T"


def _wait_for_state(process_id: int, stopped: bool) -> bool:
    for _ in range(200):
        if _stopped(process_id) == stopped:
            return True
        threading.Event().wait(0.01)
    return False


def test_a_low_priority_job_waits_while_another_job_runs(worker: int) -> None:
    turns = Turns()
    with turns.taken(worker, LowPriority(_Niceness())):
        assert not _stopped(worker)
        with turns.taken(None, _Niceness()), turns.taken(os.getpid(), _Niceness()):
            assert _wait_for_state(worker, stopped=True)
            with turns.taken(os.getpid(), _Niceness()):
                assert _stopped(worker)
            assert _stopped(worker)  # one other job still runs
        assert _wait_for_state(worker, stopped=False)


def test_a_low_priority_job_sent_during_another_starts_stopped_and_leaves_running(
    worker: int,
) -> None:
    turns = Turns()
    with turns.taken(os.getpid(), _Niceness()):
        with turns.taken(worker, LowPriority(_Niceness())):
            assert _wait_for_state(worker, stopped=True)
        assert _wait_for_state(worker, stopped=False)  # its reply can be read


def test_a_request_being_served_holds_low_priority_jobs_too(worker: int) -> None:
    turns = Turns()
    with turns.taken(worker, LowPriority(_Niceness())):
        with turns.foreground():
            assert _wait_for_state(worker, stopped=True)
        assert _wait_for_state(worker, stopped=False)
