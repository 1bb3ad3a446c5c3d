"""A first start of coopgraph against pyoxigraph alone bulk-loading the same files, in one run.

- pyoxigraph: a new Python process bulk-loads every file ``coopgraph serve`` loads (ontology/,
  shapes/, data/ without data/examples/) into its named graph of a fresh on-disk store, then
  exits: the floor, the engine with nothing of ours.
- coopgraph: ``coopgraph serve`` on a fresh on-disk store, from the command to the first
  ``GET /health`` 200 (everything loaded and inferred, the query workers warm). The time to
  the port's first answer (503 with the progress) is printed too.

Both are whole new processes timed from start, as a user sees them. They take turns over
``--rounds`` rounds; the medians, their ratio (issue 18's target: at most 3x), the machine and
its load average are printed, with the summary line of coopgraph's start.

    python bench/first_start_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import servers
from cli_bench import load_average, machine

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 3.0
_BIN = Path(sys.executable).parent
_BULK_LOAD = """
import gzip, sys
from pyoxigraph import NamedNode, RdfFormat, Store
store = Store(sys.argv[1])
for line in sys.stdin.read().splitlines():
    graph, path = line.split(" ", 1)
    name = path[:-3] if path.endswith(".gz") else path
    source = gzip.open(path) if path.endswith(".gz") else open(path, "rb")
    with source:
        store.bulk_load(source, RdfFormat.from_extension(name.rsplit(".", 1)[1]),
                        to_graph=NamedNode(graph))
store.flush()
"""


def content_files() -> list[tuple[str, Path]]:
    """Each file ``coopgraph serve`` loads by default, with the named graph it goes into."""
    sys.path.insert(0, str(ROOT / "src"))
    from coopgraph.content.loading import project_sources

    return [(source.graph, path) for source in project_sources(ROOT) for path in source.files]


def time_pyoxigraph(store: Path) -> float:
    """Seconds for a new process to bulk-load every content file with pyoxigraph alone."""
    listing = "\n".join(f"{graph} {path}" for graph, path in content_files())
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _BULK_LOAD, str(store)], input=listing.encode(), check=True
    )
    return time.perf_counter() - began


def time_first_start(folder: Path, limit: float = 900) -> tuple[float, float, str]:
    """Seconds from ``coopgraph serve`` to the port's first answer and to /health 200 on a
    fresh store, and the start's summary line."""
    port = servers.free_port()
    log = folder / "serve.log"
    environment = os.environ | {"COOPGRAPH_STORE": str(folder / "store")}
    command = [str(_BIN / "coopgraph"), "serve", "--port", str(port)]
    began = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    opened = None
    try:
        with httpx.Client(timeout=5) as client:
            while time.perf_counter() - began < limit:
                if process.poll() is not None:
                    raise RuntimeError(f"coopgraph serve exited: {log.read_text()[-2000:]}")
                try:
                    status = client.get(f"http://{servers.HOST}:{port}/health").status_code
                except httpx.TransportError:
                    status = None
                now = time.perf_counter() - began
                if status is not None and opened is None:
                    opened = now
                if status == 200:
                    return opened or now, now, _summary(log)
                time.sleep(0.05)
        raise RuntimeError(f"no /health 200 after {limit:g} s: {log.read_text()[-2000:]}")
    finally:
        servers.stop(process)


def _summary(log: Path) -> str:
    lines = [line for line in log.read_text().splitlines() if "ready: " in line]
    return lines[-1].split("ready: ", 1)[1] if lines else "(no summary logged)"


def main() -> None:
    """Take turns, print both times, their medians, the ratio and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=1)
    rounds = parser.parse_args().rounds
    files = content_files()
    size = sum(path.stat().st_size for _, path in files)
    print(machine())
    print(f"load average before: {load_average()}")
    print(f"{len(files)} files, {size / 1e6:.1f} MB on disk (the geography gzipped)")
    oxigraph: list[float] = []
    coopgraph: list[float] = []
    for turn in range(rounds):
        with tempfile.TemporaryDirectory(prefix="coopgraph-first-start-") as work:
            oxigraph.append(time_pyoxigraph(Path(work) / "oxigraph"))
            print(f"  round {turn + 1}: pyoxigraph bulk load {oxigraph[-1]:.1f} s", flush=True)
            opened, ready, summary = time_first_start(Path(work))
            coopgraph.append(ready)
            print(f"  round {turn + 1}: coopgraph port answering {opened:.1f} s, /health 200 "
                  f"{ready:.1f} s ({summary})", flush=True)  # fmt: skip
    print(f"load average after:  {load_average()}")
    floor, start = statistics.median(oxigraph), statistics.median(coopgraph)
    print(f"\npyoxigraph alone, bulk load:        {floor:6.1f} s (median of {rounds})")
    print(f"coopgraph first start to /health 200: {start:6.1f} s (median of {rounds})")
    verdict = "PASS" if start / floor <= TARGET_RATIO else "FAIL"
    print(f"ratio {start / floor:.1f}x (target <= {TARGET_RATIO:g}x): {verdict}")


if __name__ == "__main__":
    main()
