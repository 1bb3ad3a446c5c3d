"""A small project for the submission tests: the real ontology and shapes, a sample geography.

The whole geography takes a minute to load; the sample (tests/data/submissions/steward/) holds the
official territories the steward files name, so a store or a server is ready in seconds.
"""

from __future__ import annotations

from pathlib import Path

from coopgraph import formats, iris
from coopgraph.content import loading
from coopgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
STEWARD = ROOT / "tests" / "data" / "submissions" / "steward"
LOOS = "https://w3id.org/coopgraph/id/commune/62528"
LILLE = "https://w3id.org/coopgraph/id/commune/59350"
GEOGRAPHY_SAMPLE = "geography-sample.nt"
MAX_SUBMISSION_BYTES = 200_000
"""COOPGRAPH_MAX_VALIDATION_BYTES of the steward servers."""


def steward_file(name: str) -> bytes:
    """The bytes of one of the steward's files."""
    return (STEWARD / name).read_bytes()


def content_root(folder: Path) -> Path:
    """A project folder in ``folder``: links to ontology/, shapes/, queries/, and a data/
    folder holding the sample geography only."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "shapes", "queries"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    geography = folder / "data" / "geography"
    geography.mkdir(parents=True)
    (geography / "sample.nt").write_bytes(steward_file(GEOGRAPHY_SAMPLE))
    return folder


def steward_store() -> EmbeddedStore:
    """A store in memory with the ontology and the sample geography, each in its graph."""
    store = EmbeddedStore.in_memory()
    for source in loading.project_sources(ROOT):
        if source.graph == iris.ONTOLOGY_GRAPH:
            loading.load_source(store, source)
    graph = iris.DATA_GRAPH_BASE + "geography/sample"
    store.load(steward_file(GEOGRAPHY_SAMPLE), formats.N_TRIPLES, graph)
    return store


def many_actions(count: int) -> bytes:
    """N-Triples: ``count`` actions with their actor, effect and date, in Loos-en-Gohelle."""
    lines = []
    for n in range(count):
        action, actor, effect = (
            f"<https://w3id.org/coopgraph/id/{kind}/test-big-{n}>"
            for kind in ("action", "organisation", "effect")
        )
        cg, label = "https://w3id.org/coopgraph/def/", "http://www.w3.org/2000/01/rdf-schema#label"
        lines += [
            f"{action} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{cg}Action> .",
            f'{action} <{label}> "Action {n}"@fr .',
            f'{action} <{label}> "Action {n} (en)"@en .',
            f"{action} <{cg}carriedBy> {actor} .",
            f"{action} <http://www.w3.org/ns/prov#atLocation> <{LOOS}> .",
            f"{action} <{cg}hasEffect> {effect} .",
            f"{actor} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{cg}Organisation> .",
            f'{actor} <{label}> "Acteur {n}"@fr .',
            f'{actor} <{label}> "Actor {n}"@en .',
            f"{effect} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{cg}Effect> .",
            f'{effect} <{label}> "Effet {n}"@fr .',
            f'{effect} <{label}> "Effect {n}"@en .',
            f"{effect} <{cg}effectOf> {action} .",
        ]
    return ("\n".join(lines) + "\n").encode()


def many_described_actions(count: int) -> bytes:
    """Turtle that conforms to the shapes: Loos-en-Gohelle's description with ``count`` more
    actions, each with its date (a blank node) and its effect, about 17 triples an action."""
    actions = [
        f"""action:test-many-{n} a cg:Action ;
    rdfs:label "Action {n}"@fr , "Action {n} (en)"@en ;
    cg:carriedBy org:test-loos-town-hall ; prov:atLocation commune:62528 ;
    cg:hasEffect effect:test-many-{n} ;
    time:hasTime [ a time:Instant ; time:inXSDgYear "{2000 + n % 25}"^^xsd:gYear ] .
effect:test-many-{n} a cg:Effect ; rdfs:label "Effet {n}"@fr , "Effect {n}"@en ;
    cg:effectOf action:test-many-{n} ; cg:dimension dimension:social ;
    cg:polarity polarity:positive ;
    cg:epistemicStatus <https://w3id.org/coopgraph/ref/epistemic-status/expected> .
"""
        for n in range(count)
    ]
    return steward_file("loos-en-gohelle.ttl") + "".join(actions).encode()
