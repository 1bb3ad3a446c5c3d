"""Turns: a worker running a low-priority job is stopped while any other job or request is
served, and continued when none is."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coopgraph.store import Store
from coopgraph.workers.jobs import LowPriority
from coopgraph.workers.turns import Turns


@dataclass(frozen=True)
class _Niceness:
    """A job standing for any: it is never run here, only taken in turns."""

    def run(self, store: Store) -> object:
        return store.ask("ASK {}")


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
