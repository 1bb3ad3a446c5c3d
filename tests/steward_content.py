"""A small project for the submission tests: the real ontology and shapes, a sample geography.

The whole geography takes a minute to load; the sample (tests/submissions/steward/) holds the
official territories the steward files name, so a store or a server is ready in seconds.
"""

from __future__ import annotations

from pathlib import Path

from coopgraph import formats, loading
from coopgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
STEWARD = ROOT / "tests" / "submissions" / "steward"
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
        if source.graph == loading.ONTOLOGY_GRAPH:
            loading.load_source(store, source)
    graph = loading.DATA_GRAPH_BASE + "geography/sample"
    store.load(steward_file(GEOGRAPHY_SAMPLE), formats.N_TRIPLES, graph)
    return store
