"""The committed French geography (data/geography) is complete, well-formed and reproducible."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    Variable,
)

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
GEOGRAPHY_FILE = REPOSITORY_ROOT / "data" / "geography" / "geography-2026.nt.gz"
CONVERTER = REPOSITORY_ROOT / "scripts" / "convert_geography.py"
SOURCE = REPOSITORY_ROOT / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
ID = "https://w3id.org/coopgraph/id/"

PREFIXES = """
PREFIX cg: <https://w3id.org/coopgraph/def/>
PREFIX igeo: <http://rdf.insee.fr/def/geo#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

needs_source = pytest.mark.skipif(
    not SOURCE.is_dir(),
    reason="run `npm ci` at the repo root to install the official geography source",
)


@dataclass(frozen=True)
class SeasonOneCommune:
    """What the 2026 official geography says about a season-1 pilot commune."""

    code: str
    label: str
    department: str
    region: str
    epci: str
    population: int


SEASON_ONE = {
    "loos-en-gohelle": SeasonOneCommune("62528", "Loos-en-Gohelle", "62", "32", "246200364", 6799),
    "grande-synthe": SeasonOneCommune("59271", "Grande-Synthe", "59", "32", "245900428", 20239),
    "malaunay": SeasonOneCommune("76402", "Malaunay", "76", "28", "200023414", 6221),
    "le-mene": SeasonOneCommune("22046", "Le Mené", "22", "53", "200067460", 6556),
}

# Metropolitan France and the overseas départements-régions; the converter leaves out the
# collectivités d'outre-mer, which the package lists as pseudo départements and régions.
EXPECTED_COUNTS = {
    "cg:Commune": 34_875,
    "cg:Intercommunality": 1_255,
    "cg:Department": 101,
    "cg:Region": 18,
    "cg:DelegatedCommune": 2_576,
}


@pytest.fixture(scope="module")
def store() -> Store:
    """An in-memory store holding the committed geography file."""
    store = Store()
    store.load(gzip.decompress(GEOGRAPHY_FILE.read_bytes()), format=RdfFormat.N_TRIPLES)
    return store


def _select(store: Store, query: str, **bindings: NamedNode) -> list[dict[str, str]]:
    """Run a SELECT query, binding variables by the engine; bound variables are not returned.

    pyoxigraph substitutes only variables of the projection, so queries project them.
    """
    substitutions: dict[Variable, NamedNode | BlankNode | Literal | Triple] = {
        Variable(name): term for name, term in bindings.items()
    }
    solutions = store.query(PREFIXES + query, substitutions=substitutions)
    assert isinstance(solutions, QuerySolutions)
    returned = [v for v in solutions.variables if v.value not in bindings]
    return [{v.value: _lexical(row[v]) for v in returned} for row in solutions]


def _lexical(term: NamedNode | BlankNode | Literal | Triple | None) -> str:
    assert isinstance(term, NamedNode | Literal), f"expected an IRI or a literal, got {term}"
    return term.value


def _count(store: Store, query: str) -> int:
    (row,) = _select(store, query)
    return int(row["n"])


