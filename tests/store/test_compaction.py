"""RocksDB's compactions run at the lowest priority once a store on disk is open, and no
other thread of the process is lowered."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from coopgraph.store.compaction import COMPACTION_THREAD, LOWEST, lower_compaction_priority
from coopgraph.store.embedded import EmbeddedStore

TASKS = Path("/proc/self/task")

pytestmark = pytest.mark.skipif(
    not TASKS.is_dir(), reason="a thread's priority is its own on Linux only (/proc/self/task)"
)


def _priorities() -> list[tuple[str, int]]:
    """Each live thread of this process: its name and its nice."""
    found = []
    for task in TASKS.iterdir():
        try:
            name = (task / "comm").read_text().strip()
            found.append((name, os.getpriority(os.PRIO_PROCESS, int(task.name))))
        except OSError:  # a thread that ended meanwhile
            continue
    return found


def test_a_store_on_disk_compacts_at_the_lowest_priority(tmp_path: Path) -> None:
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    store = EmbeddedStore.on_disk(tmp_path)
    try:
        compacting = [nice for name, nice in _priorities() if name == COMPACTION_THREAD]
        assert compacting, "RocksDB named no compaction thread"
        assert set(compacting) == {LOWEST}
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own
        assert lower_compaction_priority() == len(compacting)
    finally:
        store.close()


def test_a_system_without_threads_to_read_changes_nothing(tmp_path: Path) -> None:
    assert lower_compaction_priority(tmp_path / "no-such-folder") == 0
