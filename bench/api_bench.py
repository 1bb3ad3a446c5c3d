"""The domain API's overhead: each /api/<name> endpoint against the same query sent to /sparql.

For each size, the synthetic graph (bench/generate.py) and the ontology are loaded into a fresh
on-disk store and ``coopgraph serve`` runs over it, with the project's stored queries (the
three analysed ones naming their analysis). Each endpoint is asked for SPARQL JSON with a page
as large as the row cap, so both sides send the same rows; the same query, its parameters
bound as the API binds them, goes to /sparql. Medians of sequential runs after warm-ups.

    python bench/api_bench.py                    # 100k and 1M triples
    python bench/api_bench.py --sizes 100000     # one size
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import generate
import httpx

from coopgraph.questions.parameters import term_of, with_used_values
from coopgraph.questions.stored_queries import StoredQuery, load_queries

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
GRAPH = "https://w3id.org/coopgraph/graph/data/synthetic"
ID = "https://w3id.org/coopgraph/id/"
ANALYSES = {"action-effects": "effects", "peer-territories": "peers",
            "cooperation-system": "network"}  # fmt: skip
TERRITORY = ID + "commune/05017"
"""A commune with actions at both sizes (3 at 100k, 4 at 1M); commune/01005, used before
2026-11-25 evening, has none, so its answers were empty."""
CASES = {
    "action-effects": {"action": ID + "action/000100"},
    "integrated-actions": {"territory": TERRITORY},
    "action-trade-offs": {"territory": TERRITORY},
    "transfer-trails": {"sourceTerritory": ID + "commune/01005"},
    "cooperation-system": {"territory": TERRITORY},
    "territory-trajectory": {"territory": TERRITORY},
    "action-resources": {"action": ID + "action/000100"},
    "action-engagement": {"action": ID + "action/000100"},
}
"""Parameters for the endpoints whose parameters the synthetic graph can fill."""
ROW_CAP = "10000"


def content_root(folder: Path) -> Path:
    """The project's queries, the analysed ones naming their analysis, in a folder of their own."""
    shutil.copytree(ROOT / "queries", folder / "queries")
    for name, analysis in ANALYSES.items():
        path = folder / "queries" / f"{name}.rq"
        text = path.read_text(encoding="utf-8")
        if "#+ analysis:" not in text:
            path.write_text(text.replace("#+ tags:", f"#+ analysis: {analysis}\n#+ tags:", 1))
    return folder


def bound(query: StoredQuery, given: dict[str, str]) -> str:
    """The query's text with the parameters bound as the API binds them."""
    values = {
        p.name: tuple(
            term_of(p, raw) for raw in ([given[p.name]] if p.name in given else p.default)
        )
        for p in query.parameters
    }
    return with_used_values(query.text, {name: terms for name, terms in values.items() if terms})


def _environment(store: Path, root: Path) -> dict[str, str]:
    return os.environ | {
        "COOPGRAPH_STORE": str(store), "COOPGRAPH_LOAD_CONTENT": "false",
        "COOPGRAPH_CONTENT_ROOT": str(root), "COOPGRAPH_QUERY_TIMEOUT": "60",
    }  # fmt: skip


def load(data: Path, store: Path, root: Path) -> None:
    """The synthetic graph and the ontology into a fresh store."""
    environment = _environment(store, root)
    command = [str(BIN / "coopgraph"), "load"]
    subprocess.run([*command, str(data), "--graph", GRAPH], env=environment, check=True)
    ontology = [str(p) for p in sorted((ROOT / "ontology").glob("*.ttl"))]
    subprocess.run(
        [*command, *ontology, "--graph", GRAPH + "-ontology"], env=environment, check=True
    )


@contextmanager
def serving(store: Path, root: Path, port: int) -> Iterator[str]:
    """``coopgraph serve`` on loopback until the block ends; yields its base URL."""
    command = [str(BIN / "coopgraph"), "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, env=_environment(store, root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def median(client: httpx.Client, url: str, params: dict[str, str], runs: int) -> tuple[float, str]:
    """Median seconds of ``runs`` answers after three warm-ups, and the status and row count."""
    headers = {"Accept": "application/sparql-results+json"}
    times = []
    for index in range(runs + 3):
        began = time.perf_counter()
        response = client.get(url, params=params, headers=headers)
        if index >= 3:
            times.append(time.perf_counter() - began)
        if response.status_code != 200:
            return float("nan"), str(response.status_code)
    rows = len(response.json().get("results", {}).get("bindings", []))
    return statistics.median(times), f"200, {rows} rows"


def measure(
    base: str, queries: dict[str, StoredQuery], runs: int
) -> list[tuple[str, float, float]]:
    """(endpoint, API median, SPARQL median) for each endpoint with parameters to fill."""
    found = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for name, given in CASES.items():
            api, status = median(client, f"/api/{name}", {**given, "limit": ROW_CAP}, runs)
            sparql, rows = median(client, "/sparql", {"query": bound(queries[name], given)}, runs)
            print(f"  {name:<22} api {api * 1000:8.1f} ms  sparql {sparql * 1000:8.1f} ms  "
                  f"x{api / sparql:5.2f}  (api {status}; sparql {rows})", flush=True)  # fmt: skip
            found.append((name, api, sparql))
        depth6, _ = median(client, "/api/action-effects", CASES["action-effects"], runs)
        print(f"  effect chain, depth 6 (JSON, labels): {depth6 * 1000:.1f} ms", flush=True)
        found.append(("action-effects (JSON, labels)", depth6, float("nan")))
    return found


def bench(size: int, runs: int) -> list[tuple[str, float, float]]:
    """Load, serve and measure one size."""
    data = HERE / "out" / f"synthetic-{size}.nt"
    if not data.exists():
        generate.write_graph(size, data)
    with tempfile.TemporaryDirectory(prefix="api-bench-") as folder:
        root = content_root(Path(folder) / "content")
        load(data, Path(folder) / "store", root)
        with serving(Path(folder) / "store", root, 8765) as base:
            print(f"{size} triples", flush=True)
            return measure(base, load_queries(root / "queries"), runs)


def main() -> None:
    """Command line: ``[--sizes N ...] [--runs R]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=15)
    arguments = parser.parse_args()
    for size in arguments.sizes:
        bench(size, arguments.runs)


if __name__ == "__main__":
    main()
