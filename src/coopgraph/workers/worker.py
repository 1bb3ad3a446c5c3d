"""One worker process: its life (jobs read from a pipe, run against the store their envelope
names, replies sent back) and the server's handle on it.

A worker opens the store its job's envelope names (a snapshot's path, or the settings of a
remote store) and keeps it open for the next job; our errors go back as they were raised, a
MemoryError past its address-space cap as ``OutOfMemory``, a snapshot it cannot open as
``SnapshotFailed`` (a 503, not a crash blamed on the job).

The cycle collector is paused while a job runs and until its reply is sent
(:func:`collector_paused_for_job`): a large job (a 100k-triple validation makes millions of
objects) would otherwise be interrupted by collections that walk them all and free next to
nothing, and what it leaves in cycles is collected after the reply, while the worker waits
for its next job, not on the next request's path (half a second after a 100k validation).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import resource
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from coopgraph.errors import CoopgraphError
from coopgraph.settings import Settings
from coopgraph.store import EmbeddedStore, Store, open_store
from coopgraph.workers.jobs import Job
from coopgraph.workers.network import deny_network
from coopgraph.workers.snapshots import SnapshotFailed, reason_of

Source = str | Settings
"""Where a worker reads the store: a snapshot's path, or the settings of a remote store."""
MANY_OBJECTS = 100_000
"""Objects a job may leave (made and not freed) before the worker collects after its reply;
fewer are left to the collector's own schedule."""


@dataclass(frozen=True)
class Envelope:
    """A job and the store it runs against."""

    source: Source
    job: Job


@dataclass(frozen=True)
class Opening:
    """No work: the worker opens the store its envelope names, and says so."""

    def run(self, store: Store) -> None:
        return None


class OutOfMemory(Exception):
    """Sent back by a worker whose job raised MemoryError (its address-space cap)."""


def _open(source: Source) -> Store:
    if not isinstance(source, str):
        return open_store(source)
    try:
        return EmbeddedStore.from_snapshot(Path(source))
    except (OSError, RuntimeError, CoopgraphError) as exc:  # a message naming server files
        raise SnapshotFailed(reason_of(exc)) from exc


def serve_jobs(
    connection: Connection, memory_bytes: int, preload: tuple[str, ...], offline: bool
) -> None:
    """A worker's life: say whether it is offline, then run jobs against the stores named."""
    connection.send(deny_network() if offline else "not asked")
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for module in preload:
        importlib.import_module(module)
    opened: tuple[Source, Store] | None = None
    while True:
        try:
            envelope: Envelope = connection.recv()
        except EOFError:
            return
        with collector_paused_for_job():
            opened = _serve(connection, envelope, opened)


def _serve(
    connection: Connection, envelope: Envelope, opened: tuple[Source, Store] | None
) -> tuple[Source, Store] | None:
    """Run one job and send its reply; returns the store now open. What the job made is
    freed on return, before the collection that follows the reply."""
    started = time.process_time()
    try:
        if opened is None or opened[0] != envelope.source:
            opened = None
            opened = (envelope.source, _open(envelope.source))
        started = time.process_time()  # the job's busy time: processor time, not waits
        connection.send((envelope.job.run(opened[1]), _busy_since(started)))
    except CoopgraphError as exc:
        connection.send((exc, _busy_since(started)))
    except MemoryError:
        connection.send((OutOfMemory(), _busy_since(started)))
    return opened


@contextlib.contextmanager
def collector_paused_for_job() -> Iterator[None]:
    """The cycle collector paused inside the block (a job and its reply); after it, one
    collection if the job left :data:`MANY_OBJECTS` or more, and the collector back as it
    was. A check inside (``validation.collector``) finds it paused and leaves it to this."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] >= MANY_OBJECTS:
            gc.collect()
        if enabled:
            gc.enable()


def _busy_since(started: float) -> float:
    return time.process_time() - started


class Worker:
    """The server's handle on one worker process: its pipe, and whether it can take a job."""

    def __init__(
        self,
        context: multiprocessing.context.BaseContext,
        memory_bytes: int,
        preload: tuple[str, ...],
        offline: bool,
    ):
        self.connection, child = multiprocessing.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=serve_jobs, args=(child, memory_bytes, preload, offline), daemon=True
        )
        self.process.start()
        child.close()
        # True from a job's send until its reply is read: a worker left so (a cancelled
        # request) may still be running it, and its late reply must not answer the next job.
        self.engaged = False
        # None once the worker is in a network namespace of its own, else why it is not.
        self.network: str | None = "did not start"
        try:
            if self.connection.poll(60):
                self.network = self.connection.recv()
        except (EOFError, OSError):
            pass  # a worker dead at birth: the pool replaces it before giving it a job

    def unfit(self) -> str | None:
        """Why this idle worker cannot take a job (dead, its pipe closed or not empty), or
        None when it can; cheap enough for the event loop."""
        if self.engaged:
            return "left running a job"
        if self.connection.closed or not self.process.is_alive():
            return f"dead (exit code {self.process.exitcode})"
        try:
            if self.connection.poll(0):  # an idle worker says nothing: this is its end
                return "its pipe is closed or holds a stray reply"
        except OSError:
            return "its pipe is broken"
        return None

    def open(self, snapshot: Path, timeout: float) -> bool:
        """Have the worker open ``snapshot`` now; False when it did not say so in time."""
        try:
            self.connection.send(Envelope(str(snapshot), Opening()))
            if self.connection.poll(timeout):
                self.connection.recv()
                return True
        except (EOFError, OSError):
            pass
        return False

    def kill(self) -> None:
        """Stop the process and close its pipe."""
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()
