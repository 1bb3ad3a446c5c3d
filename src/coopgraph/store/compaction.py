"""RocksDB's compactions at the lowest scheduling priority.

pyoxigraph's store on disk is RocksDB, which merges its files in background threads it names
``rocksdb:low`` (its low-priority pool: compactions; ``rocksdb:high`` flushes the memtables).
Bulk loads of overlapping keys set compactions off: a graph and its merged default graphs
(merged_graphs.py) are three copies of the same triples in the indexes that do not start with
the graph. On a first start that was 1.5 s of processor time on 2 cores, taken from the
start's own work. At nice 19 the compactions yield the processor to any other work, as
RocksDB's own ``Env::LowerThreadPoolCPUPriority`` would have them (pyoxigraph does not expose
it): they run when the processor is otherwise idle, and never slow a query. Flushes keep
their priority: writes wait for them.

Linux only (a thread's nice is its own there, set through ``/proc/self/task``); elsewhere
nothing changes.
"""

from __future__ import annotations

import os
from pathlib import Path

COMPACTION_THREAD = "rocksdb:low"
"""The name RocksDB gives the threads of its low-priority pool, which compact."""
LOWEST = 19
"""The scheduler's lowest priority (nice)."""


def lower_compaction_priority(tasks: Path = Path("/proc/self/task")) -> int:
    """Put this process's RocksDB compaction threads at nice :data:`LOWEST`; how many."""
    lowered = 0
    for task in sorted(tasks.iterdir()) if tasks.is_dir() else []:
        try:
            if (task / "comm").read_text().strip() == COMPACTION_THREAD:
                os.setpriority(os.PRIO_PROCESS, int(task.name), LOWEST)
                lowered += 1
        except (OSError, ValueError):  # a thread that ended meanwhile
            continue
    return lowered
