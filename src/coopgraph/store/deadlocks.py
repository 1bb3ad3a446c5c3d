"""Writes a remote store rolled back for a deadlock, sent again.

Virtuoso answers SQLSTATE 40001 ("Transaction deadlocked", SR172) when concurrent updates
lock each other; it has rolled the whole transaction back, and its documentation advises
the client to run it again. Any other failure, and a deadlock past the last try, is raised.

>>> tries = []
>>> def send() -> str:
...     tries.append(1)
...     if len(tries) < 3:
...         raise QueryFailed("Virtuoso 40001 Error SR172: Transaction deadlocked")
...     return "done"
>>> retried(send), len(tries)
('done', 3)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from coopgraph.errors import QueryFailed

TRIES = 5
"""How many times a deadlocked write is sent in all."""
_DEADLOCK = "40001"
Sent = TypeVar("Sent")


def retried(send: Callable[[], Sent]) -> Sent:
    """``send()``'s answer, sent again (after 50, 100, 150... ms) while it deadlocks."""
    for attempt in range(1, TRIES):
        try:
            return send()
        except QueryFailed as exc:
            if _DEADLOCK not in str(exc):
                raise
        time.sleep(0.05 * attempt)
    return send()
