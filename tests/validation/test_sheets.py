"""The template's sheets, read from the project's shapes and ontology."""

from __future__ import annotations

from support.content_store import ROOT

from coopgraph.validation.sheets import (
    CG,
    DATE,
    NAME,
    TERRITORY,
    TIME,
    choices_of,
    key_of,
    path_of,
    sheets_of,
)


def test_one_sheet_per_kind_of_resource_a_steward_describes() -> None:
    sheets = {sheet.name: sheet.kind for sheet in sheets_of(ROOT)}
    assert sheets["actions"] == CG.Action
    assert sheets["liens-causaux"] == CG.CausalLink
    assert set(sheets.values()) >= {CG.Actor, CG.Effect, CG.CooperationRelation, CG.Resource}
    assert set(sheets.values()) >= {CG.Indicator, CG.Evaluation, CG.Milestone}


def test_columns_come_from_the_property_shapes_with_french_and_english_headers() -> None:
    effects = next(s for s in sheets_of(ROOT) if s.kind == CG.Effect)
    dimension = effects.column("cg:dimension")
    assert dimension is not None
    assert dimension.required
    assert (dimension.header_fr, dimension.header_en) == ("dimension", "dimension")
    assert "ref:effect-dimensions" in dimension.note_fr
    assert "touches" in dimension.note_en
    assert {c.code for c in dimension.choices} == {
        "cultural", "democratic", "ecological", "economic", "social"
    }  # fmt: skip
    assert next(c.label for c in dimension.choices if c.code == "economic") == "Économique"
    polarity = effects.column("cg:polarity")
    assert polarity is not None
    assert len(polarity.choices) == 2


def test_the_name_territory_and_date_columns() -> None:
    actions = next(s for s in sheets_of(ROOT) if s.kind == CG.Action)
    assert [c.key for c in actions.columns[:4]] == [NAME, "name", TERRITORY, DATE]
    assert actions.place == path_of("prov:atLocation")
    date = actions.column(DATE)
    assert date is not None
    assert date.path == TIME.hasTime
    carried = actions.column("cg:carriedBy")
    assert carried is not None
    assert carried.range_class == CG.Actor


def test_each_list_of_concepts_is_given_once() -> None:
    lists = choices_of(sheets_of(ROOT))
    assert "cg:dimension" in lists
    assert "cg:epistemicStatus" in lists
    assert len({tuple(c.iri for c in v) for v in lists.values()}) == len(lists)


def test_keys_and_paths_read_each_other() -> None:
    for key in ("cg:dimension", "dcterms:source", "prov:atLocation"):
        path = path_of(key)
        assert path is not None
        assert key_of(path) == key
    assert path_of("nope:x") is None
