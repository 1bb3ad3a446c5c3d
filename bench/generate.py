"""A synthetic territory graph for the benchmark, seeded and written as N-Triples.

Régions, départements, intercommunalities and communes (codes, populations, ``cg:isPartOf``
one level up, as in data/geography), actors active in communes who cooperate, actions carried
by actors in a commune, effects of actions across dimensions linked by ``cg:leadsTo`` (with
their ``cg:CausalLink``) in short chains, some closing into loops, and transfers of referential
elements from one commune to another. The same seed and size always write the same bytes.

    python bench/generate.py --triples 100000 --output bench/out/synthetic-100k.nt
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

CG = "https://w3id.org/coopgraph/def/"
ID = "https://w3id.org/coopgraph/id/"
REF = "https://w3id.org/coopgraph/ref/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV_AT_LOCATION = "http://www.w3.org/ns/prov#atLocation"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
DEFAULT_SEED = 20261125

# Triples written per commune once actors, actions, effects and transfers are counted in;
# measured on the generator itself, so that --triples lands within a few percent.
TRIPLES_PER_COMMUNE = 28.9

# The concepts of ontology/referential.ttl, so that stored queries find trade-offs and
# functionalities in the synthetic data as they do in the real one.
DIMENSIONS = ("ecological", "economic", "social", "cultural", "democratic")
FUNCTIONALITIES = ("eating", "caring", "housing", "moving", "learning", "working", "culture")
ACTOR_KINDS = (
    ("Firm", "Entreprise"),
    ("Association", "Association"),
    ("LocalAuthority", "Mairie de"),
    ("ResearchLab", "Laboratoire"),
    ("Network", "Réseau"),
)
VERBS = ("Création", "Extension", "Animation", "Évaluation", "Mutualisation", "Relance")
OBJECTS = (
    "d'une ressourcerie", "d'un tiers-lieu", "d'une cantine bio", "d'un réseau de chaleur",
    "d'une plateforme de compostage", "d'une épicerie solidaire", "d'un atelier vélo",
    "d'une maison de santé", "d'un jardin partagé", "d'une navette rurale",
    "d'une ferme urbaine", "d'un habitat participatif", "d'une monnaie locale",
    "d'une recyclerie", "d'un repair café", "d'une centrale solaire citoyenne",
    "d'un marché de producteurs", "d'une école de la transition", "d'un covoiturage",
    "d'une filière bois",
)  # fmt: skip
SYLLABLES = ("bel", "mont", "val", "lan", "ro", "che", "vi", "gnac", "sur", "ville", "cour",
             "ma", "len", "tri", "bou", "ca", "nel", "fon", "ta", "ri", "ac", "ette")  # fmt: skip
RIVERS = ("Loire", "Garonne", "Meuse", "Orne", "Lot", "Saône", "Vienne", "Isère")


@dataclass(frozen=True)
class Plan:
    """How many of each kind of thing a graph of a given size holds."""

    communes: int
    epcis: int
    departments: int
    regions: int
    actors: int
    actions: int
    transfers: int


def plan(triples: int) -> Plan:
    """The counts for about ``triples`` triples, in the proportions of French geography."""
    communes = max(40, round(triples / TRIPLES_PER_COMMUNE))
    return Plan(
        communes=communes,
        epcis=max(4, communes // 28),
        departments=max(2, communes // 350),
        regions=max(1, communes // 2000),
        actors=max(10, communes * 6 // 10),
        actions=max(10, communes * 8 // 10),
        transfers=max(4, communes // 10),
    )


class TripleWriter:
    """Writes N-Triples lines and counts them."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self.count = 0

    def link(self, subject: str, predicate: str, target: str) -> None:
        """A triple whose object is an IRI."""
        self._handle.write(f"<{subject}> <{predicate}> <{target}> .\n")
        self.count += 1

    def text(self, subject: str, predicate: str, value: str, language: str | None = None) -> None:
        """A triple whose object is a string, tagged with ``language`` if given."""
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        tag = f"@{language}" if language else ""
        self._handle.write(f'<{subject}> <{predicate}> "{escaped}"{tag} .\n')
        self.count += 1

    def integer(self, subject: str, predicate: str, value: int) -> None:
        """A triple whose object is an xsd:integer."""
        self._handle.write(f'<{subject}> <{predicate}> "{value}"^^<{XSD_INTEGER}> .\n')
        self.count += 1


def place_name(rng: random.Random) -> str:
    """A French-sounding place name."""
    root = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    if rng.random() < 0.15:
        root = "Saint-" + root
    if rng.random() < 0.1:
        root += "-sur-" + rng.choice(RIVERS)
    return root


