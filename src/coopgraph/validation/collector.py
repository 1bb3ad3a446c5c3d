"""Python's cycle collector paused for the time of one check (``validation.sandbox.check``).

Checking 100k triples makes millions of objects that live until the check ends (the
submission's rdflib graph and terms, pyshacl's value nodes). With the collector on, each full
collection walks every one of them and frees next to nothing: 1.1 to 2.4 s of a check's 6 s of
CPU (bench/validation_bench.py). Paused, reference counting still frees all that is not in a
cycle; what the check leaves in cycles (its submission's graph, once the caller drops it) is
collected when the next check starts, in one full collection (about 0.7 s of CPU
after 100k triples), so that a worker's memory does not grow from check to check.
A validation worker pauses the collector itself for each job, and collects after sending
its reply (``workers.worker.collector_paused_for_job``): a check that finds the collector
paused leaves it to its owner, so that collection is not on the request's path. Checks run at
once in one process leave the collector on when the outermost of them ends.

Only a large check is paused (:data:`LARGE`): a steward's description of a few hundred
triples validates in tens of milliseconds, where the collection that starts a pause would
cost 25 ms or more and the collector's own work is next to nothing.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

LARGE = 1 << 20
"""Bytes sent from which a check pauses the collector (about 10,000 triples of Turtle)."""


@contextlib.contextmanager
def collector_paused(size: int = LARGE) -> Iterator[None]:
    """For a check of ``size`` bytes from :data:`LARGE` on: collect what is left in cycles,
    then pause the cycle collector inside the block, back as it was after it. A smaller check
    changes nothing, nor does a check run with the collector already paused (a worker's job,
    collected after its reply)."""
    if size < LARGE or not gc.isenabled():
        yield
        return
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