def _load_source(name: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads((SOURCE / f"{name}.json").read_text("utf-8"))
    return records


def _source_counts() -> dict[str, int]:
    communes = _load_source("communes")
    outside_com = [c for c in communes if c["zone"] != "com"]
    return {
        "cg:Commune": sum(c["type"] == "commune-actuelle" for c in outside_com),
        "cg:Intercommunality": len(_load_source("epci")),
        "cg:Department": sum(d["zone"] != "com" for d in _load_source("departements")),
        "cg:Region": sum(r["zone"] != "com" for r in _load_source("regions")),
        "cg:DelegatedCommune": sum(
            c["type"] in {"commune-deleguee", "commune-associee"} for c in outside_com
        ),
    }


@pytest.mark.parametrize("commune", SEASON_ONE.values(), ids=SEASON_ONE.keys())
def test_season_one_commune_is_described(store: Store, commune: SeasonOneCommune) -> None:
    rows = _select(
        store,
        """
        SELECT ?commune ?code ?label ?population ?epci ?siren ?department ?region WHERE {
          ?commune a cg:Commune, igeo:Commune ; cg:inseeCode ?code ; rdfs:label ?label ;
                   cg:population ?population ; cg:isPartOf ?epci, ?department .
          ?epci a cg:Intercommunality ; cg:sirenCode ?siren .
          ?department a cg:Department ; cg:isPartOf ?region .
          ?region a cg:Region .
        }
        """,
        commune=NamedNode(f"{ID}commune/{commune.code}"),
    )
    assert rows == [
        {
            "code": commune.code,
            "label": commune.label,
            "population": str(commune.population),
            "epci": f"{ID}epci/{commune.epci}",
            "siren": commune.epci,
            "department": f"{ID}department/{commune.department}",
            "region": f"{ID}region/{commune.region}",
        }
    ]


@pytest.mark.parametrize(
    ("commune", "expected"),
    [
        ("62528", ["62750"]),  # Loos-en-Gohelle
        ("62750", ["62120"]),  # Saint-Hilaire-Cottes, whose INSEE code is Loos' postal code
        ("22046", ["22330"]),  # Le Mené
        ("75056", [f"750{n:02}" for n in range(1, 21)] + ["75116"]),  # Paris
    ],
    ids=["loos-en-gohelle", "saint-hilaire-cottes", "le-mene", "paris"],
)
def test_communes_have_their_postal_codes(store: Store, commune: str, expected: list[str]) -> None:
    rows = _select(
        store,
        "SELECT ?commune ?code WHERE { ?commune cg:postalCode ?code } ORDER BY ?code",
        commune=NamedNode(f"{ID}commune/{commune}"),
    )
    assert [row["code"] for row in rows] == sorted(expected)


@pytest.mark.parametrize(
    ("commune", "siren"),
    [
        ("62498", "216204982"),  # Lens
        ("62528", "216205286"),  # Loos-en-Gohelle
        ("22046", "200054294"),  # Le Mené, a commune nouvelle: a SIREN of its own
        ("93066", "929939411"),  # Saint-Denis (Seine-Saint-Denis)
        ("97411", "219740115"),  # Saint-Denis (La Réunion)
    ],
)
def test_communes_have_their_siren(store: Store, commune: str, siren: str) -> None:
    rows = _select(
        store,
        "SELECT ?commune ?siren WHERE { ?commune cg:sirenCode ?siren }",
        commune=NamedNode(f"{ID}commune/{commune}"),
    )
    assert rows == [{"siren": siren}]


def test_a_shared_postal_code_serves_each_of_its_communes(store: Store) -> None:
    rows = _select(
        store,
        """SELECT ?label WHERE { ?c cg:postalCode "62300" ; rdfs:label ?label } ORDER BY ?label""",
    )
    assert [row["label"] for row in rows] == ["Lens", "Éleu-dit-Leauwette"]


def test_le_mene_and_its_delegated_commune_collinee_do_not_clash(store: Store) -> None:
    rows = _select(
        store,
        """
        SELECT ?delegated ?parent ?label ?parentLabel WHERE {
          ?delegated a cg:DelegatedCommune ; cg:inseeCode "22046" ; rdfs:label ?label ;
                     cg:isPartOf ?parent .
          ?parent a cg:Commune ; rdfs:label ?parentLabel .
          FILTER NOT EXISTS { ?parent a cg:DelegatedCommune }
          FILTER NOT EXISTS { ?delegated a cg:Commune }
        }
        """,
        delegated=NamedNode(f"{ID}delegated-commune/22046"),
        parent=NamedNode(f"{ID}commune/22046"),
    )
    assert rows == [{"label": "Collinée", "parentLabel": "Le Mené"}]


@pytest.mark.parametrize(("kind", "expected"), EXPECTED_COUNTS.items(), ids=EXPECTED_COUNTS.keys())
def test_geography_holds_every_territory(store: Store, kind: str, expected: int) -> None:
    assert _count(store, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a {kind} }}") == expected


