"""Online, consistent backups of a running store, and restoring them.

A backup is a folder ``<backups>/<UTC time>/`` holding:

- ``oxigraph/``: a RocksDB checkpoint of the embedded store, taken under the writer lock
  (hard links to the immutable files, so it costs little room and time on one file system);
  a store in memory or a remote store gives ``store.nq`` (every quad as N-Quads) instead;
- ``private/``: a copy of the private folder (steward tokens, hashed; every kept version;
  the audit record), when there is one. Its append-only files (``*.jsonl``: the audit record)
  are cut at their length before the checkpoint, whole lines only: a line is appended after
  its write commits, so every line the copy keeps names a write the store copy holds (a write
  committed just before the checkpoint may lose its line, as in a crash; never the reverse);
- ``backup.json``: when, what, how many quads.

It is written under a ``.partial-`` name and renamed when complete: a folder without that
prefix is a whole backup. Restoring replaces the store's content in one transaction and
copies back the private files the folder lacks, never over one present (none is deleted):
merging the tokens and the audit record is the caller's (``access``, ``submissions``).
"""

from __future__ import annotations

import errno
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
APPEND_ONLY = "*.jsonl"
"""The private files only ever appended to: copied as they were at the checkpoint."""
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
        lengths = _lengths(private)
        at = datetime.now(UTC).isoformat()
        quads = _write_store(store, partial)
        if private is not None and private.is_dir():
            shutil.copytree(private, partial / PRIVATE)
            _cut(partial / PRIVATE, lengths)
        manifest = {"at": at, "quads": quads}
        (partial / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        folder = partial.rename(root / name)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StoreError(f"cannot write a backup: {_reason(exc)}") from exc
    return Backup(folder, quads)


def _reason(exc: OSError) -> str:
    """What went wrong, without the server's file names."""
    if exc.errno == errno.ENOSPC:
        return "no space left on the server's disk / plus d'espace sur le disque du serveur"
    return exc.strerror or type(exc).__name__


def _lengths(private: Path | None) -> dict[Path, int]:
    """The length of each append-only file of ``private``, by path under it."""
    if private is None or not private.is_dir():
        return {}
    return {path.relative_to(private): path.stat().st_size for path in private.rglob(APPEND_ONLY)}


def _cut(copy: Path, lengths: dict[Path, int]) -> None:
    """Cut the copied append-only files at their measured length, after the last whole line;
    one that did not exist then is left empty."""
    for path in copy.rglob(APPEND_ONLY):
        kept = path.read_bytes()[: lengths.get(path.relative_to(copy), 0)]
        path.write_bytes(kept[: kept.rfind(b"\n") + 1])


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


@dataclass(frozen=True)
class Restored:
    """A restored backup: how many quads, when it was taken, its manifest."""

    quads: int
    taken: datetime
    manifest: Path
    private: Path | None
    """The backup's private folder, None when it has none."""


def restore_backup(store: Store, folder: Path, private: Path | None) -> Restored:
    """Replace the store's content with the backup in ``folder``, and copy back the private
    files ``private`` lacks."""
    if folder.name.startswith(_PARTIAL) or not (folder / MANIFEST).is_file():
        raise InputError(
            f"{folder.name} is not a finished coopgraph backup (no {MANIFEST}) / "
            f"{folder.name} n'est pas une sauvegarde coopgraph terminée (pas de {MANIFEST})"
        )
    if (folder / CHECKPOINT).is_dir():
        count = _restore_checkpoint(store, folder / CHECKPOINT)
    else:
        with (folder / DUMP).open("rb") as source:
            count = store.restore(source)
    kept = folder / PRIVATE if (folder / PRIVATE).is_dir() else None
    if private is not None and kept is not None:
        _copy_absent(kept, private)
    return Restored(count, _taken_at(folder), folder / MANIFEST, kept)


def _copy_absent(source: Path, target: Path) -> None:
    """Copy the files of ``source`` that ``target`` lacks; those present stay as they are."""
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        elif not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)


def _taken_at(folder: Path) -> datetime:
    """When the backup in ``folder`` was taken (before its checkpoint)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return datetime.fromisoformat(manifest["at"])


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
