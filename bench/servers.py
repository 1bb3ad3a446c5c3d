"""The three SPARQL servers of the benchmark, each started on loopback over the same file.

- coopgraph: ``coopgraph load`` into a fresh on-disk store, then ``coopgraph serve``;
- oxigraph: ``oxigraph load`` into a fresh on-disk store, then ``oxigraph serve``;
- rdflib-endpoint: ``rdflib-endpoint serve FILE``, which parses the file at start and
  answers at ``/`` (0.6).

The data goes into one named graph and every server answers with the union of the named
graphs as default graph, coopgraph's documented behaviour. Each server runs in its own process
group, stopped (then killed) when its ``running`` block ends.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"
GRAPH = "https://w3id.org/coopgraph/graph/data/synthetic"
SERVERS = ("coopgraph", "oxigraph", "rdflib")
_BIN = Path(sys.executable).parent
_READY_QUERY = "ASK { ?s ?p ?o }"


@dataclass(frozen=True)
class Server:
    """A running server: its name, its SPARQL query URL and its log file."""

    name: str
    url: str
    log: Path
    started_in: float


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(store: Path) -> dict[str, str]:
    return {
        **os.environ,
        "COOPGRAPH_STORE": str(store),
        "COOPGRAPH_LOAD_CONTENT": "false",
        # The 8 benchmark clients share one address: fair share would throttle them as one.
        "COOPGRAPH_FAIR_SHARE_CONCURRENCY": "64",
        "COOPGRAPH_FAIR_SHARE_SECONDS": "100000",
        "COOPGRAPH_FAIR_SHARE_HEAVY_SECONDS": "100000",
    }


def load_coopgraph(data: Path, store: Path) -> float:
    """Bulk-load ``data`` with ``coopgraph load`` into the named graph; returns seconds."""
    command = [str(_BIN / "coopgraph"), "load", str(data), "--graph", GRAPH]
    return _timed(command, _environment(store))


def load_oxigraph(data: Path, store: Path) -> float:
    """Bulk-load ``data`` with ``oxigraph load`` into the named graph; returns seconds."""
    command = [str(_BIN / "oxigraph"), "load", "--location", str(store), "--file", str(data)]
    return _timed([*command, "--graph", GRAPH], dict(os.environ))


def _timed(command: list[str], environment: dict[str, str]) -> float:
    began = time.perf_counter()
    finished = subprocess.run(command, env=environment, capture_output=True, check=False)
    elapsed = time.perf_counter() - began
    if finished.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {finished.stderr.decode()[-2000:]}")
    return elapsed


def _launch(name: str, workdir: Path, data: Path, port: int) -> tuple[list[str], str]:
    """The serve command of server ``name`` and its query URL, loading first if it needs to."""
    bind = f"{HOST}:{port}"
    if name == "coopgraph":
        load_coopgraph(data, workdir / "coopgraph")
        command = ["serve", "--host", HOST, "--port", str(port)]
        return [str(_BIN / "coopgraph"), *command], f"http://{bind}/sparql"
    if name == "oxigraph":
        load_oxigraph(data, workdir / "oxigraph")
        command = ["serve", "--location", str(workdir / "oxigraph"), "--bind", bind]
        return [str(_BIN / "oxigraph"), *command, "--union-default-graph"], f"http://{bind}/query"
    command = ["serve", str(data), "--host", HOST, "--port", str(port)]
    return [str(_BIN / "rdflib-endpoint"), *command], f"http://{bind}/"


@contextmanager
def running(name: str, data: Path, workdir: Path, ready_timeout: float = 300) -> Iterator[Server]:
    """Start server ``name`` on ``data`` (loaded into a fresh store under ``workdir``)."""
    port = free_port()
    began = time.perf_counter()
    command, url = _launch(name, workdir, data, port)
    log = workdir / f"{name}.log"
    with log.open("ab") as output:
        process = subprocess.Popen(
            command,
            env=_environment(workdir / "coopgraph"),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_ready(process, url, log, ready_timeout)
        yield Server(name, url, log, time.perf_counter() - began)
    finally:
        stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{url} exited with {process.returncode}: {_tail(log)}")
            with suppress(httpx.HTTPError):
                reply = client.get(url, params={"query": _READY_QUERY})
                if reply.status_code == 200:
                    return
                if 400 <= reply.status_code < 500:
                    raise RuntimeError(f"{url} answered {reply.status_code}: {reply.text[:500]}")
            time.sleep(0.2)
    raise RuntimeError(f"{url} was not ready after {limit:g} s: {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:]


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group, SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
