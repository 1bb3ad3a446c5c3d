"""Validation in worker processes: the same report as in the process, a deadline, a cap."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from conftest import make_settings
from support.steward_content import ROOT, steward_file, steward_store

from coopgraph import iris
from coopgraph.errors import QueryTimeout, TooLarge
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.validation.results import Report, Result
from coopgraph.validation.sandbox import Budget, Validator, check, open_validator
from coopgraph.validation.uploads import Upload
from coopgraph.workers.queries import QueryPool

BROKEN = Upload(steward_file("loos-en-gohelle-broken.ttl"), "text/turtle", "broken.ttl")
GOOD = Upload(steward_file("loos-en-gohelle.ttl"), "text/turtle", "good.ttl")


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The ontology and the sample geography, in memory."""
    return steward_store()


def _validator(store: EmbeddedStore, **settings: object) -> Iterator[Validator]:
    values = make_settings(content_root=ROOT, **settings)
    runner = QueryPool(store, workers=1, timeout=5, memory_mb=4096)
    validator = open_validator(store, runner, values)
    yield validator
    validator.close()
    runner.close()


@pytest.fixture(scope="module")
def validator(store: EmbeddedStore) -> Iterator[Validator]:
    """Validation workers on the store's snapshots."""
    yield from _validator(store, validation_workers=1)


def test_the_workers_report_what_the_process_reports(
    validator: Validator, store: EmbeddedStore
) -> None:
    here = check([BROKEN], store, Budget(1_000_000, None, Path(ROOT / "shapes")))
    there = asyncio.run(validator.validate([BROKEN]))
    assert not there.conforms
    assert _found(there.results) == _found(here.report.results)


def _found(results: Sequence[Result]) -> list[tuple[str, ...]]:
    """What each result says, without the shapes' blank nodes."""
    return sorted((str(r.focus), str(r.path), str(r.value), r.severity) for r in results)


def test_check_brings_the_graph_back(validator: Validator) -> None:
    checked = asyncio.run(validator.check([GOOD]))
    assert checked.report.conforms
    assert len(checked.submission.graph) > 10


def test_past_the_deadline_the_worker_is_replaced(store: EmbeddedStore) -> None:
    for validator in _validator(store, validation_workers=1, validation_timeout=0.01):
        before = validator.process_ids()
        with pytest.raises(TooLarge, match=r"longer than 0\.01 s"):
            asyncio.run(validator.validate([GOOD]))
        assert validator.process_ids() != before


def test_the_triple_cap_holds_in_the_workers(store: EmbeddedStore) -> None:
    for validator in _validator(store, max_triples=5):
        with pytest.raises(TooLarge, match="more than 5 triples"):
            asyncio.run(validator.validate([GOOD]))


def _bare_actions(count: int) -> Upload:
    """Actions with a type and nothing else: about 1.4 ms of validation each."""
    lines = (f"<https://w3id.org/coopgraph/id/action/test-slow-{n}> a <{iris.TERM_BASE}Action> ."
             for n in range(count))  # fmt: skip
    return Upload("\n".join(lines).encode(), "text/turtle", "slow.ttl")


async def _check_behind(
    validator: Validator, anonymous: int, actions: int
) -> tuple[float, list[bool], list[object]]:
    """How long a check takes while ``anonymous`` validations of bare actions run or wait
    (all still in flight when it starts); which of these were still in flight when it
    answered, and what they ended with."""
    slow = _bare_actions(actions)
    validations = [asyncio.create_task(validator.validate([slow])) for _ in range(anonymous)]
    await asyncio.sleep(1)
    assert not any(task.done() for task in validations)
    started = time.monotonic()
    checked = await validator.check([GOOD])
    took = time.monotonic() - started
    in_flight = [not task.done() for task in validations]
    assert checked.report.conforms
    return took, in_flight, list(await asyncio.gather(*validations, return_exceptions=True))


def test_a_check_never_waits_behind_anonymous_validations(store: EmbeddedStore) -> None:
    timeout = 8.0
    for validator in _validator(store, validation_workers=1, validation_timeout=timeout):
        assert len(validator.process_ids()) == 2  # one shared, one reserved
        took, in_flight, ended = asyncio.run(_check_behind(validator, 2, actions=40_000))
        assert in_flight == [True, True]
        assert took < timeout / 2
        # The first held the shared worker to the deadline; the second waited for it.
        assert all(isinstance(e, (TooLarge, QueryTimeout)) for e in ended), ended
        assert any(isinstance(e, TooLarge) for e in ended), ended


def test_without_a_reserved_worker_anonymous_validations_may_take_them_all(
    store: EmbeddedStore,
) -> None:
    settings = {"validation_workers": 1, "reserved_validation_workers": 0}
    for validator in _validator(store, validation_timeout=60.0, **settings):
        assert len(validator.process_ids()) == 1
        _, in_flight, ended = asyncio.run(_check_behind(validator, 1, actions=3_000))
        assert in_flight == [False]  # the check waited for it to end
        assert isinstance(ended[0], Report)
