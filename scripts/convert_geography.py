"""Convert the official French geography of @etalab/decoupage-administratif to N-Triples.

Reads communes.json, epci.json, departements.json and regions.json from the npm package
(2026 official geography, Licence Ouverte / Etalab 2.0) and writes a gzip-compressed,
deterministic N-Triples file: lines sorted, gzip header without timestamp or file name, so
running the script twice on the same source gives identical bytes.

Scope: the communes, départements and régions of metropolitan France and the overseas
départements-régions (package zones "metro" and "drom"). The package also lists the
collectivités d'outre-mer (zone "com": Saint-Pierre-et-Miquelon, Polynésie française, ...)
as pseudo départements and régions; they are neither, so they are left out. Municipal
arrondissements of Paris, Lyon and Marseille are left out too.

Run from anywhere:

    python scripts/convert_geography.py [--source DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

Record = dict[str, Any]

_REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = _REPOSITORY_ROOT / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
DEFAULT_OUTPUT = _REPOSITORY_ROOT / "data" / "geography" / "geography-2026.nt.gz"

CG = "https://w3id.org/coopgraph/def/"
ID = "https://w3id.org/coopgraph/id/"
REF = "https://w3id.org/coopgraph/ref/"
IGEO = "http://rdf.insee.fr/def/geo#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
DCAT_DATASET = NamedNode("http://www.w3.org/ns/dcat#Dataset")
VOID_DATASET = NamedNode("http://rdfs.org/ns/void#Dataset")
VOID_TRIPLES = NamedNode("http://rdfs.org/ns/void#triples")
DCTERMS = "http://purl.org/dc/terms/"

INSEE_CODE = NamedNode(CG + "inseeCode")
SIREN_CODE = NamedNode(CG + "sirenCode")
POSTAL_CODE = NamedNode(CG + "postalCode")
POPULATION = NamedNode(CG + "population")
IS_PART_OF = NamedNode(CG + "isPartOf")
INTERCOMMUNALITY_KIND = NamedNode(CG + "intercommunalityKind")

DATASET = NamedNode(ID + "dataset/geography-2026")
SOURCE_PACKAGE = NamedNode("https://www.npmjs.com/package/@etalab/decoupage-administratif/v/6.0.0")
LICENCE = NamedNode("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
# A constant, not today's date: the output must not change when the script is re-run.
ISSUED = "2026-11-25"

_OFFICIAL_ZONES = frozenset({"metro", "drom"})
_DELEGATED_TYPES = {
    "commune-deleguee": NamedNode(IGEO + "CommuneDeleguee"),
    "commune-associee": NamedNode(IGEO + "CommuneAssociee"),
}
INTERCOMMUNALITY_KINDS = frozenset({"CA", "CC", "CU", "METRO", "MET69"})
_SIREN = re.compile(r"\d{9}")


class SourceDataError(ValueError):
    """The package's JSON does not have the shape this converter expects."""


def commune_iri(code: str) -> NamedNode:
    """Return the IRI of a current commune from its INSEE code.

    >>> commune_iri("62528").value
    'https://w3id.org/coopgraph/id/commune/62528'
    """
    return NamedNode(f"{ID}commune/{code}")


def delegated_commune_iri(code: str) -> NamedNode:
    """Return the IRI of a delegated or associated commune from its INSEE code."""
    return NamedNode(f"{ID}delegated-commune/{code}")


def intercommunality_iri(siren: str) -> NamedNode:
    """Return the IRI of an EPCI from its SIREN."""
    return NamedNode(f"{ID}epci/{siren}")


def intercommunality_kind_iri(kind: str) -> NamedNode:
    """Return the IRI of an EPCI's legal form (CA, CC, CU, METRO, MET69) in the referential."""
    return NamedNode(f"{REF}intercommunality-kind/{kind}")


def department_iri(code: str) -> NamedNode:
    """Return the IRI of a département from its INSEE code (e.g. 62, 2A, 971)."""
    return NamedNode(f"{ID}department/{code}")


def region_iri(code: str) -> NamedNode:
    """Return the IRI of a région from its INSEE code."""
    return NamedNode(f"{ID}region/{code}")


def load_records(source: Path, name: str) -> list[Record]:
    """Read one JSON file of the package as a list of records."""
    path = source / f"{name}.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(records, list):
        raise SourceDataError(f"{path}: expected a JSON array of records, got {type(records)}")
    return records


def is_official(record: Record) -> bool:
    """Tell whether a record belongs to metropolitan France or an overseas département."""
    return record["zone"] in _OFFICIAL_ZONES


