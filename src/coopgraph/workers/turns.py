"""Light jobs first: a heavy client's queries yield the cores to everyone else's.

Heavy clients' jobs (``LowPriority``, see jobs.py) run in workers of their own, which
``turns`` stops (SIGSTOP) while any other request is being served (the fair share marks each
one) or any other job runs, and continues (SIGCONT) when none is: light requests first, heavy
queries on the time left, within the same deadline. Even at nice 19 a busy process slows the
others on a small (virtual) machine; stopped, it does not.

>>> with turns.foreground():
...     pass
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from coopgraph.workers.jobs import LowPriority


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
