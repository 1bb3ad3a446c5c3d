"""No network for worker processes: each moves into a network namespace of its own, where the
only interface is a loopback that is down, so no connection can leave it (second wall behind
the refusal of SERVICE and LOAD in ``sparql_text``).

Linux lets root do it (CAP_SYS_ADMIN), and other users where unprivileged user namespaces are
allowed; elsewhere the worker goes on with the network and the pool says so in its log.
"""

from __future__ import annotations

import ctypes
import logging
import os

logger = logging.getLogger("coopgraph.workers")

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def deny_network() -> str | None:
    """Move this process into a network namespace of its own: None when done, else why not.

    Called in a worker before it starts any thread (a user namespace needs a single thread).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as exc:
        return f"no C library to call unshare(2): {exc}"
    error = 0
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return None
        error = ctypes.get_errno()
    return f"unshare(CLONE_NEWNET) refused: {os.strerror(error)}"


def report_network(refusal: str | None) -> None:
    """Log, when a pool starts, whether its workers are offline (``refusal`` is None)."""
    if refusal is None:
        logger.info("query workers have no network: each runs in a network namespace of its own")
        return
    logger.warning(
        "query workers can reach the network (%s): SERVICE and LOAD are refused before any "
        "query runs, but the second wall, a network namespace per worker, needs root or "
        "unprivileged user namespaces",
        refusal,
    )
