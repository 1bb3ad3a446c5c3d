"""Read-only copies of the embedded store for the workers, made again after each write.

A snapshot is a hard-linked checkpoint for a store on disk, an N-Quads file for a store in
memory; an old one is removed once no job reads it any more.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from coopgraph.store import EmbeddedStore


class Snapshots:
    """The current snapshot of the store, remade after writes, old ones removed when unused."""

    def __init__(self, store: EmbeddedStore, root: Path) -> None:
        self._store = store
        self._root = root
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        self._current: tuple[int, Path] | None = None
        self._users: dict[Path, int] = {}
        self._lock = threading.Lock()
        self._serial = 0

    def acquire(self) -> Path:
        """The snapshot for a new job; made now if the store changed since the last one."""
        with self._lock:
            generation = self._store.generation()
            if self._current is None or self._current[0] != generation:
                self._serial += 1
                path = self._root / f"{self._serial:08d}"
                self._store.snapshot(path)
                previous = self._current
                self._current = (generation, path)
                if previous is not None:
                    self._discard_if_unused(previous[1])
            path = self._current[1]
            self._users[path] = self._users.get(path, 0) + 1
            return path

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
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
