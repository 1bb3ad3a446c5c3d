"""Ranking among the whole geography: exact names, then prefixes, then close spellings."""

from __future__ import annotations

import pytest
from support.finding_content import full_index

from coopgraph import iris
from coopgraph.finding.gathering import Entry
from coopgraph.finding.index import EXACT, SearchIndex

CG = iris.TERM_BASE
ID = iris.IDENTIFIER_BASE
COMMUNE = CG + "Commune"


def _first(text: str, *types: str) -> str:
    hits = full_index().search(text, types, 5)
    assert hits, text
    return hits[0].entry.iri


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lens", "commune/62498"),
        ("lens", "commune/62498"),
        ("grande synthe", "commune/59271"),
        ("Le Mene", "commune/22046"),
        ("le mené", "commune/22046"),
        ("Loos-en-Goh", "commune/62528"),
        ("62498", "commune/62498"),
        ("246200364", "epci/246200364"),
        ("Pas de Calais", "department/62"),
        ("hauts de france", "region/32"),
        ("Grand Sinthe", "commune/59271"),  # a close spelling
    ],
)
def test_territories_are_found_by_name_or_code(text: str, expected: str) -> None:
    assert _first(text) == ID + expected


def test_lens_the_commune_comes_first_then_its_namesakes_by_population() -> None:
    hits = full_index().search("Lens", [COMMUNE], 3)
    assert next(h.entry.iri for h in hits) == ID + "commune/62498"
    assert hits[0].score == EXACT
    assert all(h.score < EXACT for h in hits[1:])


def test_ties_go_to_the_larger_population() -> None:
    hits = full_index().search("Saint-Denis", [COMMUNE], 5)
    exact = [h for h in hits if h.exact]
    assert len(exact) >= 2  # La Réunion's and Seine-Saint-Denis' at least
    populations = [h.entry.population for h in exact]
    assert populations == sorted(populations, reverse=True)


@pytest.mark.parametrize("qualifier", ["62", "Pas-de-Calais", "pas de calais"])
def test_a_departement_in_parentheses_keeps_its_territories(qualifier: str) -> None:
    hits = full_index().search(f"Courcelles ({qualifier})", [COMMUNE], 10)
    assert hits
    assert all(ID + "department/62" in h.entry.parents for h in hits)


def test_parentheses_that_name_no_territory_stay_in_the_name() -> None:
    assert full_index().search("Lens (nowhere)", [], 3) == []


def test_types_filter_through_superclasses() -> None:
    hits = full_index().search("Grande-Synthe", [CG + "Actor"], 5)
    assert hits
    assert all(CG + "Actor" in h.entry.kinds for h in hits)
    assert ID + "collective/grande-synthe" in [h.entry.iri for h in hits]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("acteur", CG + "Actor"),
        ("actor", CG + "Actor"),
        ("commune déléguée", CG + "DelegatedCommune"),
    ],
)
def test_ontology_terms_are_found_by_label_in_either_language(text: str, kind: str) -> None:
    assert _first(text) == kind


@pytest.mark.parametrize("text", ["hypothese systemique", "Systemic hypothesis", "recit et sens"])
def test_referential_concepts_are_found_by_label(text: str) -> None:
    concept = "http://www.w3.org/2004/02/skos/core#Concept"
    hits = full_index().search(text, [concept], 5)
    assert hits
    assert hits[0].exact
    assert all(concept in h.entry.kinds for h in hits)


def test_codes_are_found_whole_only() -> None:
    assert all(h.exact for h in full_index().search("62498", [], 5))


def test_an_empty_or_blank_query_finds_nothing() -> None:
    index = SearchIndex([Entry("http://example.org/a", labels={"A"})], {})
    assert index.search("", [], 5) == []
    assert index.search(" - ' ", [], 5) == []
    assert [h.entry.iri for h in index.search("a", [], 5)] == ["http://example.org/a"]


def test_a_postal_code_finds_its_commune_before_the_namesake_insee_code() -> None:
    hits = full_index().search("62750", [], 5)
    assert [h.entry.iri for h in hits] == [ID + "commune/62528", ID + "commune/62750"]
    assert all(h.exact for h in hits)  # Loos-en-Gohelle's postal code, Saint-Hilaire's INSEE


def test_a_shared_postal_code_gives_every_commune_it_serves_by_population() -> None:
    hits = full_index().search("26300", [COMMUNE], 20)
    served = [h.entry.name("fr") for h in hits if "26300" in h.entry.postal_codes]
    assert len(served) == 12  # Bourg-de-Péage, Alixan, Chatuzange-le-Goubet...
    assert hits[0].entry.name("fr") == "Bourg-de-Péage"
    assert ID + "commune/26300" in [h.entry.iri for h in hits]  # its INSEE code, too
    assert all(h.exact for h in hits)
    populations = [h.entry.population for h in hits]
    assert populations == sorted(populations, reverse=True)


def test_a_communes_siren_finds_it_whole_and_only_whole() -> None:
    hits = full_index().search("216204982", [], 5)
    assert [(h.entry.iri, h.exact) for h in hits] == [(ID + "commune/62498", True)]  # Lens
    assert full_index().search("2162049", [], 5) == []  # a SIREN's start names nothing


def test_an_insee_code_is_not_read_as_the_start_of_sirens() -> None:
    # 90 communes of the Creuse have a SIREN starting with 21231, Dijon's INSEE code
    hits = full_index().search("21231", [], 10)
    assert [h.entry.name("fr") for h in hits] == ["Dijon"]
