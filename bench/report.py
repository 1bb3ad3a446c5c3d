"""The tables of the benchmark, and the targets of issue 2 checked against them.

Targets at 100k triples: coopgraph within 1.3x of the Oxigraph server's median latency on every
query, at least 0.7x its throughput, and at least 20x faster than rdflib-endpoint on the mix.
"""

from __future__ import annotations

from measure import Latency, Query, ServerResult

LATENCY_TARGET = 1.3
THROUGHPUT_TARGET = 0.7
RDFLIB_TARGET = 20.0


def milliseconds(found: Latency | None, timeout: float) -> str:
    """A median for the table: ``12.3 ms``, ``>20 s`` after a timeout, ``-`` if not run."""
    if found is None:
        return "-"
    if found.median is None:
        return f">{timeout:g} s"
    return f"{found.median * 1000:.1f} ms"


def ratio(numerator: float | None, denominator: float | None, bound: bool = False) -> str:
    """``1.23x``, ``>=1.23x`` when the numerator is a lower bound, ``-`` if a side is missing."""
    if numerator is None or denominator is None or denominator == 0:
        return "-"
    return f"{'>=' if bound else ''}{numerator / denominator:.2f}x"


def _median(results: dict[str, ServerResult], server: str, query: str) -> float | None:
    found = results.get(server)
    latency = found.latencies.get(query) if found else None
    return latency.median if latency else None


def mix_total(result: ServerResult | None, mix: list[Query], timeout: float) -> tuple[float, bool]:
    """The sum of the medians over the mix; a timeout counts as ``timeout`` (then a bound)."""
    if result is None:
        return 0.0, False
    medians = [result.latencies[q.name].median for q in mix]
    return sum(m if m is not None else timeout for m in medians), None in medians


def row_mismatches(results: dict[str, ServerResult], mix: list[Query]) -> list[str]:
    """One warning per query whose servers answered different numbers of rows."""
    warnings = []
    for query in mix:
        rows = {name: r.latencies[query.name].rows for name, r in results.items()}
        answered = {name: count for name, count in rows.items() if count is not None}
        if len(set(answered.values())) > 1:
            warnings.append(f"WARNING: {query.name} rows differ: {answered}")
    return warnings


def _query_lines(
    results: dict[str, ServerResult], mix: list[Query], timeout: float, rdflib_timeout: float
) -> list[str]:
    lines = [
        f"{'query':<16}{'coopgraph':>12}{'oxigraph':>12}{'rdflib':>12}"
        f"{'cg/ox':>9}{'rdflib/cg':>11}{'rows':>7}"
    ]
    for query in mix:
        cells = [
            milliseconds(_latency(results, name, query.name), limit)
            for name, limit in (("coopgraph", timeout), ("oxigraph", timeout))
        ]
        rdflib = _latency(results, "rdflib", query.name)
        coopgraph = _median(results, "coopgraph", query.name)
        oxigraph = _median(results, "oxigraph", query.name)
        slow = rdflib.median if rdflib and rdflib.median else rdflib_timeout if rdflib else None
        bound = rdflib is not None and rdflib.median is None
        rows = next((r.latencies[query.name].rows for r in results.values()), None)
        lines.append(
            f"{query.name:<16}{cells[0]:>12}{cells[1]:>12}"
            f"{milliseconds(rdflib, rdflib_timeout):>12}{ratio(coopgraph, oxigraph):>9}"
            f"{ratio(slow, coopgraph, bound):>11}{rows if rows is not None else '-':>7}"
        )
    return lines


def _latency(results: dict[str, ServerResult], server: str, query: str) -> Latency | None:
    found = results.get(server)
    return found.latencies.get(query) if found else None


def _throughput_line(results: dict[str, ServerResult]) -> str:
    rates = {n: r.throughput.per_second if r.throughput else None for n, r in results.items()}
    cells = [f"{rates[n]:.1f} q/s" if rates.get(n) else "-" for n in ("coopgraph", "oxigraph")]
    rdflib = results.get("rdflib")
    partial = rdflib is not None and len(rdflib.throughput_queries) < len(rdflib.latencies)
    rdflib_cell = f"{rates['rdflib']:.1f} q/s" if rates.get("rdflib") else "-"
    rdflib_cell += "*" if partial else ""
    ratio_cell = ratio(rates.get("coopgraph"), rates.get("oxigraph"))
    return f"{'throughput':<16}{cells[0]:>12}{cells[1]:>12}{rdflib_cell:>12}{ratio_cell:>9}"


def verdicts(
    results: dict[str, ServerResult], mix: list[Query], timeout: float, rdflib_timeout: float
) -> list[str]:
    """One line per target: PASS or FAIL with the figure that decides it."""
    found = [
        _latency_verdict(results, mix),
        _throughput_verdict(results),
        _rdflib_verdict(results, mix, timeout, rdflib_timeout),
    ]
    return [line for line in found if line]


def _latency_verdict(results: dict[str, ServerResult], mix: list[Query]) -> str | None:
    ratios = []
    for query in mix:
        coopgraph = _median(results, "coopgraph", query.name)
        oxigraph = _median(results, "oxigraph", query.name)
        if coopgraph and oxigraph:
            ratios.append((coopgraph / oxigraph, query.name))
    if not ratios:
        return None
    worst, name = max(ratios)
    text = f"latency cg/ox <= {LATENCY_TARGET}x on every query (worst {worst:.2f}x, {name})"
    return _verdict(worst <= LATENCY_TARGET, text)


def _throughput_verdict(results: dict[str, ServerResult]) -> str | None:
    coopgraph, oxigraph = results.get("coopgraph"), results.get("oxigraph")
    if not (coopgraph and oxigraph and coopgraph.throughput and oxigraph.throughput):
        return None
    share = coopgraph.throughput.per_second / oxigraph.throughput.per_second
    text = f"throughput cg/ox >= {THROUGHPUT_TARGET}x ({share:.2f}x)"
    return _verdict(share >= THROUGHPUT_TARGET, text)


def _rdflib_verdict(
    results: dict[str, ServerResult], mix: list[Query], timeout: float, rdflib_timeout: float
) -> str | None:
    if "coopgraph" not in results or "rdflib" not in results:
        return None
    slow, bound = mix_total(results["rdflib"], mix, rdflib_timeout)
    fast, _ = mix_total(results["coopgraph"], mix, timeout)
    factor = f"{'>=' if bound else ''}{slow / fast:.0f}x"
    text = f"rdflib/cg on the mix (sum of medians) >= {RDFLIB_TARGET:g}x ({factor})"
    return _verdict(slow / fast >= RDFLIB_TARGET, text)


def _verdict(passed: bool, text: str) -> str:
    return f"{'PASS' if passed else 'FAIL'}  {text}"


def print_size(
    count: int,
    mix: list[Query],
    results: dict[str, ServerResult],
    timeout: float,
    rdflib_timeout: float,
) -> None:
    """The table of one size, its warnings and its verdicts."""
    print(f"\n-- {count:,} triples: median latency (sequential), throughput (concurrent)")
    for line in _query_lines(results, mix, timeout, rdflib_timeout):
        print(line)
    print(_throughput_line(results))
    if any(len(r.throughput_queries) < len(mix) for r in results.values()):
        print("  * throughput on the queries that finished within the timeout only")
    for line in [*row_mismatches(results, mix), *verdicts(results, mix, timeout, rdflib_timeout)]:
        print(line)
