"""Territories named in spreadsheets, found in a store's geography: exact names whatever their
case, accents and hyphens, a département to choose among namesakes, and the Violation of a name
that names no territory or several."""

from __future__ import annotations

import gzip

import pytest
from rdflib import URIRef
from support.steward_content import LOOS, ROOT, steward_store

from coopgraph import formats, iris
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.validation.results import Location, Report, shacl_graph
from coopgraph.validation.territory_names import (
    Found,
    TerritoryNames,
    name_result,
    split_name,
    with_findings,
)

COMMUNE = "https://w3id.org/coopgraph/id/commune/"
NAMESAKES = (b'"Mons"@fr', b'"\xc3\x89tretat"@fr')
"""Names taken from the real geography: communes called Mons (seven in 2026), and Étretat."""
SIRENS = (b'"212000046"', b'"200053668"')
"""The SIRENs of Ajaccio (2A004) and of a commune nouvelle, 01015 (200..., as EPCIs' are)."""


@pytest.fixture(scope="module")
def names() -> TerritoryNames:
    store: EmbeddedStore = steward_store()
    geography = next((ROOT / "data" / "geography").glob("*.nt.gz")).read_bytes()
    lines = [line for line in gzip.decompress(geography).splitlines(keepends=True)
             if any(name in line for name in (*NAMESAKES, *SIRENS))]  # fmt: skip
    store.load(b"".join(lines), formats.N_TRIPLES, iris.DATA_GRAPH_BASE + "geography/names")
    return TerritoryNames(store)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Loos-en-Gohelle", "62528"),
        ("loos en gohelle", "62528"),
        ("LOOS-EN-GOHELLE (62)", "62528"),
        ("Etretat", "76254"),
        ("Mons (30)", "30173"),
    ],
    ids=["exact", "case-and-hyphens", "with-departement", "accent-first", "namesake-chosen"],
)
def test_a_name_gives_its_territory(names: TerritoryNames, written: str, code: str) -> None:
    assert names.find(written) == Found(URIRef(COMMUNE + code))


def test_other_kinds_are_found_by_name(names: TerritoryNames) -> None:
    assert names.find("Métropole européenne de Lille").iri == URIRef(
        "https://w3id.org/coopgraph/id/epci/200093201"
    )
    assert names.find("Nord").iri == URIRef("https://w3id.org/coopgraph/id/department/59")


def test_namesakes_are_candidates(names: TerritoryNames) -> None:
    found = names.find("Mons")
    assert found.iri is None
    assert len(found.candidates) >= 2
    assert URIRef(COMMUNE + "30173") in found.candidates
    where = Location("loos.xlsx / acteurs", 5, 3, "territoire")
    result = name_result("Mons", found, URIRef(LOOS), None, where)
    assert result.severity == "Violation"
    assert result.location == where
    assert "'Mons' names several territories: id:commune/16221 (Mons)" in result.message("en")
    assert "for example 'Mons (16)'" in result.message("en")
    assert "désigne plusieurs territoires" in result.message("fr")


def test_an_unknown_name_suggests_the_nearest(names: TerritoryNames) -> None:
    found = names.find("Loos-en-Gohele")
    assert found == Found(None, {URIRef(LOOS): "Loos-en-Gohelle"})
    result = name_result("Loos-en-Gohele", found, URIRef(LOOS), None, Location("s", 5, 3))
    assert "did you mean id:commune/62528 (Loos-en-Gohelle)?" in result.message("en")
    assert "vouliez-vous dire id:commune/62528 (Loos-en-Gohelle) ?" in result.message("fr")
    assert names.find("Lille (62)").iri is None  # Lille is in the Nord


def test_a_name_like_none_says_so(names: TerritoryNames) -> None:
    found = names.find("Atlantide")
    assert found == Found(None, {})
    result = name_result("Atlantide", found, URIRef(LOOS), None, Location("s", 5, 3))
    assert result.message("en").startswith("'Atlantide' is the name of no official territory.")


def test_findings_join_the_report() -> None:
    empty = Report((), shacl_graph(()), "1")
    finding = name_result("Atlantide", Found(None), URIRef(LOOS), None, Location("s", 5, 3))
    assert with_findings(empty, ()) is empty
    merged = with_findings(empty, (finding,))
    assert merged.results == (finding,)
    assert not merged.conforms


def test_split_name() -> None:
    assert split_name(" Mons ( 2a ) ") == ("Mons", "2A")


def test_a_commune_is_found_by_its_siren(names: TerritoryNames) -> None:
    assert names.find(" 212000046 ") == Found(URIRef(COMMUNE + "2A004"))
    assert names.find("200053668") == Found(URIRef(COMMUNE + "01015"))
    assert names.find("212000047") == Found(None)
