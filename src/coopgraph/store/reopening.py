"""The embedded store's engine, opened again after a full disk.

Once a write fails for want of space, RocksDB refuses every later write, even after space is
freed, until the store is opened again. :class:`EngineKeeper` holds the engine, serialises
the writes, counts the reads, and swaps in a freshly opened engine before the next write. The
old engine is
closed first (RocksDB's LOCK file refuses a second open in one process), so the swap waits for
the running reads, and reads arriving meanwhile wait for the swap: no read sees a closed
engine. The keeper knows no engine's class: the store gives it the engine and its opener.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Generic, TypeVar

from coopgraph.errors import DiskFull, StoreError, is_no_space

READS_DEADLINE = 30.0
"""Seconds a reopening waits for the reads running on the old engine."""
OPEN_DEADLINE = 5.0
"""Seconds a reopening tries to open the engine again while the old one lingers."""

Engine = TypeVar("Engine")
Value = TypeVar("Value")


class EngineKeeper(Generic[Engine]):
    """The engine of one store, opened again by ``opener`` after a full disk; a store in
    memory has no opener and is never reopened."""

    def __init__(
        self,
        engine: Engine,
        opener: Callable[[], Engine] | None,
        reads_deadline: float = READS_DEADLINE,
    ) -> None:
        self._engine: Engine | None = engine
        self._opener = opener
        self._reads_deadline = reads_deadline
        self._write_lock = threading.Lock()
        self._changed = threading.Condition()
        self._reads = 0
        self._swapping = False
        self._stale = False
        self._failure: TracebackType | None = None  # where the write that left it stale failed

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has run."""
        return self._engine is None and not self._stale

    @property
    def stale(self) -> bool:
        """True when a full disk left the engine refusing writes: it is reopened first."""
        return self._stale

    def read(self, work: Callable[[Engine], Value]) -> Value:
        """What ``work`` makes of the engine, counted as a read: the engine is neither closed
        nor swapped until ``work`` returns, so ``work`` must consume every result it gets
        (pyoxigraph's results keep RocksDB open), and keep no reference to the engine."""
        with self._changed:
            self._changed.wait_for(lambda: not self._swapping)
            engine = self._present()
            self._reads += 1
        try:
            return work(engine)
        except BaseException as exc:
            traceback.clear_frames(exc.__traceback__)  # their locals would hold the engine open
            raise
        finally:
            del engine
            with self._changed:
                self._reads -= 1
                self._changed.notify_all()

    @contextmanager
    def writing(self, translated: bool = True) -> Iterator[Engine]:
        """The engine for one write, the only one running. A full disk marks the engine for
        reopening before the next write, and is :class:`DiskFull` unless ``translated`` is
        False (the engine's own error then goes on)."""
        with self._write_lock:
            if self._stale:
                self._reopen()
            try:
                yield self._present()
            except Exception as exc:
                if not _out_of_space(exc):
                    raise
                self._stale = self._opener is not None
                self._failure = exc.__traceback__
                if not translated:
                    raise
                raise DiskFull() from exc

    def reopen(self) -> None:
        """Close the engine and open it again, between writes, once the reads on it are over."""
        with self._write_lock:
            self._reopen()

    def _reopen(self) -> None:
        if self._opener is None:
            return
        with self._changed:
            self._swapping = True
            try:
                self._wait_for_reads()
                # The failed writer's frames outlive it in its exception, holding the engine.
                if self._failure is not None:
                    traceback.clear_frames(self._failure)
                self._engine = None  # the last reference: RocksDB closes and frees its LOCK
                self._engine = _opened(self._opener)
                self._stale, self._failure = False, None
            finally:
                self._swapping = False
                self._changed.notify_all()

    def close(self) -> None:
        """Drop the engine, releasing its files; idempotent."""
        with self._changed:
            self._engine = None
            self._stale = False

    def _present(self) -> Engine:
        if self._engine is None:
            raise StoreError(
                "the store is closed, or could not be opened again after a full disk: restart "
                "the service / la base est fermée, ou n'a pas pu être rouverte après un disque "
                "plein : redémarrez le service"
            )
        return self._engine

    def _wait_for_reads(self) -> None:
        if not self._changed.wait_for(lambda: self._reads == 0, timeout=self._reads_deadline):
            raise StoreError(
                f"the store could not be opened again after a full disk: reads still ran after "
                f"{self._reads_deadline:g} s; nothing was written, send it again / la base n'a "
                f"pas pu être rouverte après un disque plein : des lectures duraient encore "
                f"après {self._reads_deadline:g} s ; rien n'a été écrit, renvoyez la demande"
            )


def _out_of_space(error: BaseException) -> bool:
    """True when the engine (an OSError or RuntimeError, or what one was raised from) says the
    disk is full; words a caller wrote into an error of its own do not count."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, (OSError, RuntimeError)) and is_no_space(seen):
            return True
        seen = seen.__cause__
    return False


def _opened(opener: Callable[[], Engine]) -> Engine:
    """The engine opened again. A reader may hold the old one for a moment after its read is
    counted out (its frame, a traceback), and RocksDB refuses a second open meanwhile: try
    again for a few seconds."""
    deadline = time.monotonic() + OPEN_DEADLINE
    while True:
        try:
            return opener()
        except (OSError, RuntimeError) as exc:
            if time.monotonic() > deadline:
                raise StoreError(
                    "the store could not be opened again after a full disk / la base n'a pas "
                    "pu être rouverte après un disque plein"
                ) from exc
        gc.collect()
        time.sleep(0.05)
