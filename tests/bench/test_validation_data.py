"""The validation benchmark's generators (bench/validation_data.py): seeded, of the size asked,
and conforming to the shapes through the same path /validate takes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support.steward_content import ROOT, steward_store

from coopgraph import formats
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.validation import Upload
from coopgraph.validation.sandbox import Budget, Checked, check

sys.path.insert(0, str(ROOT / "bench"))
from validation_data import commune_codes, filled_workbook, turtle_description

COMMUNES = "SELECT ?c WHERE { ?c a <https://w3id.org/coopgraph/def/Commune> } ORDER BY ?c"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The ontology and the sample geography, in memory."""
    return steward_store()


@pytest.fixture(scope="module")
def codes(store: EmbeddedStore) -> list[str]:
    """The INSEE codes of the sample geography's communes."""
    return commune_codes([str(row["c"]) for row in store.select(COMMUNES)])


def _check(upload: Upload, store: EmbeddedStore) -> Checked:
    return check([upload], store, Budget(10_000_000, None, Path(ROOT / "shapes")))


def test_the_turtle_description_conforms_and_has_the_size_asked(
    store: EmbeddedStore, codes: list[str]
) -> None:
    data = turtle_description(1_500, codes)
    checked = _check(Upload(data, formats.TURTLE, "territoire.ttl"), store)
    assert [str(result) for result in checked.report.results] == []
    assert 1_350 <= len(checked.submission.graph) <= 1_650
    assert data == turtle_description(1_500, codes)


def test_the_filled_workbook_conforms_and_has_the_size_asked(
    store: EmbeddedStore, codes: list[str]
) -> None:
    data = filled_workbook(1_500, codes, ROOT)
    checked = _check(Upload(data, formats.XLSX, "territoire.xlsx"), store)
    assert [str(result) for result in checked.report.results] == []
    assert 1_350 <= len(checked.submission.graph) <= 1_650
    assert checked.submission.graph.isomorphic(
        _check(
            Upload(filled_workbook(1_500, codes, ROOT), formats.XLSX, "again.xlsx"), store
        ).submission.graph
    )
