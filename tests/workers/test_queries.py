"""Query runners: the pool answers from snapshots in worker processes, within a deadline,
through crashes; the inline runner answers in a thread; each says what it offers."""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from coopgraph import formats
from coopgraph.errors import QueryFailed, QuerySyntaxError, QueryTimeout
from coopgraph.settings import Settings
from coopgraph.store import AnswerFormats, EmbeddedStore, memory_store
from coopgraph.store.remote import RemoteStore
from coopgraph.workers.queries import InlineRunner, QueryPool, QueryRunner, open_runner

pytestmark = pytest.mark.slow  # every test starts worker processes

JSON = AnswerFormats(formats.SPARQL_JSON, formats.TURTLE)
TSV = AnswerFormats(formats.TSV, formats.N_TRIPLES)
TIMEOUT = 30.0
"""The deadline of the ordinary tests' pools: far above their queries (milliseconds), so that a
slow machine fails none of them."""
SHORT_TIMEOUT = 1.5
"""The deadline of the tests of the deadline itself."""
MARGIN = 3.0
EVERYTHING = b'{"head":{},"boolean":true}'
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CRASHING = "SELECT * WHERE " + "{" * 3000 + "}" * 3000


def _triples(count: int, start: int = 0) -> bytes:
    return b"".join(
        b"<http://example.org/s%d> <http://example.org/p> <http://example.org/o%d> .\n" % (i, i)
        for i in range(start, start + count)
    )


StoreFactory = Callable[[Path], EmbeddedStore]
FACTORIES: dict[str, StoreFactory] = {
    "memory": lambda _folder: EmbeddedStore.in_memory(),
    "on-disk": lambda folder: EmbeddedStore.on_disk(folder / "store"),
}


@pytest.fixture(params=list(FACTORIES.values()), ids=list(FACTORIES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmbeddedStore]:
    """A store in memory or on disk, holding 300 triples."""
    factory: StoreFactory = request.param
    opened = factory(tmp_path)
    opened.load(_triples(300), formats.N_TRIPLES, None)
    yield opened
    opened.close()


@pytest.fixture
def pool(store: EmbeddedStore) -> Iterator[QueryPool]:
    """A pool of one worker."""
    started = QueryPool(store, workers=1, timeout=TIMEOUT, memory_mb=4096)
    yield started
    started.close()


@pytest.fixture
def short_pool(store: EmbeddedStore) -> Iterator[QueryPool]:
    """A pool of one worker with a short deadline."""
    started = QueryPool(store, workers=1, timeout=SHORT_TIMEOUT, memory_mb=4096)
    yield started
    started.close()


async def _count(pool: QueryPool) -> int:
    answer = await pool.answer(COUNT, JSON)
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


def test_the_pool_answers(pool: QueryPool) -> None:
    answer = asyncio.run(pool.answer("ASK { ?s ?p ?o }", JSON))
    assert (answer.kind, answer.body) == ("boolean", EVERYTHING)


def test_the_pool_applies_the_row_cap(pool: QueryPool) -> None:
    answer = asyncio.run(pool.answer("SELECT * { ?s ?p ?o }", TSV, row_cap=7))
    assert answer.truncated
    assert len(answer.body.decode().splitlines()) == 1 + 7


def test_the_pool_binds_values_in_the_worker(pool: QueryPool) -> None:
    subject = URIRef("http://example.org/s42")
    query = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }"
    answer = asyncio.run(pool.answer(query, JSON, bindings={"s": subject}))
    rows = json.loads(answer.body)["results"]["bindings"]
    assert [row["o"]["value"] for row in rows] == ["http://example.org/o42"]


def test_a_query_past_the_deadline_times_out_and_the_pool_goes_on(
    short_pool: QueryPool,
) -> None:
    async def scenario() -> tuple[float, bytes]:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="COOPGRAPH_QUERY_TIMEOUT"):
            await short_pool.answer(ENDLESS, JSON)
        elapsed = time.monotonic() - started
        return elapsed, (await short_pool.answer("ASK { ?s ?p ?o }", JSON)).body

    elapsed, after = asyncio.run(scenario())
    assert SHORT_TIMEOUT <= elapsed < SHORT_TIMEOUT + MARGIN
    assert after == EVERYTHING


def test_a_query_that_crashes_its_worker_fails_and_the_pool_goes_on(pool: QueryPool) -> None:
    async def scenario() -> bytes:
        with pytest.raises(QueryFailed, match="stopped the engine"):
            await pool.answer(CRASHING, JSON)
        return (await pool.answer("ASK { ?s ?p ?o }", JSON)).body

    assert asyncio.run(scenario()) == EVERYTHING


def test_a_query_error_comes_back_as_ours(pool: QueryPool) -> None:
    async def scenario() -> bytes:
        with pytest.raises(QuerySyntaxError, match="does not parse"):
            await pool.answer("SELECT * WHERE { ?s ?p }", JSON)
        return (await pool.answer("ASK { ?s ?p ?o }", JSON)).body

    assert asyncio.run(scenario()) == EVERYTHING


def test_a_second_worker_answers_while_the_first_is_busy() -> None:
    store = EmbeddedStore.in_memory()
    store.load(_triples(300), formats.N_TRIPLES, None)
    pool = QueryPool(store, workers=2, timeout=SHORT_TIMEOUT, memory_mb=4096)

    async def scenario() -> float:
        endless = asyncio.create_task(pool.answer(ENDLESS, JSON))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        await pool.answer("ASK { ?s ?p ?o }", JSON)
        quick = time.monotonic() - started
        with pytest.raises(QueryTimeout):
            await endless
        return quick

    try:
        assert asyncio.run(scenario()) < SHORT_TIMEOUT
    finally:
        pool.close()


