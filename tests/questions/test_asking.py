"""Asking a stored query: from the command line (options, table or JSON, errors), in the workers."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coopgraph import formats
from coopgraph.cli.main import app
from coopgraph.errors import QueryTimeout
from coopgraph.questions import asking
from coopgraph.questions.asking import Limits
from coopgraph.questions.stored_queries import read_query
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.workers.queries import QueryPool

FIXTURES = Path(__file__).parents[1] / "data" / "fixtures"
ACTION = "https://w3id.org/coopgraph/id/action/test"


@pytest.fixture
def store(tmp_path: Path) -> str:
    """An on-disk store holding the effects fixture."""
    folder = str(tmp_path / "store")
    loaded = CliRunner().invoke(app, ["load", str(FIXTURES / "effects.ttl"), "--store", folder])
    assert loaded.exit_code == 0, loaded.output
    return folder


def ask(store: str, *arguments: str) -> tuple[int, str, str]:
    """Exit code, output and errors of ``coopgraph ask`` on the fixture queries."""
    result = CliRunner().invoke(
        app, ["ask", *arguments, "--store", store], env={"COOPGRAPH_CONTENT_ROOT": str(FIXTURES)}
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_table_with_labels(store: str) -> None:
    code, output, _ = ask(store, "effect-chains", "--action", ACTION, "--depth=2", "--lang", "en")
    lines = output.splitlines()
    assert code == 0
    assert lines[0].split() == ["effect", "dimension", "polarity", "depth", "path"]
    assert lines[2].startswith("Social ties <https://w3id.org/coopgraph/id/effect/e2>")
    assert len(lines) == 3


def test_the_same_json_as_the_api(store: str) -> None:
    code, output, _ = ask(store, "effect-chains", "--action", ACTION, "--json")
    document = json.loads(output)
    assert code == 0
    assert document["summary"]["loops"][0][0]["label"] == "Emplois locaux"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("effect-chains", "--action", "not an iri"), "parameter 'action'"),
        (("effect-chains",), "parameter 'action' is required"),
        (("no-such-query",), "no stored query 'no-such-query'; there are: effect-chains"),
        (("effect-chains", "--action"), "--action needs a value"),
    ],
    ids=["bad-value", "missing", "unknown-query", "no-value"],
)
def test_errors_exit_2_naming_the_fault(
    store: str, arguments: tuple[str, ...], message: str
) -> None:
    code, _, errors = ask(store, *arguments)
    assert code == 2
    assert message in errors


ENDLESS = """\
#+ name: endless
#+ summary: {fr: Sans fin, en: Endless}
#+ params:
#+   - {name: s, type: iri, required: true}
SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?s
"""


@pytest.mark.slow
def test_a_stored_query_past_the_deadline_is_killed_in_its_worker() -> None:
    store = EmbeddedStore.in_memory()
    store.load((FIXTURES / "effects.ttl").read_bytes(), formats.TURTLE, None)
    filler = "".join(f"<http://example.org/s{i}> <http://example.org/p> <{ACTION}> .\n"
                     for i in range(300))  # fmt: skip
    store.load(filler.encode(), formats.N_TRIPLES, None)
    pool = QueryPool(store, workers=1, timeout=1.0, memory_mb=4096)
    limits = Limits(deadline=1.0, gate=asyncio.Semaphore(1))
    query = read_query(ENDLESS, "endless.rq")
    started = time.perf_counter()
    try:
        with pytest.raises(QueryTimeout):
            asyncio.run(asking.ask(query, {"s": [ACTION]}, store, pool, limits))
        assert time.perf_counter() - started < 4.0
        found = asyncio.run(asking.ask(FAST, {"s": [ACTION]}, store, pool, limits))
        assert [str(row["s"]) for row in found.findings.records] == [ACTION]
    finally:
        pool.close()


FAST = read_query(ENDLESS.replace(". ?a ?b ?c . ?d ?e ?f . ?g ?h ?i", ""), "fast.rq")
