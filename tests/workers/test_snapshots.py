"""Snapshots: one per generation of the store, shared by the jobs that read it, an old one
removed once its last job ends, all of them removed on close."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph import formats
from coopgraph.store import EmbeddedStore
from coopgraph.workers.snapshots import Snapshots

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
