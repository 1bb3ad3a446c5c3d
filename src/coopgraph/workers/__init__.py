"""Killable worker processes: jobs under a deadline and a memory cap, light jobs first, and
the public queries run in them (or inline, for a remote store that enforces its own limits).
"""

from coopgraph.workers.jobs import BusyTime, Job, busy_time, low_priority
from coopgraph.workers.pool import OutOfMemory, WorkerCrash, WorkerPool, WorkerTimeout
from coopgraph.workers.queries import InlineRunner, QueryRunner, open_runner
from coopgraph.workers.snapshots import Snapshots
from coopgraph.workers.turns import turns

__all__ = [
    "BusyTime",
    "InlineRunner",
    "Job",
    "OutOfMemory",
    "QueryRunner",
    "Snapshots",
    "WorkerCrash",
    "WorkerPool",
    "WorkerTimeout",
    "busy_time",
    "low_priority",
    "open_runner",
    "turns",
]
