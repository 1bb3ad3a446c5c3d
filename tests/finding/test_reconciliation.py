"""The reconciliation protocol over the whole geography, its answers checked against the
specification's shapes (tests/support/reconciliation_shapes.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.finding_content import full_index
from support.reconciliation_shapes import examples, problems

from coopgraph import iris
from coopgraph.finding.queries import Condition, Query, read_batch, read_draft
from coopgraph.finding.reconciliation import (
    DEFAULT_TYPES,
    answer_batch,
    answer_draft,
    manifest,
    reconcile,
    suggest,
)

CG = iris.TERM_BASE
ID = iris.IDENTIFIER_BASE
COMMUNE = CG + "Commune"
ENDPOINT = "http://127.0.0.1:8000/reconcile"


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _ids(candidates: list[dict[str, Any]]) -> list[str]:
    return [c["id"].removeprefix(ID) for c in candidates]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_manifest_follows_0_2(lang: str) -> None:
    document = manifest(ENDPOINT, full_index(), lang)
    assert problems("0.2", "manifest", document) == []
    assert document["versions"] == ["0.1", "0.2"]
    assert [t["id"] for t in document["defaultTypes"]] == list(DEFAULT_TYPES)
    assert document["defaultTypes"][0]["name"] == "commune"
    assert document["preview"]["url"] == ENDPOINT + "/preview?id={{id}}"
    assert document["suggest"]["entity"] == {
        "service_url": ENDPOINT,
        "service_path": "/suggest/entity",
    }


def test_the_drafts_manifest_follows_the_draft() -> None:
    document = manifest(ENDPOINT, full_index(), "en", draft=True)
    assert problems("1.0-draft", "manifest", document) == []
    assert document["suggest"] == {"entity": True, "type": True, "property": True}


def test_lens_gives_the_commune_62498_first_and_certain() -> None:
    (first, *others) = reconcile(full_index(), Query("Lens", (COMMUNE,), 3), "fr")
    assert first["id"] == ID + "commune/62498"
    assert first["match"] is True
    assert first["score"] == 100
    assert first["type"] == [{"id": COMMUNE, "name": "commune"}]
    assert first["description"].startswith("commune · Pas-de-Calais (62)")
    assert len(others) == 2
    assert not any(c["match"] for c in others)


def test_namesakes_are_not_a_certain_match_until_a_departement_decides() -> None:
    index = full_index()
    alone = reconcile(index, Query("Saint-Denis", (COMMUNE,), 5), "fr")
    assert not any(c["match"] for c in alone)
    decided = reconcile(
        index, Query("Saint-Denis", (COMMUNE,), 5, (Condition("department", ("974",)),)), "fr"
    )
    assert decided[0]["id"] == ID + "commune/97411"
    assert decided[0]["match"] is True
    by_name = reconcile(index, Query("Saint-Denis (Seine-Saint-Denis)", (COMMUNE,), 5), "fr")
    assert by_name[0]["id"] == ID + "commune/93066"


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Condition(CG + "inseeCode", ("62498",)), "commune/62498"),
        (Condition("inseeCode", ("1001",)), "commune/01001"),  # a spreadsheet's number
        (Condition("sirenCode", ("246200364",)), "epci/246200364"),
        (Condition("sirenCode", ("216204982",)), "commune/62498"),  # Lens
        (Condition(CG + "sirenCode", ("200054294",)), "commune/22046"),  # Le Mené
    ],
)
def test_a_code_alone_finds_its_territory(condition: Condition, expected: str) -> None:
    candidates = reconcile(full_index(), Query("", (), 3, (condition,)), "fr")
    assert _ids(candidates)[0] == expected
    assert candidates[0]["match"] is True


def test_a_disagreeing_property_lowers_the_score() -> None:
    wrong = Condition("department", ("59",))
    (first, *_) = reconcile(full_index(), Query("Lens", (COMMUNE,), 3, (wrong,)), "fr")
    assert first["score"] < 100
    assert first["match"] is False


def test_unknown_properties_are_left_out_of_the_score() -> None:
    unknown = Condition("http://example.org/colour", ("blue",))
    (first, *_) = reconcile(full_index(), Query("Lens", (COMMUNE,), 3, (unknown,)), "fr")
    assert first["id"] == ID + "commune/62498"
    assert first["match"] is True


@pytest.mark.parametrize("version", ["0.2", "1.0-draft"])
def test_our_example_batches_have_the_shape_they_claim(version: str) -> None:
    kind = "reconciliation-query-batch"
    for example in examples(version, kind, "valid"):
        assert problems(version, kind, _read(example)) == [], example.name
    invalid = examples(version, kind, "invalid")
    assert len(invalid) >= 3
    for example in invalid:
        assert problems(version, kind, _read(example)) != [], example.name


def test_the_shapes_name_what_is_wrong_in_an_answer_and_where() -> None:
    answer = answer_batch(full_index(), {"q0": Query("Lens", (COMMUNE,), 2)}, "en")
    del answer["q0"]["result"][1]["score"]
    answer["q0"]["result"][0]["match"] = "yes"
    assert problems("0.2", "reconciliation-result-batch", answer) == [
        "q0.result[0].match: expected a boolean, got 'yes'",
        "q0.result[1]: 'score' is missing",
    ]
    draft = answer_draft(full_index(), [Query("Lens", (COMMUNE,), 1)], "en")
    draft["results"][0]["candidates"][0]["type"] = [{"name": "commune"}]
    assert problems("1.0-draft", "reconciliation-result-batch", draft) == [
        "results[0].candidates[0].type[0]: 'id' is missing"
    ]


@pytest.mark.parametrize(
    ("version", "read", "answer", "first"),
    [
        ("0.2", read_batch, answer_batch, lambda a: [a[q]["result"][0]["id"] for q in a]),
        (
            "1.0-draft",
            read_draft,
            answer_draft,
            lambda a: [r["candidates"][0]["id"] for r in a["results"]],
        ),
    ],
    ids=["0.2", "1.0-draft"],
)
def test_the_minimal_batches_find_their_communes(
    version: str, read: Any, answer: Any, first: Any
) -> None:
    (example,) = [
        p for p in examples(version, "reconciliation-query-batch", "valid") if p.stem == "minimal"
    ]
    answered = answer(full_index(), read(_read(example)), "fr")
    assert first(answered) == [ID + "commune/62528", ID + "commune/59271"]


@pytest.mark.parametrize(
    "example", examples("0.2", "reconciliation-query-batch", "valid"), ids=lambda p: p.stem
)
def test_our_batches_get_valid_answers(example: Path) -> None:
    batch = read_batch(_read(example))
    answer = answer_batch(full_index(), batch, "en")
    assert problems("0.2", "reconciliation-result-batch", answer) == []
    assert set(answer) == set(batch)


@pytest.mark.parametrize(
    "example", examples("1.0-draft", "reconciliation-query-batch", "valid"), ids=lambda p: p.stem
)
def test_our_draft_batches_get_valid_answers(example: Path) -> None:
    queries = read_draft(_read(example))
    answer = answer_draft(full_index(), queries, "en")
    assert problems("1.0-draft", "reconciliation-result-batch", answer) == []
    assert len(answer["results"]) == len(queries)


def test_a_draft_id_condition_gives_that_thing() -> None:
    (query,) = read_draft(
        {"queries": [{"conditions": [{"matchType": "id", "propertyValue": ID + "region/32"}]}]}
    )
    answer = answer_draft(full_index(), [query], "fr")
    assert answer["results"][0]["candidates"][0]["name"] == "Hauts-de-France"


@pytest.mark.parametrize(
    ("kind", "prefix", "expected"),
    [
        ("entity", "loos-en-goh", ID + "commune/62528"),
        ("type", "commu", CG + "Commune"),
        ("property", "code ins", CG + "inseeCode"),
    ],
)
def test_suggest_completes_entities_types_and_properties(
    kind: str, prefix: str, expected: str
) -> None:
    answer = suggest(full_index(), kind, prefix, "fr")
    plural = {"entity": "entities", "type": "types", "property": "properties"}[kind]
    for version in ("0.2", "1.0-draft"):
        assert problems(version, f"suggest-{plural}-response", answer) == []
    assert expected in [item["id"] for item in answer["result"]]


def test_suggest_pages_with_a_cursor() -> None:
    first = suggest(full_index(), "entity", "saint", "fr", cursor=0, limit=5)["result"]
    second = suggest(full_index(), "entity", "saint", "fr", cursor=5, limit=5)["result"]
    assert len(first) == len(second) == 5
    assert not {i["id"] for i in first} & {i["id"] for i in second}


@pytest.mark.parametrize("pid", ["postalCode", CG + "postalCode", "https://schema.org/postalCode"])
def test_a_postal_code_alone_finds_the_communes_it_serves(pid: str) -> None:
    alone = reconcile(full_index(), Query("", (), 3, (Condition(pid, ("62750",)),)), "fr")
    assert _ids(alone) == ["commune/62528"]  # not Saint-Hilaire-Cottes, INSEE code 62750
    assert alone[0]["match"] is True
    shared = reconcile(full_index(), Query("", (), 3, (Condition(pid, ("62300",)),)), "fr")
    assert _ids(shared) == ["commune/62498", "commune/62291"]  # Lens, Éleu-dit-Leauwette
    assert not any(c["match"] for c in shared)


def test_a_postal_code_as_property_tells_namesakes_apart() -> None:
    index = full_index()
    alone = reconcile(index, Query("Saint-Denis", (COMMUNE,), 5), "fr")
    assert not any(c["match"] for c in alone)
    for postal_code, expected in (("93200", "commune/93066"), ("97400", "commune/97411")):
        condition = Condition("postalCode", (postal_code,))
        decided = reconcile(index, Query("Saint-Denis", (COMMUNE,), 5, (condition,)), "fr")
        assert _ids(decided)[0] == expected
        assert decided[0]["match"] is True


def test_an_insee_code_does_not_agree_with_a_postal_code() -> None:
    condition = Condition("inseeCode", ("62750",))
    candidates = reconcile(full_index(), Query("", (), 3, (condition,)), "fr")
    assert _ids(candidates) == ["commune/62750"]  # Saint-Hilaire-Cottes only


def test_a_postal_code_read_as_a_number_gets_its_zero_back() -> None:
    condition = Condition("postalCode", ("1000",))  # Bourg-en-Bresse, 01000
    candidates = reconcile(full_index(), Query("", (COMMUNE,), 3, (condition,)), "fr")
    assert _ids(candidates)[0] == "commune/01053"


def test_suggest_offers_the_postal_code_property() -> None:
    for lang, prefix in (("fr", "code pos"), ("en", "postal")):
        answer = suggest(full_index(), "property", prefix, lang)
        assert CG + "postalCode" in [item["id"] for item in answer["result"]]


def test_a_siren_as_property_tells_namesakes_apart() -> None:
    index = full_index()
    for siren, expected in (("929939411", "commune/93066"), ("219740115", "commune/97411")):
        condition = Condition("sirenCode", (siren,))
        decided = reconcile(index, Query("Saint-Denis", (COMMUNE,), 5, (condition,)), "fr")
        assert _ids(decided)[0] == expected
        assert decided[0]["match"] is True
        assert not any(c["match"] for c in decided[1:])