def _described(subject: NamedNode, types: Iterable[str], record: Record) -> Iterator[Triple]:
    for type_iri in types:
        yield Triple(subject, RDF_TYPE, NamedNode(type_iri))
    yield Triple(subject, RDFS_LABEL, Literal(record["nom"], language="fr"))


def _population(subject: NamedNode, value: object) -> Iterator[Triple]:
    if isinstance(value, int):
        yield Triple(subject, POPULATION, Literal(value))


def region_triples(regions: Iterable[Record]) -> Iterator[Triple]:
    """Describe every région of metropolitan France and overseas."""
    for region in filter(is_official, regions):
        subject = region_iri(region["code"])
        yield from _described(subject, (CG + "Region", IGEO + "Region"), region)
        yield Triple(subject, INSEE_CODE, Literal(region["code"]))


def department_triples(departments: Iterable[Record], region_codes: set[str]) -> Iterator[Triple]:
    """Describe every département and link it to its région."""
    for department in filter(is_official, departments):
        subject = department_iri(department["code"])
        if department["region"] not in region_codes:
            raise SourceDataError(
                f"departements.json: département {department['code']} names région "
                f"{department['region']!r}, which regions.json does not list"
            )
        yield from _described(subject, (CG + "Department", IGEO + "Departement"), department)
        yield Triple(subject, INSEE_CODE, Literal(department["code"]))
        yield Triple(subject, IS_PART_OF, region_iri(department["region"]))


def commune_triples(communes: Iterable[Record], department_codes: set[str]) -> Iterator[Triple]:
    """Describe every current commune and link it to its département."""
    for commune in current_communes(communes):
        subject = commune_iri(commune["code"])
        if commune["departement"] not in department_codes:
            raise SourceDataError(
                f"communes.json: commune {commune['code']} names département "
                f"{commune['departement']!r}, which departements.json does not list"
            )
        yield from _described(subject, (CG + "Commune", IGEO + "Commune"), commune)
        yield Triple(subject, INSEE_CODE, Literal(commune["code"]))
        siren = _commune_code(commune, "SIREN", commune.get("siren"), 9)
        yield Triple(subject, SIREN_CODE, Literal(siren))
        yield from _postal_codes(subject, commune)
        yield from _population(subject, commune.get("population"))
        yield Triple(subject, IS_PART_OF, department_iri(commune["departement"]))


def _commune_code(commune: Record, name: str, value: object, digits: int) -> str:
    """``value``, the commune's SIREN or one of its postal codes, if it has ``digits`` digits."""
    if not isinstance(value, str) or not re.fullmatch(rf"\d{{{digits}}}", value):
        raise SourceDataError(
            f"communes.json: commune {commune['code']} ({commune['nom']}) has {name} "
            f"{value!r}, expected {digits} digits"
        )
    return value


def _postal_codes(subject: NamedNode, commune: Record) -> Iterator[Triple]:
    """One cg:postalCode per code La Poste gives the commune (several for large towns)."""
    for code in commune.get("codesPostaux", ()):
        yield Triple(subject, POSTAL_CODE, Literal(_commune_code(commune, "postal code", code, 5)))


def current_communes(communes: Iterable[Record]) -> Iterator[Record]:
    """Select the current communes (not delegated, associated or municipal arrondissements)."""
    return (c for c in communes if c["type"] == "commune-actuelle" and is_official(c))


def delegated_communes(communes: Iterable[Record]) -> Iterator[Record]:
    """Select the delegated and associated communes."""
    return (c for c in communes if c["type"] in _DELEGATED_TYPES and is_official(c))


def delegated_commune_triples(
    communes: Iterable[Record], commune_codes: set[str]
) -> Iterator[Triple]:
    """Describe every delegated or associated commune and link it to its parent commune."""
    for delegated in delegated_communes(communes):
        subject = delegated_commune_iri(delegated["code"])
        if delegated["chefLieu"] not in commune_codes:
            raise SourceDataError(
                f"communes.json: {delegated['type']} {delegated['code']} names parent "
                f"{delegated['chefLieu']!r}, which is not a current commune"
            )
        yield from _described(subject, (CG + "DelegatedCommune",), delegated)
        yield Triple(subject, RDF_TYPE, _DELEGATED_TYPES[delegated["type"]])
        yield Triple(subject, INSEE_CODE, Literal(delegated["code"]))
        yield Triple(subject, IS_PART_OF, commune_iri(delegated["chefLieu"]))