# Nested FILTER EXISTS: pyoxigraph evaluates `NOT EXISTS { ?t p ?x . ?x a C }` slowly when C
# is a large class, and the nested form is equivalent.
INTEGRITY_VIOLATIONS = {
    "commune-without-department": """
        ?t a cg:Commune .
        FILTER NOT EXISTS { ?t cg:isPartOf ?d . FILTER EXISTS { ?d a cg:Department } }
    """,
    "commune-in-several-departments": """
        ?t a cg:Commune ; cg:isPartOf ?d1, ?d2 . ?d1 a cg:Department . ?d2 a cg:Department .
        FILTER (?d1 != ?d2)
    """,
    "commune-code-malformed": """
        ?t a cg:Commune .
        FILTER NOT EXISTS {
          ?t cg:inseeCode ?code . FILTER REGEX(?code, "^([0-9]{5}|2[AB][0-9]{3})$")
        }
    """,
    "commune-code-shared": """
        ?t a cg:Commune ; cg:inseeCode ?code . ?other a cg:Commune ; cg:inseeCode ?code .
        FILTER (?t != ?other)
    """,
    "commune-in-several-epci": """
        ?t a cg:Commune ; cg:isPartOf ?e1, ?e2 . ?e1 a cg:Intercommunality .
        ?e2 a cg:Intercommunality . FILTER (?e1 != ?e2)
    """,
    "commune-linked-to-region-directly": """
        ?t a cg:Commune ; cg:isPartOf ?r . ?r a cg:Region .
    """,
    "commune-without-postal-code": """
        ?t a cg:Commune . FILTER NOT EXISTS { ?t cg:postalCode ?postalCode }
    """,
    "postal-code-malformed": """
        ?t cg:postalCode ?postalCode . FILTER (!REGEX(?postalCode, "^[0-9]{5}$"))
    """,
    "postal-code-not-on-a-commune": """
        ?t cg:postalCode ?postalCode . FILTER NOT EXISTS { ?t a cg:Commune }
    """,
    "commune-siren-malformed": """
        ?t a cg:Commune .
        FILTER NOT EXISTS { ?t cg:sirenCode ?siren . FILTER REGEX(?siren, "^[0-9]{9}$") }
    """,
    "commune-with-several-sirens": """
        ?t a cg:Commune ; cg:sirenCode ?s1, ?s2 . FILTER (?s1 != ?s2)
    """,
    "siren-shared": """
        ?t cg:sirenCode ?siren . ?other cg:sirenCode ?siren . FILTER (?t != ?other)
    """,
    "siren-not-on-a-commune-or-epci": """
        ?t cg:sirenCode ?siren .
        FILTER NOT EXISTS { ?t a ?kind . VALUES ?kind { cg:Commune cg:Intercommunality } }
    """,
    "epci-siren-malformed": """
        ?t a cg:Intercommunality .
        FILTER NOT EXISTS { ?t cg:sirenCode ?siren . FILTER REGEX(?siren, "^[0-9]{9}$") }
    """,
    "epci-without-kind": """
        ?t a cg:Intercommunality .
        FILTER NOT EXISTS { ?t cg:intercommunalityKind ?kind }
    """,
    "epci-without-member": """
        ?t a cg:Intercommunality . FILTER NOT EXISTS { ?c cg:isPartOf ?t }
    """,
    "department-without-region": """
        ?t a cg:Department .
        FILTER NOT EXISTS { ?t cg:isPartOf ?r . FILTER EXISTS { ?r a cg:Region } }
    """,
    "delegated-commune-without-parent": """
        ?t a cg:DelegatedCommune .
        FILTER NOT EXISTS { ?t cg:isPartOf ?c . FILTER EXISTS { ?c a cg:Commune } }
    """,
    "territory-without-french-label": """
        ?t a ?class . VALUES ?class {
          cg:Commune cg:Intercommunality cg:Department cg:Region cg:DelegatedCommune
        }
        FILTER NOT EXISTS { ?t rdfs:label ?label . FILTER (LANG(?label) = "fr") }
    """,
}


@pytest.mark.parametrize(
    "violation", INTEGRITY_VIOLATIONS.values(), ids=INTEGRITY_VIOLATIONS.keys()
)
def test_geography_has_no_integrity_violation(store: Store, violation: str) -> None:
    offenders = _select(store, f"SELECT DISTINCT ?t WHERE {{ {violation} }} LIMIT 5")
    assert offenders == []


def test_epci_kinds_are_the_five_legal_forms(store: Store) -> None:
    rows = _select(
        store, "SELECT DISTINCT ?kind WHERE { ?e cg:intercommunalityKind ?kind } ORDER BY ?kind"
    )
    kinds = [row["kind"].rsplit("/", 1)[1] for row in rows]
    assert kinds == ["CA", "CC", "CU", "MET69", "METRO"]


def test_dataset_declares_source_licence_and_its_own_size(store: Store) -> None:
    rows = _select(
        store,
        """
        SELECT ?dataset ?source ?licence ?triples WHERE {
          ?dataset a void:Dataset ; dcterms:source ?source ; dcterms:license ?licence ;
                   dcterms:issued ?issued ; void:triples ?triples .
        }
        """,
        dataset=NamedNode(f"{ID}dataset/geography-2026"),
    )
    assert rows == [
        {
            "source": "https://www.npmjs.com/package/@etalab/decoupage-administratif/v/6.0.0",
            "licence": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            "triples": str(len(store)),
        }
    ]


