"""workers"""

from coopgraph.workers.pool import (
    InlineRunner,
    OutOfMemory,
    QueryPool,
    QueryRunner,
    Snapshots,
    WorkerCrash,
    WorkerPool,
    WorkerTimeout,
    open_runner,
)
from coopgraph.workers.turns import low_priority, turns

__all__ = [
    "InlineRunner",
    "OutOfMemory",
    "QueryPool",
    "QueryRunner",
    "Snapshots",
    "WorkerCrash",
    "WorkerPool",
    "WorkerTimeout",
    "low_priority",
    "open_runner",
    "turns",
]
