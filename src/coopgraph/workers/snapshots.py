"""Read-only copies of the embedded store for the workers, made again after each write.

A snapshot is a hard-linked checkpoint for a store on disk, an N-Quads file for a store in
memory; an old one is removed once no job reads it any more. A snapshot that cannot be made (a
full disk) is a ``SnapshotFailed``, a StoreError without server paths; what it had written is
removed, and the next job after ``retry_after`` seconds tries again, so the workers come back
by themselves once the cause is gone.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import threading
import time
from pathlib import Path

from coopgraph.errors import StoreError
from coopgraph.store import EmbeddedStore

RETRY_AFTER = 5.0
"""Seconds during which a failed snapshot is not tried again (the 503's Retry-After)."""


NO_SPACE = ("no space left on the server's disk", "plus d'espace sur le disque du serveur")
"""A full disk, in English and French."""
UNREADABLE = (
    "the server could not write or read its copy of the store",
    "le serveur n'a pas pu écrire ou lire sa copie de la base",
)
"""Any other failure, in English and French (an engine's message names server files)."""


def reason_of(exc: BaseException) -> tuple[str, str]:
    """Why ``exc`` stopped a snapshot, in English and French, without file names."""
    if getattr(exc, "errno", None) == errno.ENOSPC or "no space left" in str(exc).lower():
        return NO_SPACE
    return UNREADABLE


class SnapshotFailed(StoreError):
    """The workers' copy of the store could not be made or opened; the message names no path."""

    def __init__(self, reason: tuple[str, str]) -> None:
        english, french = reason
        wait = ", once disk space is freed" if reason == NO_SPACE else ""
        attendre = ", quand de l'espace disque aura été libéré" if reason == NO_SPACE else ""
        super().__init__(
            f"the service cannot prepare the store for queries and validations ({english}); "
            f"nothing was changed: try again in a few seconds{wait}. / Le service ne peut pas "
            f"préparer la base pour les requêtes et les validations ({french}) ; rien n'a été "
            f"modifié : réessayez dans quelques secondes{attendre}."
        )
        self.reason = reason

    def __reduce__(self) -> tuple[type[SnapshotFailed], tuple[tuple[str, str]]]:
        return SnapshotFailed, (self.reason,)  # sent back by a worker that could not open it


class Snapshots:
    """The current snapshot of the store, remade after writes, old ones removed when unused."""

    def __init__(self, store: EmbeddedStore, root: Path, retry_after: float = RETRY_AFTER) -> None:
        self._store = store
        self._root = root
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        self._current: tuple[int, Path] | None = None
        self._users: dict[Path, int] = {}
        self._lock = threading.Lock()
        self._serial = 0
        self._retry_after = retry_after
        self._failure: tuple[int, float, tuple[str, str]] | None = None

    def acquire(self) -> Path:
        """The snapshot for a new job; made now if the store changed since the last one.
        SnapshotFailed when it cannot be made."""
        with self._lock:
            generation = self._store.generation()
            if self._current is None or self._current[0] != generation:
                self._make(generation)
            assert self._current is not None
            path = self._current[1]
            self._users[path] = self._users.get(path, 0) + 1
            return path

    def _make(self, generation: int) -> None:
        """A new current snapshot of ``generation``; SnapshotFailed, with nothing left on the
        disk, when it cannot be written (or when it failed less than ``retry_after`` ago)."""
        failure = self._failure
        if failure and failure[0] == generation and time.monotonic() < failure[1]:
            raise SnapshotFailed(failure[2])
        self._serial += 1
        path = self._root / f"{self._serial:08d}"
        try:
            self._store.snapshot(path)
        except (OSError, RuntimeError) as exc:
            _remove(path)  # a partial copy would keep the disk full
            self._failure = (generation, time.monotonic() + self._retry_after, reason_of(exc))
            raise SnapshotFailed(self._failure[2]) from exc
        self._failure = None
        previous = self._current
        self._current = (generation, path)
        if previous is not None:
            self._discard_if_unused(previous[1])

    def acquire_if_fresh(self) -> Path | None:
        """The current snapshot if the store has not changed since it was made, else None:
        the common case, cheap enough for the event loop."""
        with self._lock:
            if self._current is None or self._current[0] != self._store.generation():
                return None
            path = self._current[1]
            self._users[path] = self._users.get(path, 0) + 1
            return path

    def release(self, path: Path) -> None:
        """A job on ``path`` ended."""
        with self._lock:
            self._users[path] -= 1
            self._discard_if_unused(path)

    def _discard_if_unused(self, path: Path) -> None:
        if self._users.get(path, 0) == 0 and (self._current is None or self._current[1] != path):
            self._users.pop(path, None)
            _remove(path)

    def close(self) -> None:
        """Remove every snapshot."""
        shutil.rmtree(self._root, ignore_errors=True)


def _remove(path: Path) -> None:
    """Remove a snapshot, whole or partial; what cannot be removed stays (as rmtree's would)."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
