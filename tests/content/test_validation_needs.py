"""What `coopgraph validate --store memory` loads: the ontology, the shapes, the data files but
the geography, and of the geography only the territories named and those they are part of."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from coopgraph import iris
from coopgraph.content import load_validation_needs
from coopgraph.content.validation_needs import Named
from coopgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
CG = iris.TERM_BASE
COMMUNE = iris.IDENTIFIER_BASE + "commune/"
GEOGRAPHY = iris.GEOGRAPHY_GRAPH_BASE + "geography-2026"


def _submission(*triples: tuple[str, str, str | Literal]) -> Graph:
    graph = Graph()
    for subject, predicate, value in triples:
        graph.add((URIRef(subject), URIRef(predicate), value if isinstance(value, Literal)
                   else URIRef(value)))  # fmt: skip
    return graph


def _subjects(store: EmbeddedStore) -> set[str]:
    rows = store.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{GEOGRAPHY}> {{ ?s ?p ?o }} }}")
    return {str(row["s"]) for row in rows}


@pytest.fixture(scope="module")
def loaded() -> tuple[EmbeddedStore, list[str], int]:
    """Malaunay named by IRI, Loos-en-Gohelle by its INSEE code."""
    submission = _submission(
        ("https://example.org/a", "http://www.w3.org/ns/prov#atLocation", COMMUNE + "76402"),
        ("https://example.org/t", CG + "inseeCode", Literal("62528")),
    )
    store, told = EmbeddedStore.in_memory(), list[str]()
    count = load_validation_needs(store, ROOT, submission, told.append)
    return store, told, count


def test_the_named_territories_and_their_parents_only(
    loaded: tuple[EmbeddedStore, list[str], int],
) -> None:
    store, _told, _count = loaded
    subjects = _subjects(store)
    assert {COMMUNE + "76402", COMMUNE + "62528"} <= subjects
    assert iris.IDENTIFIER_BASE + "department/76" in subjects
    assert iris.IDENTIFIER_BASE + "region/28" in subjects  # Normandie, the department's
    assert len(subjects) < 12


def test_the_ontology_shapes_and_seed_data_as_they_are(
    loaded: tuple[EmbeddedStore, list[str], int],
) -> None:
    store, told, count = loaded
    for graph in (iris.ONTOLOGY_GRAPH, iris.SHAPES_GRAPH, iris.DATA_GRAPH_BASE + "seed/malaunay"):
        assert store.has_graph(graph)
    assert not any("inferred" in name for name in store.graph_names())
    assert 1_000 < count < 20_000
    assert any("2 territories named" in line for line in told)
    assert any(line.startswith("chargement de ontology/ / loading ontology/") for line in told)


def test_an_unknown_code_brings_the_names_of_its_kind(tmp_path: Path) -> None:
    """For the "did you mean" of a territory the geography lacks."""
    submission = _submission(
        ("https://example.org/a", "http://www.w3.org/ns/prov#atLocation", COMMUNE + "76999")
    )
    store = EmbeddedStore.in_memory()
    load_validation_needs(store, ROOT, submission)
    names = store.select(
        f"SELECT ?name WHERE {{ GRAPH <{GEOGRAPHY}> {{ <{COMMUNE}76402> ?p ?name }} }}"
    )
    assert [str(row["name"]) for row in names] == ["Malaunay"]
    assert COMMUNE + "76999" not in _subjects(store)


def test_named_reads_iris_and_codes() -> None:
    named = Named.of(_submission(
        (COMMUNE + "62528", CG + "isPartOf", iris.IDENTIFIER_BASE + "epci/200033025"),
        ("https://example.org/e", CG + "sirenCode", Literal("200033025")),
        ("https://example.org/x", CG + "partner", "https://example.org/y"),
    ))  # fmt: skip
    assert named.iris == {COMMUNE + "62528", iris.IDENTIFIER_BASE + "epci/200033025"}
    assert named.codes == {"200033025"}
