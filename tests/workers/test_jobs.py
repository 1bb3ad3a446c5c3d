"""Jobs: a low-priority job runs at nice 19 in a thread of its own, its reply and its errors
passed on, the caller's priority untouched; only the requests marked low-priority wrap it."""

from __future__ import annotations

import contextvars
import os
import threading
from dataclasses import dataclass

import pytest

from coopgraph.errors import QueryFailed
from coopgraph.store import Store, memory_store
from coopgraph.workers.jobs import LOWEST, Job, LowPriority, low_priority, prioritised


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


def test_a_plain_job_runs_in_the_calling_thread() -> None:
    job: Job = _Niceness()
    assert job.run(memory_store()) == (_nice(), True)


def test_a_low_priority_job_runs_at_the_lowest_priority_and_the_caller_keeps_its_own() -> None:
    before = _nice()
    assert before < LOWEST
    assert LowPriority(_Niceness()).run(memory_store()) == (LOWEST, True)
    assert _nice() == before


def test_a_low_priority_job_passes_its_error_on() -> None:
    with pytest.raises(QueryFailed, match="broken on purpose"):
        LowPriority(_Failing()).run(memory_store())


def test_only_marked_requests_are_wrapped() -> None:
    job = _Niceness()
    assert prioritised(job) is job

    def marked() -> object:
        low_priority.set(True)
        return prioritised(job)

    assert contextvars.copy_context().run(marked) == LowPriority(job)
    assert prioritised(job) is job
