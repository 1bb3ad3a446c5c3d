"""How long ``coopgraph --help`` takes, against issue 18's target of 0.5 s, in one run.

Each variant is a whole new process, timed from start to exit, as a user at a shell sees it:

- help: the installed console script, ``coopgraph --help`` (the figure the target applies to);
- eager: the same help after importing every package the commands use, as the CLI did before
  its imports were deferred to the commands (the baseline);
- typer: a Typer app of one command printing its help (the floor: Typer and rich alone);
- python: ``python -c pass`` (the interpreter's own start).

The variants take turns, run by run, so that other work on a shared machine weighs on each
alike. It prints the median and the slowest run of each, the ratio of the median to the
target, the machine and its load average before and after, and the heaviest imports of
``coopgraph --help`` (``python -X importtime``). Run: ``python bench/cli_bench.py [--runs N]``
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET = 0.5
SCRIPT = Path(sys.executable).with_name("coopgraph")
# What the commands import between them: before issue 18 the CLI's modules imported all of
# these at their top, so any command, --help included, paid for all of them.
EAGER = (
    "import coopgraph.access, coopgraph.content, coopgraph.linked_data, coopgraph.questions, "
    "coopgraph.reasoning, coopgraph.settings, coopgraph.store, coopgraph.validation, "
    "coopgraph.workers, sys; from coopgraph.cli import main; sys.argv = ['coopgraph', '--help']; "
    "main()"
)
TYPER = (
    "import sys, typer; app = typer.Typer(); app.command()(lambda: None); "
    "sys.argv = ['x', '--help']; app()"
)
VARIANTS: dict[str, list[str]] = {
    "help": [sys.executable, str(SCRIPT), "--help"],
    "eager": [sys.executable, "-c", EAGER],
    "typer": [sys.executable, "-c", TYPER],
    "python": [sys.executable, "-c", "pass"],
}


def seconds_of(command: list[str]) -> float:
    """Wall-clock seconds from starting ``command`` to its exit; raises if it fails."""
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def measure(runs: int, warm_ups: int) -> dict[str, list[float]]:
    """The seconds of each variant, run by run, the variants taking turns."""
    for _ in range(warm_ups):
        for command in VARIANTS.values():
            seconds_of(command)
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(runs):
        for name, command in VARIANTS.items():
            times[name].append(seconds_of(command))
    return times


def heaviest_imports(count: int) -> list[tuple[float, str]]:
    """The top-level imports of ``coopgraph --help`` that took longest, in seconds, by name."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", str(SCRIPT), "--help"],
        check=True,
        capture_output=True,
        text=True,
    )
    found = re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| ( ?\S+)$", run.stderr, re.MULTILINE)
    top = [(int(micros) / 1e6, name.strip()) for micros, name in found if not name[0].isspace()]
    return sorted(top, reverse=True)[:count]


def machine() -> str:
    """Cores, processor, Python and load average, for the record."""
    model = "unknown processor"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = names[0] if names else model
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    """Measure, then print the table and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="measured runs of each variant")
    parser.add_argument("--warm-ups", type=int, default=2, help="runs not counted, first")
    options = parser.parse_args()
    print(machine())
    print(f"load average before: {load_average()}")
    times = measure(options.runs, options.warm_ups)
    print(f"load average after:  {load_average()}")
    print(f"\n{options.runs} runs each, after {options.warm_ups} warm-ups\n")
    print(f"| variant | median | slowest | median / {TARGET} s |")
    print("|---|---:|---:|---:|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.3f} s | {max(values):.3f} s | {median / TARGET:.2f}x |")
    help_median = statistics.median(times["help"])
    eager_median = statistics.median(times["eager"])
    print(f"\neager / help: {eager_median / help_median:.1f}x")
    verdict = "PASS" if help_median < TARGET else "FAIL"
    print(f"coopgraph --help under {TARGET} s (median {help_median:.3f} s): {verdict}")
    print("\nheaviest top-level imports of coopgraph --help:")
    for seconds, name in heaviest_imports(8):
        print(f"  {seconds * 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
