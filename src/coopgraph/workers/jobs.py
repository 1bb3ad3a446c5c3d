"""What a worker runs: a Job against the store it opened, and the low-priority wrapper of a
heavy client's job.

The fair share (``coopgraph.web``) marks the requests of heavy clients with ``low_priority``;
the query pool then wraps their jobs in ``LowPriority``, run in a thread of its own at the
lowest scheduling priority (nice 19), so the rest of the service (pages, validation) takes
the cores from it. The thread ends with its job, so the worker keeps its normal priority,
which an unprivileged process could not take back.

The fair share also gives each metered request a ``BusyTime`` (``busy_time``): the pools add
to it the time each of the request's jobs ran in a worker (``charge``), never the time it
waited for one, so a client is metered on the work it caused.

>>> low_priority.get()
False
>>> charge(1.0)  # outside a metered request: nothing to add to
"""

from __future__ import annotations

import os
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

from coopgraph.store import Store

LOWEST = 19
"""The nice value of a low-priority job's thread: the scheduler's lowest."""

low_priority: ContextVar[bool] = ContextVar("low_priority", default=False)
"""True while serving a request whose queries should run at the lowest priority."""


@dataclass
class BusyTime:
    """The seconds workers spent running the jobs of one request (waiting excluded)."""

    seconds: float = 0.0


busy_time: ContextVar[BusyTime | None] = ContextVar("busy_time", default=None)
"""The meter of the request being served, set by the fair share; None outside one."""


def charge(seconds: float) -> None:
    """Add ``seconds`` of a worker's time to the current request's meter, if it has one."""
    meter = busy_time.get()
    if meter is not None:
        meter.seconds += seconds


class Job(Protocol):
    """Work a worker does against the store it opened (a snapshot, or the remote store)."""

    def run(self, store: Store) -> object:
        """The reply sent back to the caller; our errors are sent back as they are."""
        ...


@dataclass(frozen=True)
class LowPriority:
    """A job run in a thread at nice ``LOWEST``; its reply or its exception passed on."""

    job: Job

    def run(self, store: Store) -> object:
        """Run the job in a low-priority thread and wait for it."""
        outcome: list[object] = []
        failure: list[BaseException] = []

        def _run() -> None:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST)
            try:
                outcome.append(self.job.run(store))
            except BaseException as exc:  # handed to the worker's loop as if raised there
                failure.append(exc)

        thread = threading.Thread(target=_run, name="low-priority")
        thread.start()
        thread.join()
        if failure:
            raise failure[0]
        return outcome[0]


def prioritised(job: Job) -> Job:
    """``job`` as the current request should run it: wrapped in ``LowPriority`` when marked."""
    return LowPriority(job) if low_priority.get() else job
