"""One writer: 8 clients x 200 concurrent submissions on a live server end in exactly the
expected state.

Two stewards to a territory, each sending its 200 versions one after the other, all clients at
once. Every submission is acknowledged and gets its own version number; each territory has
exactly as many versions as were acknowledged for it, numbered from 1 with no gap, each
version's file is the document sent and its PROV-O activity is recorded once; a client's
versions increase in the order it sent them; the published graph is the newest version's file;
the audit record has one line per version, in version order, hashing its file.

Measured on the shared 2-core machine: the 1600 submissions took 268 s with a load average of
8 from other work (0.08 s a submission when quieter); before text-only changes reused their
reasoning and publications stopped reading the whole history, about 0.7 s a submission.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import LiveServer
from support.submission_state import (
    ID_BASE,
    Sent,
    audited,
    check_territory,
    document,
    submit,
    version_checksums,
)

from coopgraph.access.keyring import Keyring

pytestmark = pytest.mark.slow
CLIENTS = 8
ROUNDS = 200
TERRITORIES = [f"grouping/concurrency-{t}" for t in range(CLIENTS // 2)]


def territory_of(client: int) -> str:
    """The territory a client publishes: two clients share each one."""
    return TERRITORIES[client % len(TERRITORIES)]


@pytest.fixture(scope="module")
def secrets(steward_server: LiveServer) -> list[str]:
    """One steward token per client, in the server's keyring (read at each request)."""
    keyring = Keyring(Path(steward_server.store) / "private")
    return [
        keyring.create(f"concurrent-{c}", [ID_BASE + territory_of(c)], admin=False)
        for c in range(CLIENTS)
    ]


def _run_client(base_url: str, client: int, secret: str) -> list[Sent]:
    territory = territory_of(client)
    with httpx.Client(base_url=base_url, timeout=300) as http:
        return [
            submit(http, territory, document(territory, client, round_number), secret)
            for round_number in range(ROUNDS)
        ]


def test_concurrent_submissions_end_in_the_expected_state(
    steward_server: LiveServer, secrets: list[str]
) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        runs = list(
            pool.map(_run_client, [steward_server.base_url] * CLIENTS, range(CLIENTS), secrets)
        )
    seconds = time.monotonic() - started
    sent = [s for run in runs for s in run]
    refused = sum(s.submission is None for s in sent)
    assert refused == 0, f"{refused} of {len(sent)} submissions not acknowledged"
    private = Path(steward_server.store) / "private"
    audit_lines = audited(private, TERRITORIES)
    with httpx.Client(base_url=steward_server.base_url, timeout=60) as http:
        for territory in TERRITORIES:
            versions = check_territory(http, territory, sent)
            assert len(versions) == 2 * ROUNDS
            assert audit_lines[territory] == version_checksums(private, versions)
            _check_client_order(runs, versions)
    print(f"{len(sent)} submissions in {seconds:.0f} s")


def _check_client_order(runs: list[list[Sent]], versions: list[dict[str, Any]]) -> None:
    """Each client waited for each answer: its versions increase in the order it sent them."""
    number = {v["submission"]: v["version"] for v in versions}
    for run in runs:
        own = [number[s.submission] for s in run if s.submission in number]
        if own:
            assert own == sorted(own)
            assert len(own) == ROUNDS
