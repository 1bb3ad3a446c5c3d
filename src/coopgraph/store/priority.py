"""Processor priority of queries: a heavy client's queries yield the cores to everyone else's.

The fair share (``coopgraph.fair_share``) marks the requests of heavy clients with
``low_priority``; the query pool then wraps their jobs in ``LowPriority``, which a worker runs
in a thread of its own at the lowest scheduling priority (nice 19). A light query that arrives
beside them gets a core at once instead of sharing it: on a machine with as many cores as
workers, the heavy queries run on what light ones leave. The thread ends with its job, so the
worker keeps its normal priority, which an unprivileged process could not take back.

>>> low_priority.get()
False
"""

from __future__ import annotations

import os
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopgraph.store.base import Store
    from coopgraph.store.isolation import Job

LOWEST = 19
"""The nice value of a low-priority job's thread: the scheduler's lowest."""

low_priority: ContextVar[bool] = ContextVar("low_priority", default=False)
"""True while serving a request whose queries should run at the lowest priority."""


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
