"""Synchronising the store with a project folder: load, skip, replace, drop, refuse."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from rdflib import URIRef

from coopgraph import formats
from coopgraph.content.loading import data_graph_name, synchronise
from coopgraph.errors import RdfSyntaxError
from coopgraph.iris import CATALOG_GRAPH, DATA_GRAPH_BASE, ONTOLOGY_GRAPH, SHAPES_GRAPH
from coopgraph.reasoning.owl_rl import is_inferred
from coopgraph.store.embedded import EmbeddedStore

PREFIX = "@prefix ex: <http://example.org/> .\n"
GRAPH_A = DATA_GRAPH_BASE + "a"
GRAPH_B = DATA_GRAPH_BASE + "sub/b"
GRAPH_C = DATA_GRAPH_BASE + "c"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small project: two ontology files, one shapes file, three data files, two others."""
    _write(tmp_path / "ontology" / "core.ttl", PREFIX + "ex:Commune a ex:Class .\n")
    _write(tmp_path / "ontology" / "extra.ttl", PREFIX + "ex:Actor a ex:Class .\n")
    _write(tmp_path / "shapes" / "shapes.ttl", PREFIX + "ex:CommuneShape a ex:Shape .\n")
    _write(tmp_path / "data" / "a.ttl", PREFIX + "ex:a1 ex:p 1 .\nex:a2 ex:p 2 .\n")
    _write(
        tmp_path / "data" / "sub" / "b.nt.gz",
        "<http://example.org/b1> <http://example.org/p> <http://example.org/b2> .\n",
    )
    _write(
        tmp_path / "data" / "c.jsonld",
        '{"@id": "http://example.org/c1", "http://example.org/p": "c"}',
    )
    _write(tmp_path / "data" / "README.txt", "not RDF")
    _write(tmp_path / "data" / "settings.json", "{}")
    return tmp_path


@pytest.fixture
def store() -> EmbeddedStore:
    """An empty store in memory."""
    return EmbeddedStore.in_memory()


def _subjects(store: EmbeddedStore, graph: str) -> set[str]:
    table = store.select(
        "SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph)}
    )
    return {str(row["s"]).removeprefix("http://example.org/") for row in table}


def test_the_first_run_loads_every_source(root: Path, store: EmbeddedStore) -> None:
    messages: list[str] = []
    report = synchronise(store, root, messages.append)
    assert report.loaded == [ONTOLOGY_GRAPH, SHAPES_GRAPH, GRAPH_A, GRAPH_C, GRAPH_B]
    assert (report.unchanged, report.dropped) == ([], [])
    assert [g for g in store.graph_names() if not is_inferred(g)] == sorted(
        [CATALOG_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, GRAPH_A, GRAPH_B, GRAPH_C]
    )
    assert _subjects(store, ONTOLOGY_GRAPH) == {"Commune", "Actor"}
    assert _subjects(store, SHAPES_GRAPH) == {"CommuneShape"}
    assert _subjects(store, GRAPH_A) == {"a1", "a2"}
    assert _subjects(store, GRAPH_B) == {"b1"}
    assert _subjects(store, GRAPH_C) == {"c1"}
    assert "loading data/a.ttl into <https://w3id.org/coopgraph/graph/data/a>" in messages
    assert "loaded 2 triples from data/a.ttl" in messages


def test_the_second_run_changes_nothing(root: Path, store: EmbeddedStore) -> None:
    first = synchronise(store, root)
    generation = store.generation()
    second = synchronise(store, root)
    assert second.loaded == []
    assert sorted(second.unchanged) == sorted(first.loaded)
    assert second.dropped == []
    assert store.generation() == generation


def test_a_changed_file_replaces_its_graph(root: Path, store: EmbeddedStore) -> None:
    synchronise(store, root)
    _write(root / "data" / "a.ttl", PREFIX + "ex:a3 ex:p 3 .\n")
    report = synchronise(store, root)
    assert report.loaded == [GRAPH_A]
    assert _subjects(store, GRAPH_A) == {"a3"}
    assert _subjects(store, GRAPH_B) == {"b1"}


def test_a_changed_ontology_file_replaces_the_whole_ontology(
    root: Path, store: EmbeddedStore
) -> None:
    synchronise(store, root)
    (root / "ontology" / "extra.ttl").unlink()
    report = synchronise(store, root)
    assert report.loaded == [ONTOLOGY_GRAPH]
    assert _subjects(store, ONTOLOGY_GRAPH) == {"Commune"}