def _territory(out: TripleWriter, iri: str, kind: str, label: str) -> None:
    out.link(iri, RDF_TYPE, CG + kind)
    out.text(iri, RDFS_LABEL, label, "fr")


def write_geography(out: TripleWriter, rng: random.Random, shape: Plan) -> list[str]:
    """Régions, départements, EPCI and communes; returns the communes, grouped by EPCI."""
    regions = [f"{ID}region/{index + 1:02d}" for index in range(shape.regions)]
    for index, region in enumerate(regions):
        _territory(out, region, "Region", f"Région {place_name(rng)}")
        out.text(region, CG + "inseeCode", f"{index + 1:02d}")
    departments = [f"{ID}department/{index + 1:02d}" for index in range(shape.departments)]
    for index, iri in enumerate(departments):
        _territory(out, iri, "Department", place_name(rng))
        out.text(iri, CG + "inseeCode", f"{index + 1:02d}")
        out.link(iri, CG + "isPartOf", regions[index * shape.regions // len(departments)])
    populations = [int(rng.lognormvariate(6.5, 1.3)) + 10 for _ in range(shape.communes)]
    epci_populations = [0] * shape.epcis
    communes = []
    for index, population in enumerate(populations):
        epci = index * shape.epcis // shape.communes
        department = index * shape.departments // shape.communes
        code = f"{department + 1:02d}{index - _first_of(department, shape):03d}"
        commune = f"{ID}commune/{code}"
        _territory(out, commune, "Commune", place_name(rng))
        out.text(commune, CG + "inseeCode", code)
        out.integer(commune, CG + "population", population)
        out.link(commune, CG + "isPartOf", f"{ID}epci/2{epci:08d}")
        out.link(commune, CG + "isPartOf", departments[department])
        epci_populations[epci] += population
        communes.append(commune)
    _write_epcis(out, rng, epci_populations)
    return communes


def _first_of(department: int, shape: Plan) -> int:
    """The index of the first commune of ``department`` (communes are dealt out in order)."""
    return -(-department * shape.communes // shape.departments)


def _write_epcis(out: TripleWriter, rng: random.Random, populations: list[int]) -> None:
    for index, population in enumerate(populations):
        siren = f"2{index:08d}"
        epci = f"{ID}epci/{siren}"
        kind = "CA" if population > 50_000 else "CC"
        _territory(out, epci, "Intercommunality", f"Communauté {place_name(rng)}")
        out.text(epci, CG + "sirenCode", siren)
        out.integer(epci, CG + "population", population)
        out.link(epci, CG + "intercommunalityKind", f"{REF}intercommunality-kind/{kind}")


def _nearby(rng: random.Random, index: int, total: int, spread: int) -> int:
    """An index close to ``index`` (neighbours in the list are neighbours on the map)."""
    return min(total - 1, max(0, index + rng.randint(-spread, spread)))


def write_actors(out: TripleWriter, rng: random.Random, communes: list[str], count: int) -> None:
    """Actors active in one or two nearby communes, cooperating with one or two others."""
    for index in range(count):
        actor = f"{ID}actor/{index:06d}"
        kind, word = ACTOR_KINDS[rng.randrange(len(ACTOR_KINDS))]
        home = index * len(communes) // count
        out.link(actor, RDF_TYPE, CG + kind)
        out.text(actor, RDFS_LABEL, f"{word} {place_name(rng)}", "fr")
        out.link(actor, CG + "activeIn", communes[home])
        elsewhere = _nearby(rng, home, len(communes), 20)
        if rng.random() < 0.3 and elsewhere != home:
            out.link(actor, CG + "activeIn", communes[elsewhere])
        partners = {_partner(rng, index, count) for _ in range(rng.randint(1, 2))} - {index}
        for other in sorted(partners):
            out.link(actor, CG + "cooperatesWith", f"{ID}actor/{other:06d}")


def _partner(rng: random.Random, index: int, count: int) -> int:
    """Mostly a neighbour, sometimes anyone."""
    return _nearby(rng, index, count, 40) if rng.random() < 0.7 else rng.randrange(count)


def write_actions(
    out: TripleWriter, rng: random.Random, communes: list[str], shape: Plan
) -> list[str]:
    """Actions carried by a nearby actor in a commune, with their effects; returns the effects
    in the order written (effects of neighbouring actions are neighbours)."""
    effects: list[str] = []
    for index in range(shape.actions):
        action = f"{ID}action/{index:06d}"
        home = _nearby(rng, index * len(communes) // shape.actions, len(communes), 3)
        actor = _nearby(rng, index * shape.actors // shape.actions, shape.actors, 5)
        label = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} à {place_name(rng)}"
        out.link(action, RDF_TYPE, CG + "Action")
        out.text(action, RDFS_LABEL, label, "fr")
        out.link(action, CG + "carriedBy", f"{ID}actor/{actor:06d}")
        out.link(action, PROV_AT_LOCATION, communes[home])
        functionality = REF + "functionality/" + rng.choice(FUNCTIONALITIES)
        out.link(action, CG + "servesFunctionality", functionality)
        for _ in range(rng.randint(1, 3)):
            effect = f"{ID}effect/{len(effects):07d}"
            _write_effect(out, rng, action, effect)
            effects.append(effect)
    return effects


def _write_effect(out: TripleWriter, rng: random.Random, action: str, effect: str) -> None:
    dimension = rng.choice(DIMENSIONS)
    out.link(effect, RDF_TYPE, CG + "Effect")
    out.text(effect, RDFS_LABEL, f"Effet sur {dimension}", "fr")
    out.link(effect, CG + "dimension", f"{REF}effect-dimension/{dimension}")
    out.link(effect, CG + "polarity", _polarity(rng))
    out.link(action, CG + "hasEffect", effect)


def _polarity(rng: random.Random) -> str:
    return REF + ("polarity/positive" if rng.random() < 0.7 else "polarity/negative")


def causal_clusters(rng: random.Random, effects: list[str]) -> Iterator[tuple[str, str]]:
    """(cause, consequence) pairs: chains of 4 to 12 neighbouring effects, a few branches,
    and about a third of the chains closed into a loop."""
    start = 0
    while start < len(effects):
        cluster = effects[start : start + rng.randint(4, 12)]
        start += len(cluster)
        for position in range(len(cluster) - 1):
            if rng.random() < 0.85:
                yield cluster[position], cluster[position + 1]
            if position + 2 < len(cluster) and rng.random() < 0.15:
                yield cluster[position], cluster[position + 2]
        if len(cluster) > 2 and rng.random() < 0.35:
            yield cluster[-1], cluster[rng.randrange(len(cluster) - 2)]


def write_causal_links(out: TripleWriter, rng: random.Random, effects: list[str]) -> None:
    """``cg:leadsTo`` between effects, each with the ``cg:CausalLink`` it abbreviates."""
    for index, (cause, consequence) in enumerate(causal_clusters(rng, effects)):
        link = f"{ID}causal-link/{index:07d}"
        out.link(cause, CG + "leadsTo", consequence)
        out.link(link, RDF_TYPE, CG + "CausalLink")
        out.link(link, CG + "cause", cause)
        out.link(link, CG + "consequence", consequence)
        out.link(link, CG + "polarity", _polarity(rng))


def write_transfers(out: TripleWriter, rng: random.Random, communes: list[str], count: int) -> None:
    """Transfers of a referential element from one commune to another, anywhere."""
    for index in range(count):
        transfer = f"{ID}transfer/{index:06d}"
        source, target = rng.sample(communes, 2)
        element = f"{REF}referential/element-{rng.randrange(40):02d}"
        out.link(transfer, RDF_TYPE, CG + "Transfer")
        out.text(transfer, RDFS_LABEL, f"Transfert {index}", "fr")
        out.link(transfer, CG + "fromTerritory", source)
        out.link(transfer, CG + "toTerritory", target)
        out.link(transfer, CG + "transfersElement", element)


def write_graph(triples: int, output: Path, seed: int = DEFAULT_SEED) -> int:
    """Write a graph of about ``triples`` triples to ``output``; returns the exact count."""
    rng = random.Random(seed)
    shape = plan(triples)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="\n") as handle:
        out = TripleWriter(handle)
        communes = write_geography(out, rng, shape)
        write_actors(out, rng, communes, shape.actors)
        effects = write_actions(out, rng, communes, shape)
        write_causal_links(out, rng, effects)
        write_transfers(out, rng, communes, shape.transfers)
    return out.count


def main() -> None:
    """Command line: ``--triples N --output FILE [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--triples", type=int, default=100_000, help="about how many triples")
    parser.add_argument("--output", type=Path, required=True, help="N-Triples file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    arguments = parser.parse_args()
    count = write_graph(arguments.triples, arguments.output, arguments.seed)
    print(f"wrote {count} triples to {arguments.output}")


if __name__ == "__main__":
    main()
