"""The network wall: a process that calls deny_network is left with a down loopback only;
the pool's start-up log line says whether its workers have it."""

from __future__ import annotations

import errno
import logging
import multiprocessing
import os
import socket
from multiprocessing.connection import Connection

import pytest

from coopgraph.workers.network import deny_network, report_network


def _try_to_connect(port: int, answer: Connection) -> None:
    refusal = deny_network()
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        outcome: object = "connected"
    except OSError as exc:
        outcome = exc.errno
    answer.send((refusal, outcome))


def test_a_process_without_network_cannot_connect_even_to_the_loopback() -> None:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        child = multiprocessing.get_context("fork").Process(
            target=_try_to_connect, args=(listener.getsockname()[1], sending)
        )
        child.start()
        refusal, outcome = receiving.recv()
        child.join(timeout=10)
    if refusal is not None and os.geteuid() != 0:
        pytest.skip(f"the network wall is not available here: {refusal}")
    assert refusal is None
    assert outcome == errno.ENETUNREACH


def test_the_log_says_whether_the_wall_stands(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="coopgraph.workers"):
        report_network(None)
        report_network("unshare(CLONE_NEWNET) refused: Operation not permitted")
    first, second = caplog.records
    assert first.levelno == logging.INFO
    assert "have no network" in first.getMessage()
    assert second.levelno == logging.WARNING
    assert "can reach the network (unshare(CLONE_NEWNET) refused" in second.getMessage()