def intercommunality_triples(
    intercommunalities: Iterable[Record], commune_codes: set[str]
) -> Iterator[Triple]:
    """Describe every EPCI, its legal form, and the membership of its communes."""
    for epci in intercommunalities:
        siren, kind = epci["code"], epci["type"]
        if not _SIREN.fullmatch(siren):
            raise SourceDataError(
                f"epci.json: EPCI {epci['nom']!r} has code {siren!r}, not a SIREN"
            )
        if kind not in INTERCOMMUNALITY_KINDS:
            raise SourceDataError(
                f"epci.json: EPCI {siren} has type {kind!r}, expected one of "
                f"{sorted(INTERCOMMUNALITY_KINDS)}"
            )
        subject = intercommunality_iri(siren)
        types = (CG + "Intercommunality", IGEO + "Intercommunalite")
        yield from _described(subject, types, epci)
        yield Triple(subject, SIREN_CODE, Literal(siren))
        yield Triple(subject, INTERCOMMUNALITY_KIND, intercommunality_kind_iri(kind))
        yield from _population(subject, epci.get("populationMunicipale"))
        yield from _membership_triples(subject, epci["membres"], commune_codes)


def _membership_triples(
    epci: NamedNode, members: Iterable[Record], commune_codes: set[str]
) -> Iterator[Triple]:
    for member in members:
        if member["code"] not in commune_codes:
            raise SourceDataError(
                f"epci.json: EPCI {epci.value} lists member {member['code']!r}, "
                "which is not a current commune"
            )
        yield Triple(commune_iri(member["code"]), IS_PART_OF, epci)


def dataset_triples(triple_count: int) -> list[Triple]:
    """Describe the converted dataset once: title, source, licence, date and size."""
    dcterms = {name: NamedNode(DCTERMS + name) for name in ("title", "source", "license", "issued")}
    return [
        Triple(DATASET, RDF_TYPE, DCAT_DATASET),
        Triple(DATASET, RDF_TYPE, VOID_DATASET),
        Triple(
            DATASET,
            dcterms["title"],
            Literal("Géographie administrative française 2026", language="fr"),
        ),
        Triple(
            DATASET,
            dcterms["title"],
            Literal("French administrative geography 2026", language="en"),
        ),
        Triple(DATASET, dcterms["source"], SOURCE_PACKAGE),
        Triple(DATASET, dcterms["license"], LICENCE),
        Triple(DATASET, dcterms["issued"], Literal(ISSUED, datatype=XSD_DATE)),
        Triple(DATASET, VOID_TRIPLES, Literal(triple_count)),
    ]


def geography_triples(source: Path) -> set[Triple]:
    """Build the whole geography graph, dataset description included."""
    regions = load_records(source, "regions")
    departments = load_records(source, "departements")
    communes = load_records(source, "communes")
    region_codes = {r["code"] for r in regions if is_official(r)}
    department_codes = {d["code"] for d in departments if is_official(d)}
    commune_codes = {c["code"] for c in current_communes(communes)}
    triples = {
        *region_triples(regions),
        *department_triples(departments, region_codes),
        *commune_triples(communes, department_codes),
        *delegated_commune_triples(communes, commune_codes),
        *intercommunality_triples(load_records(source, "epci"), commune_codes),
    }
    # void:triples counts every triple of the file, its own dataset description included.
    triples.update(dataset_triples(len(triples) + len(dataset_triples(0))))
    return triples


def sorted_n_triples(triples: Iterable[Triple]) -> bytes:
    """Serialise triples as N-Triples with lines in byte order, for reproducible output."""
    serialized = serialize(triples, format=RdfFormat.N_TRIPLES)
    assert serialized is not None  # serialize returns bytes when no output is given
    return b"".join(line + b"\n" for line in sorted(set(serialized.splitlines())))


def convert(source: Path, output: Path) -> int:
    """Convert the package's JSON in source to a gzipped N-Triples file; return the triple count."""
    triples = geography_triples(source)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(gzip.compress(sorted_n_triples(triples), compresslevel=9, mtime=0))
    return len(triples)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run the conversion."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="package data folder")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="N-Triples .gz file")
    arguments = parser.parse_args(argv)
    try:
        count = convert(arguments.source, arguments.output)
    except SourceDataError as error:  # the source's fault, said without a traceback
        raise SystemExit(f"convert_geography: {error}") from None
    size = arguments.output.stat().st_size
    print(f"wrote {count} triples to {arguments.output} ({size} bytes)")


if __name__ == "__main__":
    main()