def test_a_removed_file_drops_its_graph(root: Path, store: EmbeddedStore) -> None:
    synchronise(store, root)
    (root / "data" / "sub" / "b.nt.gz").unlink()
    report = synchronise(store, root)
    assert report.dropped == [GRAPH_B]
    assert not store.has_graph(GRAPH_B)
    assert synchronise(store, root).dropped == []


@pytest.mark.parametrize(
    ("relative", "text", "line"),
    [
        ("data/a.ttl", PREFIX + "ex:a1 ex:p 1 .\nex:a2 ex:p ", 3),
        ("data/sub/b.nt.gz", "<http://example.org/b1> <http://example.org/p> .\n", 1),
        ("shapes/shapes.ttl", PREFIX + "\nex:CommuneShape a", 3),
    ],
    ids=["turtle", "gzipped-n-triples", "shapes"],
)
def test_a_broken_file_is_named_with_its_line_and_leaves_the_graph(
    root: Path, store: EmbeddedStore, relative: str, text: str, line: int
) -> None:
    synchronise(store, root)
    backup = store.export_graph(CATALOG_GRAPH, formats.N_TRIPLES)
    before = {graph: _subjects(store, graph) for graph in store.graph_names()}
    _write(root / relative, text)
    with pytest.raises(RdfSyntaxError, match=rf"{relative.split('/')[0]}.* line {line}") as caught:
        synchronise(store, root)
    assert caught.value.line == line
    assert {graph: _subjects(store, graph) for graph in store.graph_names()} == before
    assert store.export_graph(CATALOG_GRAPH, formats.N_TRIPLES) == backup


def test_a_broken_file_among_several_ontology_files_is_named(
    root: Path, store: EmbeddedStore
) -> None:
    synchronise(store, root)
    _write(root / "ontology" / "extra.ttl", PREFIX + "ex:Actor a ex:Class .\nex:Actor a")
    with pytest.raises(RdfSyntaxError, match=r"extra\.ttl.*line 3"):
        synchronise(store, root)
    assert _subjects(store, ONTOLOGY_GRAPH) == {"Commune", "Actor"}


@pytest.mark.parametrize(
    ("relative", "graph"),
    [
        ("data/a.ttl", "a"),
        ("data/geography/geography-2026.nt.gz", "geography/geography-2026"),
        ("data/submissions/2026/lyon.v2.ttl", "submissions/2026/lyon"),
        ("data/c.jsonld", "c"),
    ],
    ids=["top-level", "gzipped", "nested-with-dots", "json-ld"],
)
def test_graph_names_follow_the_path_under_data(relative: str, graph: str) -> None:
    assert data_graph_name(Path("data"), Path(relative)) == DATA_GRAPH_BASE + graph


def test_the_loaded_graphs_are_named_by_data_graph_name(root: Path, store: EmbeddedStore) -> None:
    synchronise(store, root)
    data = root / "data"
    expected = {
        data_graph_name(data, data / "a.ttl"),
        data_graph_name(data, data / "sub" / "b.nt.gz"),
        data_graph_name(data, data / "c.jsonld"),
    }
    assert {g for g in store.graph_names() if g.startswith(DATA_GRAPH_BASE)} == expected


def test_several_ontology_files_keep_their_blank_nodes_apart(
    root: Path, store: EmbeddedStore
) -> None:
    _write(root / "ontology" / "core.ttl", PREFIX + '_:b ex:label "one" .\n')
    _write(root / "ontology" / "extra.ttl", PREFIX + '_:b ex:label "two" .\n')
    synchronise(store, root)
    labels = store.select(
        "SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s <http://example.org/label> ?o } }",
        {"g": URIRef(ONTOLOGY_GRAPH)},
    )
    assert len(labels) == 2


def test_several_shapes_files_in_json_ld_and_turtle_load(root: Path, store: EmbeddedStore) -> None:
    _write(
        root / "shapes" / "more.jsonld",
        '{"@id": "http://example.org/MoreShape", "@type": "http://example.org/Shape"}',
    )
    synchronise(store, root)
    assert _subjects(store, SHAPES_GRAPH) == {"CommuneShape", "MoreShape"}
