"""Hostile texts and checks shared by the reliability tests."""

from __future__ import annotations

import time

import httpx

HEALTH_BUDGET = 1.0
"""Seconds within which /health must answer after (and during) a hostile request."""


def values_block(variable: str, count: int) -> str:
    """``VALUES ?v { 1 2 ... count }``: rows out of nothing, so hostile queries need no data."""
    return f"VALUES ?{variable} {{ {' '.join(str(n) for n in range(count))} }}"


def cartesian(width: int = 60, factors: int = 6, tail: str = "") -> str:
    """A cartesian product of ``factors`` VALUES blocks of ``width`` rows, sorted."""
    blocks = " ".join(values_block(f"v{n}", width) for n in range(factors))
    return f"SELECT * WHERE {{ {blocks} }} ORDER BY DESC(?v0) {tail}"


def slow_count(width: int = 60, factors: int = 6) -> str:
    """Counting a cartesian product: runs for hours in constant memory."""
    blocks = " ".join(values_block(f"v{n}", width) for n in range(factors))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {blocks} }}"


def string_doubling(levels: int = 40) -> str:
    """A short query whose string doubles at each BIND: 2**levels times a few bytes."""
    binds = " ".join(f"BIND(CONCAT(?s{n}, ?s{n}) AS ?s{n + 1})" for n in range(levels))
    return f'SELECT (STRLEN(?s{levels}) AS ?n) WHERE {{ BIND("doubling" AS ?s0) {binds} }}'


def nested_doubling(levels: int = 30) -> str:
    """String doubling through nested subqueries rather than BINDs in one group."""
    inner = 'SELECT ("doubling" AS ?s) WHERE {}'
    for _ in range(levels):
        doubled = f"SELECT (CONCAT(?s, ?s) AS ?t) WHERE {{ {{ {inner} }} }}"
        inner = f"SELECT (?t AS ?s) WHERE {{ {{ {doubled} }} }}"
    return f"SELECT (STRLEN(?s) AS ?n) WHERE {{ {{ {inner} }} }}"


def deep_nesting(depth: int = 5000) -> str:
    """Braces nested ``depth`` deep: about 2,500 crash pyoxigraph's parser."""
    return "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth


def answers_health(base_url: str) -> float:
    """Seconds /health took to answer 200; fails past the budget."""
    started = time.monotonic()
    response = httpx.get(f"{base_url}/health", timeout=HEALTH_BUDGET)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < HEALTH_BUDGET
    return elapsed