def test_committed_file_is_sorted_n_triples_without_duplicates() -> None:
    lines = gzip.decompress(GEOGRAPHY_FILE.read_bytes()).splitlines()
    assert lines == sorted(set(lines))


@needs_source
@pytest.mark.parametrize("kind", EXPECTED_COUNTS.keys())
def test_committed_counts_match_the_source(store: Store, kind: str) -> None:
    committed = _count(store, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a {kind} }}")
    assert committed == _source_counts()[kind]


@needs_source
def test_every_epci_membership_of_the_source_is_committed(store: Store) -> None:
    memberships = sum(len(epci["membres"]) for epci in _load_source("epci"))
    committed = _count(
        store,
        """
        SELECT (COUNT(*) AS ?n) WHERE {
          ?c a cg:Commune ; cg:isPartOf ?e . ?e a cg:Intercommunality .
        }
        """,
    )
    assert committed == memberships


@needs_source
def test_every_postal_code_of_the_source_is_committed(store: Store) -> None:
    communes = [c for c in _load_source("communes") if c["zone"] != "com"]
    expected = sum(len(c["codesPostaux"]) for c in communes if c["type"] == "commune-actuelle")
    committed = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c cg:postalCode ?code }")
    assert committed == expected == 35_359


@needs_source
def test_every_commune_siren_of_the_source_is_committed(store: Store) -> None:
    communes = _load_source("communes")
    expected = {
        (c["code"], c["siren"])
        for c in communes
        if c["zone"] != "com" and c["type"] == "commune-actuelle"
    }
    rows = _select(
        store,
        "SELECT ?code ?siren WHERE { ?c a cg:Commune ; cg:inseeCode ?code ; cg:sirenCode ?siren }",
    )
    assert {(row["code"], row["siren"]) for row in rows} == expected
    assert len(expected) == 34_875


@needs_source
@pytest.mark.slow
def test_converter_reproduces_the_committed_file(tmp_path: Path) -> None:
    output = tmp_path / "geography.nt.gz"
    command = [sys.executable, str(CONVERTER), "--source", str(SOURCE), "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert re.fullmatch(r"wrote \d+ triples to .* \(\d+ bytes\)\n", result.stdout)
    assert gzip.decompress(output.read_bytes()) == gzip.decompress(GEOGRAPHY_FILE.read_bytes())
    assert output.read_bytes() == GEOGRAPHY_FILE.read_bytes()


def _tiny_source(folder: Path, **commune: object) -> Path:
    """A source of one région, one département and one commune (Lens) changed by ``commune``."""
    lens: dict[str, object] = {
        "code": "62498",
        "nom": "Lens",
        "type": "commune-actuelle",
        "zone": "metro",
        "departement": "62",
        "siren": "216204982",
        "codesPostaux": ["62300"],
    }
    lens |= commune
    records = {
        "regions": [{"code": "32", "nom": "Hauts-de-France", "zone": "metro"}],
        "departements": [{"code": "62", "nom": "Pas-de-Calais", "region": "32", "zone": "metro"}],
        "communes": [lens],
        "epci": [],
    }
    for name, content in records.items():
        (folder / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"siren": "21620498"}, "commune 62498 (Lens) has SIREN '21620498', expected 9 digits"),
        ({"siren": None}, "commune 62498 (Lens) has SIREN None, expected 9 digits"),
        ({"codesPostaux": ["6230"]}, "commune 62498 (Lens) has postal code '6230', expected 5"),
    ],
    ids=["siren-too-short", "siren-missing", "postal-code-too-short"],
)
def test_converter_refuses_a_malformed_commune_code(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    source = _tiny_source(tmp_path, **change)
    output = tmp_path / "geography.nt.gz"
    command = [sys.executable, str(CONVERTER), "--source", str(source), "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()


@pytest.mark.slow
def test_converter_writes_a_well_formed_tiny_source(tmp_path: Path) -> None:
    source = _tiny_source(tmp_path)
    output = tmp_path / "geography.nt.gz"
    command = [sys.executable, str(CONVERTER), "--source", str(source), "--output", str(output)]
    subprocess.run(command, capture_output=True, text=True, check=True)
    lines = gzip.decompress(output.read_bytes()).decode().splitlines()
    lens = f"<{ID}commune/62498> <https://w3id.org/coopgraph/def/"
    assert lens + 'sirenCode> "216204982" .' in lines
    assert lens + 'postalCode> "62300" .' in lines
