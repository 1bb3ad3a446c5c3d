"""What a reader sees of a thing found: a line that tells namesakes apart."""

from __future__ import annotations

from support.finding_content import full_index

from coopgraph import iris
from coopgraph.finding.cards import card_of, kinds_of, name_of

CG = iris.TERM_BASE
ID = iris.IDENTIFIER_BASE


def test_a_commune_card_names_its_kind_departement_and_population() -> None:
    index = full_index()
    lens = index.find(ID + "commune/62498")
    assert lens is not None
    card = card_of(lens, index, "fr")
    assert [k.id for k in card.kinds] == [CG + "Commune"]  # the most specific, coopgraph's
    assert [p.name for p in card.within] == ["Pas-de-Calais (62)"]
    assert card.codes == ("62498", "216204982")  # INSEE code first, then SIREN
    assert card.summary().startswith("commune · Pas-de-Calais (62) · 32")
    assert card.summary().endswith("hab.")
    assert card_of(lens, index, "en").summary().endswith("inhabitants")


def test_a_concept_card_shows_its_definition() -> None:
    index = full_index()
    actor = index.find(CG + "Actor")
    assert actor is not None
    card = card_of(actor, index, "en")
    assert card.name == "actor"
    assert card.definition is not None
    assert "organisation" in card.definition
    assert "organisation" in card.summary()


def test_kinds_leave_out_the_broader_ones() -> None:
    index = full_index()
    collective = index.find(ID + "collective/grande-synthe")
    assert collective is not None
    assert [k.id for k in kinds_of(collective, index, "fr")] == [CG + "TerritorialCollective"]


def test_names_of_outside_classes_are_readable() -> None:
    index = full_index()
    assert name_of("http://www.w3.org/2004/02/skos/core#Concept", index, "en") == "concept (SKOS)"
    assert name_of("http://example.org/vocab#Thing", index, "fr") == "Thing"


def test_a_card_names_the_postal_codes_in_the_readers_language() -> None:
    index = full_index()
    loos, paris = index.find(ID + "commune/62528"), index.find(ID + "commune/75056")
    assert loos is not None
    assert paris is not None
    assert card_of(loos, index, "fr").postal() == "code postal 62750"
    assert card_of(loos, index, "en").postal() == "postal code 62750"
    assert card_of(paris, index, "fr").postal().startswith("codes postaux 75001, 75002, ")
    department = index.find(ID + "department/62")
    assert department is not None
    assert card_of(department, index, "en").postal() == ""


def test_a_card_names_the_official_codes_in_the_readers_language() -> None:
    index = full_index()
    lens, epci = index.find(ID + "commune/62498"), index.find(ID + "epci/246200364")
    assert lens is not None
    assert epci is not None
    assert card_of(lens, index, "fr").official() == "code Insee 62498 · SIREN 216204982"
    assert card_of(lens, index, "en").official() == "INSEE code 62498 · SIREN 216204982"
    assert card_of(epci, index, "en").official() == "SIREN 246200364"


def test_a_delegated_commune_is_placed_by_its_communes_insee_code() -> None:
    index = full_index()
    collinee = index.find(ID + "delegated-commune/22046")
    assert collinee is not None
    assert [p.name for p in card_of(collinee, index, "fr").within] == ["Le Mené (22046)"]
