"""Online, consistent backups of a running store, and restoring them.

A backup is a folder ``<backups>/<UTC time>/`` holding:

- ``oxigraph/``: a RocksDB checkpoint of the embedded store, taken under the writer lock
  (hard links to the immutable files, so it costs little room and time on one file system);
  a store in memory or a remote store gives ``store.nq`` (every quad as N-Quads) instead;
- ``private/``: a copy of the private folder (steward tokens, hashed; every kept version;
  the audit record), when there is one;
- ``backup.json``: when, what, how many quads.

It is written under a ``.partial-`` name and renamed when complete: a folder without that
prefix is a whole backup. Restoring replaces the store's content in one transaction and
copies the private files back beside the ones present (none is deleted).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coopgraph.errors import InputError, StoreError
from coopgraph.store.base import Store
from coopgraph.store.embedded import EmbeddedStore

CHECKPOINT = "oxigraph"
DUMP = "store.nq"
PRIVATE = "private"
MANIFEST = "backup.json"
_PARTIAL = ".partial-"


@dataclass(frozen=True)
class Backup:
    """A finished backup: its folder and how many quads it holds."""

    folder: Path
    quads: int


def back_up(store: Store, root: Path, private: Path | None) -> Backup:
    """Write a consistent backup of ``store`` (and ``private``) into a new folder of ``root``."""
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    partial = root / f"{_PARTIAL}{name}"
    try:
        partial.mkdir(parents=True)
        quads = _write_store(store, partial)
        if private is not None and private.is_dir():
            shutil.copytree(private, partial / PRIVATE)
        manifest = {"at": datetime.now(UTC).isoformat(), "quads": quads}
        (partial / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        folder = partial.rename(root / name)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StoreError(f"cannot write a backup into {root}: {exc}") from exc
    return Backup(folder, quads)


def _write_store(store: Store, folder: Path) -> int:
    if store.checkpoint(folder / CHECKPOINT):
        checkpoint = EmbeddedStore.from_snapshot(folder / CHECKPOINT)
        try:
            return checkpoint.count()
        finally:
            checkpoint.close()
    with (folder / DUMP).open("wb") as output:
        store.dump(output)
    with (folder / DUMP).open("rb") as written:
        return sum(1 for _ in written)


def restore_backup(store: Store, folder: Path, private: Path | None) -> int:
    """Replace the store's content with the backup in ``folder``; returns the quad count."""
    if folder.name.startswith(_PARTIAL) or not (folder / MANIFEST).is_file():
        raise InputError(f"{folder} is not a finished coopgraph backup (no {MANIFEST})")
    if (folder / CHECKPOINT).is_dir():
        count = _restore_checkpoint(store, folder / CHECKPOINT)
    else:
        with (folder / DUMP).open("rb") as source:
            count = store.restore(source)
    if private is not None and (folder / PRIVATE).is_dir():
        shutil.copytree(folder / PRIVATE, private, dirs_exist_ok=True)
    return count


def _restore_checkpoint(store: Store, checkpoint: Path) -> int:
    # Opened from a copy: RocksDB writes its own log files into a folder it opens.
    with tempfile.TemporaryDirectory(prefix="coopgraph-restore-") as scratch:
        copy = Path(scratch) / CHECKPOINT
        shutil.copytree(checkpoint, copy)
        source = EmbeddedStore.from_snapshot(copy)
        try:
            with (Path(scratch) / DUMP).open("w+b") as dump:
                source.dump(dump)
                dump.seek(0)
                return store.restore(dump)
        finally:
            source.close()


def backups(root: Path) -> list[Path]:
    """The finished backups in ``root``, oldest first."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(_PARTIAL))