def test_snapshots_follow_writes(store: EmbeddedStore, pool: QueryPool) -> None:
    async def scenario() -> list[int]:
        seen = [await _count(pool)]
        for round_ in range(3):
            store.load(_triples(10, 1000 + 10 * round_), formats.N_TRIPLES, None)
            seen.append(await _count(pool))
        store.update("DELETE WHERE { <http://example.org/s0> ?p ?o }")
        seen.append(await _count(pool))
        return seen

    assert asyncio.run(scenario()) == [300, 310, 320, 330, 329]


def test_old_snapshots_are_removed_and_close_removes_everything(tmp_path: Path) -> None:
    store = EmbeddedStore.on_disk(tmp_path / "store")
    pool = QueryPool(store, workers=1, timeout=TIMEOUT, memory_mb=4096)
    snapshots = tmp_path / "store" / "snapshots"

    async def scenario() -> None:
        for round_ in range(4):
            store.load(_triples(5, 10 * round_), formats.N_TRIPLES, None)
            assert await _count(pool) == 5 * (round_ + 1)
            assert len(list(snapshots.iterdir())) == 1

    try:
        asyncio.run(scenario())
    finally:
        pool.close()
    assert not snapshots.exists()
    assert store.count() == 20
    store.close()


def test_a_memory_store_pool_leaves_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    store = EmbeddedStore.in_memory()
    pool = QueryPool(store, workers=1, timeout=TIMEOUT, memory_mb=4096)

    async def scenario() -> None:
        for round_ in range(3):
            store.load(_triples(5, 10 * round_), formats.N_TRIPLES, None)
            assert await _count(pool) == 5 * (round_ + 1)
        snapshot_files = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert len(snapshot_files) == 1

    try:
        asyncio.run(scenario())
    finally:
        pool.close()
    assert list(tmp_path.iterdir()) == []


def test_the_pool_reads_long_answers_under_uvloop(store: EmbeddedStore, pool: QueryPool) -> None:
    """uvloop, which uvicorn uses when installed, leaves a watched pipe non-blocking: an answer
    longer than the pipe's buffer arrives in parts and must still be read whole."""
    import uvloop

    store.load(_triples(1700, 300), formats.N_TRIPLES, None)

    async def everything() -> bytes:
        return (await pool.answer("SELECT * { ?s ?p ?o }", JSON)).body

    for _ in range(3):
        body = uvloop.run(everything())
        assert len(body) > 65_536
        assert len(json.loads(body)["results"]["bindings"]) == 2000


def test_the_inline_runner_answers_in_a_thread_and_offers_no_isolation() -> None:
    store = memory_store()
    store.load(_triples(3), formats.N_TRIPLES, None)
    runner: QueryRunner = InlineRunner(store)
    answer = asyncio.run(runner.answer("SELECT * { ?s ?p ?o }", TSV, row_cap=2))
    assert (answer.kind, answer.truncated) == ("solutions", True)
    assert (runner.isolated, runner.snapshots) == (False, None)
    runner.close()


def test_open_runner_isolates_the_embedded_store_only() -> None:
    settings = Settings(query_workers=1)
    remote = open_runner(RemoteStore("http://127.0.0.1:9/sparql"), settings)
    assert isinstance(remote, InlineRunner)
    embedded = open_runner(EmbeddedStore.in_memory(), settings)
    try:
        assert isinstance(embedded, QueryPool)
        assert embedded.isolated
        assert embedded.snapshots is not None
    finally:
        embedded.close()


HUGE_ROWS = (
    'SELECT ?v { VALUES ?i { 1 2 3 4 5 6 7 8 } BIND("' + "x" * 1_000 + '" AS ?a) '
    "BIND(CONCAT(?a, ?a, ?a, ?a) AS ?b) BIND(CONCAT(STR(?i), ?b, ?b, ?b, ?b) AS ?v) }"
)
"""8 rows of 16 KB each from a 1 KB text: the engine multiplies what a query asks for (8 rows
of 106 MB came from a short query)."""


@pytest.mark.parametrize("row_cap", [None, 10_000], ids=["no-row-cap", "row-cap"])
def test_the_byte_cap_cuts_few_huge_rows_to_as_many_as_fit(
    store: EmbeddedStore, row_cap: int | None
) -> None:
    pool = QueryPool(store, workers=1, timeout=TIMEOUT, memory_mb=4096, byte_cap=50_000)
    try:
        few = asyncio.run(pool.answer(HUGE_ROWS, TSV, row_cap=2))
        cut = asyncio.run(pool.answer(HUGE_ROWS, TSV, row_cap=row_cap))
    finally:
        pool.close()
    assert (few.truncated, len(few.body.splitlines())) == (True, 1 + 2)  # the row cap alone
    assert len(cut.body) <= 50_000
    assert cut.truncated
    assert len(cut.body.splitlines()) == 1 + 3  # three rows of 16 KB fit, four do not


def test_the_byte_cap_applies_inline_and_leaves_small_answers_whole() -> None:
    runner = InlineRunner(memory_store(), byte_cap=50_000)
    cut = asyncio.run(runner.answer(HUGE_ROWS, TSV))
    small = asyncio.run(runner.answer("SELECT ?i { VALUES ?i { 1 2 } }", TSV))
    assert cut.truncated
    assert len(cut.body.splitlines()) == 1 + 3
    assert not small.truncated
    assert len(small.body.splitlines()) == 1 + 2
