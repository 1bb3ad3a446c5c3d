"""Reconciliation batches read from JSON: the specification's examples, and clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.reconciliation_shapes import examples

from coopgraph.errors import InputError
from coopgraph.finding.queries import (
    MAX_LIMIT,
    Condition,
    Query,
    read_batch,
    read_draft,
    read_json,
    read_query,
)


def _read(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "example", examples("0.2", "reconciliation-query-batch", "valid"), ids=lambda p: p.stem
)
def test_the_specifications_valid_batches_are_read(example: Path) -> None:
    document = _read(example)
    assert isinstance(document, dict)
    assert set(read_batch(document)) == set(document)


@pytest.mark.parametrize(
    "example", examples("0.2", "reconciliation-query-batch", "invalid"), ids=lambda p: p.stem
)
def test_the_specifications_invalid_batches_are_refused(example: Path) -> None:
    with pytest.raises(InputError, match=r"nothing to look for|unknown field props"):
        read_batch(_read(example))


@pytest.mark.parametrize(
    "example", examples("1.0-draft", "reconciliation-query-batch", "valid"), ids=lambda p: p.stem
)
def test_the_drafts_valid_batches_are_read(example: Path) -> None:
    document = _read(example)
    assert isinstance(document, dict)
    assert len(read_draft(document)) == len(document["queries"])


@pytest.mark.parametrize(
    "example",
    [
        p
        for p in examples("1.0-draft", "reconciliation-query-batch", "invalid")
        if p.stem != "multiple-types"  # several types: read, as 0.2 allows them
    ],
    ids=lambda p: p.stem,
)
def test_the_drafts_invalid_batches_are_refused(example: Path) -> None:
    with pytest.raises(InputError):
        read_draft(_read(example))


def test_a_full_query_is_read_with_its_properties() -> None:
    query = read_query(
        {
            "query": "Lens",
            "type": "https://w3id.org/coopgraph/def/Commune",
            "limit": 3,
            "properties": [{"pid": "department", "v": [62, {"id": "x", "name": "X"}]}],
            "type_strict": "any",
        },
        "q0",
    )
    assert query == Query(
        "Lens",
        ("https://w3id.org/coopgraph/def/Commune",),
        3,
        (Condition("department", ("62", "x")),),
    )


def test_a_draft_query_reads_names_ids_and_required_properties() -> None:
    (query,) = read_draft(
        {
            "queries": [
                {
                    "conditions": [
                        {"matchType": "name", "propertyValue": "Lens"},
                        {"matchType": "id", "propertyValue": "https://example.org/x"},
                        {
                            "matchType": "property",
                            "propertyId": "inseeCode",
                            "propertyValue": "62498",
                            "required": True,
                        },
                    ]
                }
            ]
        }
    )
    assert query.text == "Lens"
    assert query.ids == ("https://example.org/x",)
    assert query.conditions == (Condition("inseeCode", ("62498",), required=True),)


def test_a_bare_string_is_a_query_as_in_0_1() -> None:
    assert read_query("Lens", "query") == Query("Lens")


def test_limits_are_capped() -> None:
    assert read_query({"query": "a", "limit": 10_000}, "q").limit == MAX_LIMIT


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ({"query": "a", "limit": 0}, "q7.limit"),
        ({"query": "a", "limit": "3"}, "q7.limit"),
        ({"query": 3}, "q7.query"),
        ({"query": "a", "type": 3}, "q7.type"),
        ({"query": "a", "properties": {"pid": "x"}}, "q7.properties"),
        ({"query": "a", "properties": [{"pid": "x"}]}, "q7.properties[0]"),
        ({"query": "a", "properties": [{"pid": "x", "v": [[1]]}]}, "q7.properties[0].v"),
        ([1], "q7"),
    ],
)
def test_a_bad_query_names_its_place_in_both_languages(value: object, where: str) -> None:
    with pytest.raises(InputError) as caught:
        read_query(value, "q7")
    message = str(caught.value)
    assert f"{where} :" in message
    assert f"{where}:" in message


def test_a_batch_must_be_an_object_of_queries() -> None:
    with pytest.raises(InputError, match="JSON object of queries"):
        read_batch([{"query": "Lens"}])


def test_bad_json_names_the_field_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        read_json('{"q0": {"query": "Lens",}}', "queries")
    message = str(caught.value)
    assert "« queries » n'est pas du JSON valide (ligne 1, colonne 25" in message
    assert "'queries' is not valid JSON (line 1, column 25" in message
