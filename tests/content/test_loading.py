"""Synchronising the store with a project folder: load, skip, replace, drop, refuse; the
illustrative examples left out unless asked, and marked in answers and pages when loaded."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPOSITORY_ROOT, make_settings, running_client
from fastapi.testclient import TestClient
from rdflib import URIRef
from support.steward_content import content_root

from coopgraph import formats
from coopgraph.content.loading import data_graph_name, synchronise
from coopgraph.errors import RdfSyntaxError
from coopgraph.iris import (
    CATALOG_GRAPH,
    DATA_GRAPH_BASE,
    EXAMPLES_GRAPH_BASE,
    INFERRED_BASE,
    ONTOLOGY_GRAPH,
    SHAPES_GRAPH,
)
from coopgraph.reasoning.owl_rl import is_inferred
from coopgraph.store.embedded import EmbeddedStore

PREFIX = "@prefix ex: <http://example.org/> .\n"
GRAPH_A = DATA_GRAPH_BASE + "a"
GRAPH_B = DATA_GRAPH_BASE + "sub/b"
GRAPH_C = DATA_GRAPH_BASE + "c"
GRAPH_EXAMPLE = EXAMPLES_GRAPH_BASE + "sub/e"


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


def _with_example(root: Path) -> Path:
    _write(root / "data" / "examples" / "sub" / "e.ttl", PREFIX + "ex:e1 a ex:Commune .\n")
    return root


def test_examples_are_left_out_unless_asked(root: Path, store: EmbeddedStore) -> None:
    report = synchronise(store, _with_example(root))
    assert not [g for g in report.loaded if "examples" in g]
    assert not [g for g in store.graph_names() if "examples" in g]


def test_examples_asked_for_go_under_graph_examples(root: Path, store: EmbeddedStore) -> None:
    messages: list[str] = []
    report = synchronise(store, _with_example(root), messages.append, examples=True)
    assert GRAPH_EXAMPLE in report.loaded
    assert _subjects(store, GRAPH_EXAMPLE) == {"e1"}
    assert store.has_graph(INFERRED_BASE + "examples/sub/e")
    assert f"loading data/examples/sub/e.ttl into <{GRAPH_EXAMPLE}>" in messages


def test_examples_no_longer_asked_for_are_dropped(root: Path, store: EmbeddedStore) -> None:
    synchronise(store, _with_example(root), examples=True)
    report = synchronise(store, root)
    assert report.dropped == [GRAPH_EXAMPLE]
    assert not [g for g in store.graph_names() if "examples" in g]
    assert synchronise(store, root, examples=True).loaded == [GRAPH_EXAMPLE]


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


# The examples on a running app: answers and pages that draw on them say so. -----------------

ID = "https://w3id.org/coopgraph/id/"
LOOS = ID + "commune/62528"
EXAMPLE_ACTION = "/id/action/loos-eco-renovation"
SEED_MILESTONE = "/id/milestone/loos-en-gohelle-gohelliades"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ontology, shapes, queries, the sample geography, data/seed and data/examples."""
    folder = content_root(tmp_path_factory.mktemp("examples") / "project")
    for name in ("seed", "examples"):
        shutil.copytree(REPOSITORY_ROOT / "data" / name, folder / "data" / name)
    return folder


@pytest.fixture(scope="module")
def with_examples(project: Path) -> Iterator[TestClient]:
    """The app with the examples loaded."""
    settings = make_settings(load_content=True, content_root=project, examples=True)
    with running_client(settings) as client:
        yield client


@pytest.fixture(scope="module")
def facts_only(project: Path) -> Iterator[TestClient]:
    """The app on the same folder, by default: the examples left out."""
    with running_client(make_settings(load_content=True, content_root=project)) as client:
        yield client


def test_by_default_the_examples_are_not_loaded(facts_only: TestClient) -> None:
    assert facts_only.get(EXAMPLE_ACTION + ".html").status_code == 404
    body = facts_only.get("/api/integrated-actions", params={"territory": LOOS}).json()
    actions = {row["action"]["iri"] for row in body["results"]}
    assert actions, "the sourced seed holds integrated actions of Loos-en-Gohelle"
    assert ID + "action/loos-eco-renovation" not in actions
    assert body["illustrative"] is False
    assert "notice" not in body


def test_an_answer_naming_examples_says_it_is_illustrative(with_examples: TestClient) -> None:
    answers = {
        lang: with_examples.get(
            "/api/integrated-actions", params={"territory": LOOS, "lang": lang}
        ).json()
        for lang in ("fr", "en")
    }
    assert ID + "action/loos-eco-renovation" in {
        row["action"]["iri"] for row in answers["en"]["results"]
    }
    assert all(body["illustrative"] is True for body in answers.values())
    assert answers["fr"]["notice"].startswith("Exemple illustratif")
    assert answers["en"]["notice"].startswith("Illustrative example")


def test_an_answer_on_facts_only_is_not_marked(with_examples: TestClient) -> None:
    body = with_examples.get("/api/territory-trajectory", params={"territory": LOOS}).json()
    assert body["results"]
    assert body["illustrative"] is False


def test_the_page_of_an_example_shows_the_notice(with_examples: TestClient) -> None:
    page = with_examples.get(EXAMPLE_ACTION + ".html", params={"lang": "en"})
    assert page.status_code == 200
    assert 'id="illustrative"' in page.text
    assert "Illustrative example: these data are invented" in page.text
    assert "https://w3id.org/coopgraph/graph/examples/actions-and-effects" in page.text


def test_the_page_of_a_seed_fact_shows_no_notice(with_examples: TestClient) -> None:
    page = with_examples.get(SEED_MILESTONE + ".html")
    assert page.status_code == 200
    assert 'id="illustrative"' not in page.text
