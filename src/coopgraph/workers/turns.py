"""Processor priority of queries: a heavy client's queries yield the cores to everyone else's.

The fair share (``coopgraph.fair_share``) marks the requests of heavy clients with
``low_priority``; the query pool then wraps their jobs in ``LowPriority``, and:

- a worker runs such a job in a thread of its own at the lowest scheduling priority (nice 19),
  so the rest of the service (pages, validation) takes the cores from it; the thread ends with
  its job, so the worker keeps its normal priority, which an unprivileged process could not
  take back;
- they run in workers of their own, which ``turns`` stops (SIGSTOP) while any other request
  is being served (the fair share marks each one) or any other job runs, and continues
  (SIGCONT) when none is: light requests first, heavy queries on the time left, within the
  same deadline. Even at nice 19 a busy process slows the others on a small (virtual) machine;
  stopped, it does not.

>>> low_priority.get()
False
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopgraph.store import Store
    from coopgraph.workers.pool import Job

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


class Turns:
    """Light jobs first: a worker running a ``LowPriority`` job stays stopped while any other
    job of the pool runs. Used from the event loop only, so it needs no lock."""

    def __init__(self) -> None:
        self._others = 0
        self._low: set[int] = set()

    @contextmanager
    def taken(self, process_id: int | None, job: object) -> Iterator[None]:
        """While ``job`` runs in the worker ``process_id``. Leave it before reading the reply:
        a worker stopped in the middle of writing it would block the reader."""
        if process_id is None:
            yield
        elif isinstance(job, LowPriority):
            with self._low_job(process_id):
                yield
        else:
            with self._other_job():
                yield

    @contextmanager
    def _low_job(self, process_id: int) -> Iterator[None]:
        self._low.add(process_id)
        if self._others:
            _signal(process_id, signal.SIGSTOP)
        try:
            yield
        finally:
            self._low.discard(process_id)
            if self._others:
                _signal(process_id, signal.SIGCONT)

    @contextmanager
    def foreground(self) -> Iterator[None]:
        """While a request or job that is not low-priority is being served."""
        with self._other_job():
            yield

    @contextmanager
    def _other_job(self) -> Iterator[None]:
        self._others += 1
        if self._others == 1:
            for process_id in self._low:
                _signal(process_id, signal.SIGSTOP)
        try:
            yield
        finally:
            self._others -= 1
            if self._others == 0:
                for process_id in self._low:
                    _signal(process_id, signal.SIGCONT)


turns = Turns()
"""The process's turns: the server's requests and its query pool share them."""


def _signal(process_id: int, number: signal.Signals) -> None:
    with suppress(ProcessLookupError):  # a worker that died: the pool replaces it
        os.kill(process_id, number)
