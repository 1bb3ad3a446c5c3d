"""Bulk-load time of about 1M triples of N-Triples: ``coopgraph load`` against ``oxigraph load``.

Each tool loads the same generated file into the same named graph of a fresh on-disk store;
the time is the wall-clock time of the whole command, process start included. The tools take
turns over ``--rounds`` rounds and the median is kept (target of issue 2: coopgraph < 15 s).

    python bench/load_bench.py
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import generate
import servers

HERE = Path(__file__).resolve().parent
TARGET_SECONDS = 15.0
_LOADERS = {"coopgraph": servers.load_coopgraph, "oxigraph": servers.load_oxigraph}


def time_loads(data: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds taken by each loader in each round, each time into a fresh store."""
    seconds: dict[str, list[float]] = {name: [] for name in _LOADERS}
    for turn in range(rounds):
        for name, load in _LOADERS.items():
            with tempfile.TemporaryDirectory(prefix="coopgraph-load-") as store:
                seconds[name].append(load(data, Path(store) / name))
            print(f"  round {turn + 1}: {name} {seconds[name][-1]:.1f} s", flush=True)
    return seconds


def main() -> None:
    """Generate the file, load it with both tools, print the medians and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out-dir", type=Path, default=HERE / "out")
    arguments = parser.parse_args()
    data = arguments.out_dir / f"synthetic-{arguments.triples}.nt"
    count = generate.write_graph(arguments.triples, data)
    print(f"== load of {count:,} triples ({data.stat().st_size / 1e6:.0f} MB of N-Triples)")
    medians = {name: statistics.median(s) for name, s in time_loads(data, arguments.rounds).items()}
    for name, median in medians.items():
        print(f"{name:<10} {median:6.1f} s  {count / median:10,.0f} triples/s")
    passed = medians["coopgraph"] < TARGET_SECONDS
    verdict = "PASS" if passed else "FAIL"
    print(f"{verdict}  coopgraph load < {TARGET_SECONDS:g} s ({medians['coopgraph']:.1f} s)")


if __name__ == "__main__":
    main()
