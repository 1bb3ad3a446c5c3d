"""Snapshots: one per generation of the store, shared by the jobs that read it, an old one
removed once its last job ends, all of them removed on close. A snapshot that cannot be made is
a SnapshotFailed naming no path, tried again after ``retry_after`` seconds."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph import formats
from coopgraph.store import EmbeddedStore
from coopgraph.workers.snapshots import NO_SPACE, SnapshotFailed, Snapshots

TRIPLE = b"<http://example.org/s> <http://example.org/p> <http://example.org/o%d> .\n"


@pytest.fixture(params=["memory", "on-disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An embedded store holding one triple, in memory or on disk."""
    opened = (
        EmbeddedStore.in_memory()
        if request.param == "memory"
        else EmbeddedStore.on_disk(tmp_path / "store")
    )
    opened.load(TRIPLE % 0, formats.N_TRIPLES, None)
    yield opened
    opened.close()


def _count(snapshot: Path) -> int:
    reader = EmbeddedStore.from_snapshot(snapshot)
    try:
        return reader.count()
    finally:
        reader.close()


def test_jobs_share_a_snapshot_until_the_store_changes(
    store: EmbeddedStore, tmp_path: Path
) -> None:
    snapshots = Snapshots(store, tmp_path / "snapshots")
    first = snapshots.acquire()
    assert snapshots.acquire() == first
    assert snapshots.acquire_if_fresh() == first
    assert _count(first) == 1
    store.load(TRIPLE % 1, formats.N_TRIPLES, None)
    assert snapshots.acquire_if_fresh() is None
    second = snapshots.acquire()
    assert second != first
    assert _count(second) == 2
    snapshots.close()


def test_an_old_snapshot_goes_with_its_last_job(store: EmbeddedStore, tmp_path: Path) -> None:
    snapshots = Snapshots(store, tmp_path / "snapshots")
    old = snapshots.acquire()
    store.load(TRIPLE % 1, formats.N_TRIPLES, None)
    current = snapshots.acquire()
    assert old.exists()  # a job still reads it
    snapshots.release(old)
    assert not old.exists()
    snapshots.release(current)
    assert current.exists()  # the current one stays for the next job
    snapshots.close()
    assert not (tmp_path / "snapshots").exists()


def test_a_new_set_of_snapshots_starts_empty(store: EmbeddedStore, tmp_path: Path) -> None:
    root = tmp_path / "snapshots"
    root.mkdir()
    (root / "left-over").write_bytes(b"from a process that died")
    snapshots = Snapshots(store, root)
    assert list(root.iterdir()) == []
    snapshots.close()


def _block(root: Path) -> None:
    """Put a file where the snapshots' folder is: no snapshot can be written, even by root."""
    shutil.rmtree(root)
    root.write_bytes(b"in the way")


def _unblock(root: Path) -> None:
    root.unlink()
    root.mkdir()


def test_a_snapshot_that_cannot_be_made_is_a_store_error_and_is_tried_again(
    store: EmbeddedStore, tmp_path: Path
) -> None:
    root = tmp_path / "snapshots"
    snapshots = Snapshots(store, root, retry_after=0)
    _block(root)
    with pytest.raises(SnapshotFailed) as failed:
        snapshots.acquire()
    assert str(tmp_path) not in str(failed.value)
    assert "Le service ne peut pas préparer la base" in str(failed.value)
    _unblock(root)  # the cause is gone: the next job gets its snapshot
    assert _count(snapshots.acquire()) == 1
    snapshots.close()


def test_a_failed_snapshot_is_not_tried_again_before_retry_after(
    store: EmbeddedStore, tmp_path: Path
) -> None:
    root = tmp_path / "snapshots"
    snapshots = Snapshots(store, root, retry_after=60)
    _block(root)
    with pytest.raises(SnapshotFailed):
        snapshots.acquire()
    _unblock(root)
    with pytest.raises(SnapshotFailed):  # refused at once, without writing the store again
        snapshots.acquire()
    assert list(root.iterdir()) == []
    store.load(TRIPLE % 1, formats.N_TRIPLES, None)  # a new generation is tried at once
    assert _count(snapshots.acquire()) == 2
    snapshots.close()


def test_a_snapshot_failure_crosses_a_pipe_whole() -> None:
    failure = pickle.loads(pickle.dumps(SnapshotFailed(NO_SPACE)))
    assert isinstance(failure, SnapshotFailed)
    assert failure.reason == NO_SPACE
    assert str(failure) == str(SnapshotFailed(NO_SPACE))
