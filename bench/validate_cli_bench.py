"""How long ``coopgraph validate --store memory FILE`` takes for a small file, against issue 14's
target of 10 s (point 8), from start to exit as a steward at a shell sees it.

Each run is a new process of the installed console script on the given file (by default
data/seed/malaunay.ttl: 148 triples naming one commune), its report thrown away. It prints
each run, the median and the slowest, the ratio of the median to the target, and the load
average before and after (the machine is often shared). Run:
``python bench/validate_cli_bench.py [--runs N] [FILE]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET = 10.0
SCRIPT = Path(sys.executable).with_name("coopgraph")
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "seed" / "malaunay.ttl"


def seconds_of(path: Path) -> float:
    """Wall-clock seconds of one ``coopgraph validate --store memory``; raises past exit 1."""
    began = time.perf_counter()
    done = subprocess.run(
        [str(SCRIPT), "validate", "--store", "memory", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"coopgraph validate exited {done.returncode}: {done.stderr}")
    return time.perf_counter() - began


def main() -> None:
    """Run the command ``--runs`` times and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    load_before = os.getloadavg()
    times = []
    for run in range(1, arguments.runs + 1):
        times.append(seconds_of(arguments.file))
        print(f"run {run}: {times[-1]:.2f} s")
    median = statistics.median(times)
    print(
        f"coopgraph validate --store memory {arguments.file.name}: median {median:.2f} s, "
        f"slowest {max(times):.2f} s, {median / TARGET:.0%} of the {TARGET:.0f} s target; "
        f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
