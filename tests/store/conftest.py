"""The ``store`` fixture of the contract tests: the same tests on the embedded store and on
Virtuoso (skipped, with the reason, where Virtuoso is not installed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.virtuoso import open_test_store

from coopgraph.store.base import Store


@pytest.fixture(params=["embedded", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store, once embedded and once on Virtuoso."""
    yield from open_test_store(request.param, request)
