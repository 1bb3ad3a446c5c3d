"""A deadlocked write is sent again, and nothing else is."""

from __future__ import annotations

import pytest

from coopgraph.errors import QueryFailed
from coopgraph.store import deadlocks

DEADLOCK = "the SPARQL server could not run the update: Virtuoso 40001 Error SR172"


def test_a_deadlock_is_sent_again_until_it_passes() -> None:
    tries: list[int] = []

    def send() -> int:
        tries.append(1)
        if len(tries) < 3:
            raise QueryFailed(DEADLOCK)
        return len(tries)

    assert deadlocks.retried(send) == 3


def test_a_deadlock_past_the_last_try_is_raised() -> None:
    tries: list[int] = []

    def send() -> None:
        tries.append(1)
        raise QueryFailed(DEADLOCK)

    with pytest.raises(QueryFailed, match="40001"):
        deadlocks.retried(send)
    assert len(tries) == deadlocks.TRIES


def test_another_failure_is_raised_at_once() -> None:
    tries: list[int] = []

    def send() -> None:
        tries.append(1)
        raise QueryFailed("Virtuoso 37000 Error SP030: syntax error")

    with pytest.raises(QueryFailed, match="SP030"):
        deadlocks.retried(send)
    assert len(tries) == 1
