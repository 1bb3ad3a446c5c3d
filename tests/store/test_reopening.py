"""The engine keeper: a full disk is DiskFull and marks the engine for reopening before the
next write; a reopening waits for running reads, within a deadline. On real pyoxigraph
engines on disk; the full disk is the OSError RocksDB raises, raised inside the write."""

from __future__ import annotations

import errno
import functools
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.errors import DiskFull, InputError, StoreError
from coopgraph.store.reopening import EngineKeeper

TRIPLE = ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
ROCKSDB_NO_SPACE = "IO error: No space left on device: While appending to file: /srv/000008.log"


def keeper_on_disk(folder: Path, reads_deadline: float = 30.0) -> EngineKeeper[ox.Store]:
    """A keeper of a pyoxigraph engine in ``folder`` holding one triple."""
    engine = ox.Store(str(folder))
    engine.add(TRIPLE)
    opener = functools.partial(ox.Store, str(folder))
    return EngineKeeper(engine, opener, reads_deadline=reads_deadline)


def fail_for_want_of_space(keeper: EngineKeeper[ox.Store], translated: bool = True) -> None:
    with keeper.writing(translated) as engine:
        engine.add(TRIPLE)
        raise OSError(ROCKSDB_NO_SPACE)


def test_a_full_disk_is_disk_full_and_the_next_write_reopens(tmp_path: Path) -> None:
    keeper = keeper_on_disk(tmp_path / "engine")
    with pytest.raises(DiskFull) as caught:
        fail_for_want_of_space(keeper)
    assert "/srv" not in str(caught.value)
    assert keeper.stale
    assert keeper.read(len) == 1  # reads go on, on the old engine
    with keeper.writing() as engine:
        engine.add(ox.Quad(TRIPLE.subject, TRIPLE.predicate, ox.Literal("y")))
    assert not keeper.stale
    assert keeper.read(len) == 2


def test_an_untranslated_full_disk_keeps_the_engine_error(tmp_path: Path) -> None:
    keeper = keeper_on_disk(tmp_path / "engine")
    with pytest.raises(OSError, match="No space left"):
        fail_for_want_of_space(keeper, translated=False)
    assert keeper.stale


def test_words_of_our_own_error_are_no_full_disk(tmp_path: Path) -> None:
    keeper = keeper_on_disk(tmp_path / "engine")
    with pytest.raises(InputError), keeper.writing():
        raise InputError('the literal "no space left" is not a date')
    with pytest.raises(DiskFull), keeper.writing():
        raise InputError("the update failed") from OSError(errno.ENOSPC, "No space left")
    assert keeper.stale


def test_a_reopening_gives_up_while_a_read_still_runs(tmp_path: Path) -> None:
    keeper = keeper_on_disk(tmp_path / "engine", reads_deadline=0.2)
    reading, done = threading.Event(), threading.Event()

    def hold(engine: ox.Store) -> int:
        reading.set()
        assert done.wait(timeout=30)
        return len(engine)

    reader = threading.Thread(target=keeper.read, args=(hold,))
    reader.start()
    assert reading.wait(timeout=30)
    with pytest.raises(StoreError, match=r"reads still ran after 0\.2 s"):
        keeper.reopen()
    assert keeper.read(len) == 1  # the old engine still serves
    done.set()
    reader.join(timeout=30)
    keeper.reopen()
    assert keeper.read(len) == 1


def test_an_engine_in_memory_is_never_reopened() -> None:
    engine = ox.Store()
    keeper = EngineKeeper(engine, None)
    with pytest.raises(DiskFull):
        fail_for_want_of_space(keeper)
    assert not keeper.stale
    keeper.reopen()
    assert keeper.read(id) == id(engine)


def test_a_closed_keeper_says_so() -> None:
    keeper = EngineKeeper(ox.Store(), None)
    keeper.close()
    assert keeper.closed
    with pytest.raises(StoreError, match="closed"):
        keeper.read(len)
