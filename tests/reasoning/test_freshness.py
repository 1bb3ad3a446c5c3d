"""Inferred graphs follow their source's version: a write whose reasoning never ran (a crash
in between) is reasoned at the next start; an up-to-date store is not reasoned again."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ADMIN_TOKEN, REPOSITORY_ROOT, make_settings, running_client
from support.steward_content import content_root, steward_file
from support.virtuoso import open_test_store

from coopgraph import formats, iris
from coopgraph.content.loading import synchronise
from coopgraph.reasoning import freshness
from coopgraph.reasoning.owl_rl import follow_synchronisation, inferred_graph_name
from coopgraph.store.base import Store
from coopgraph.store.embedded import EmbeddedStore

CG = "https://w3id.org/coopgraph/def/"
ID = "https://w3id.org/coopgraph/id/"
PLACES = f"<{ID}commune/1> a <{CG}Commune> .\n"
PLACES_GRAPH = iris.DATA_GRAPH_BASE + "places"
TERRITORY = iris.SUBMISSION_GRAPH_BASE + "commune/62528"
LATE = f"<{ID}commune/written-before-the-crash>"
A_COMMUNE = f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CG}Commune> .\n"


@pytest.fixture(params=["embedded", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store, once embedded and once on Virtuoso."""
    yield from open_test_store(request.param, request)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A project folder: the real ontology, and one data file of places."""
    shutil.copytree(REPOSITORY_ROOT / "ontology", tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "places.ttl").write_text(PLACES)
    return tmp_path


def _is_territory(store: Store, iri: str, graph: str) -> bool:
    return store.ask(f"ASK {{ GRAPH <{graph}> {{ {iri} a <{CG}Territory> }} }}")


def test_an_up_to_date_store_is_not_reasoned_again(store: Store, content: Path) -> None:
    synchronise(store, content)
    store.replace_graph(TERRITORY, f"<{ID}commune/2> a <{CG}Commune> .".encode(), formats.TURTLE)
    follow_synchronisation(store, [], [])
    assert follow_synchronisation(store, [], []) == []
    assert freshness.stale(store, [PLACES_GRAPH, TERRITORY]) == []


def test_a_source_written_without_its_reasoning_is_reasoned_again(
    store: Store, content: Path
) -> None:
    synchronise(store, content)
    store.replace_graph(TERRITORY, f"{LATE} {A_COMMUNE}".encode(), formats.N_TRIPLES)
    assert freshness.stale(store, [TERRITORY]) == [TERRITORY]
    redone = follow_synchronisation(store, [], [])
    assert [inference.source for inference in redone] == [TERRITORY]
    assert _is_territory(store, LATE, inferred_graph_name(TERRITORY))


def test_a_dropped_inferred_graph_takes_its_record_along(store: Store, content: Path) -> None:
    synchronise(store, content)
    (content / "data" / "places.ttl").unlink()
    synchronise(store, content)
    assert PLACES_GRAPH not in freshness.recorded_versions(store)
    assert inferred_graph_name(PLACES_GRAPH) not in store.graph_names()


def test_a_restart_repairs_what_a_crash_left_behind(tmp_path: Path) -> None:
    """Publish through the app; write the territory's graph again without its reasoning, as a
    crash between the two transactions would leave it; the next start reasons it."""
    settings = make_settings(
        store=str(tmp_path / "store"),
        load_content=True,
        content_root=content_root(tmp_path / "project"),
        private_folder=tmp_path / "private",
    )
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "text/turtle"}
    with running_client(settings) as client:
        published = client.post(
            "/submissions",
            params={"territory": "commune/62528"},
            content=steward_file("loos-en-gohelle.ttl"),
            headers=admin,
        )
        assert published.status_code == 201, published.text
    crashed = EmbeddedStore.on_disk(tmp_path / "store")
    source = crashed.export_graph(TERRITORY, formats.N_TRIPLES)
    crashed.replace_graph(TERRITORY, source + f"{LATE} {A_COMMUNE}".encode(), formats.N_TRIPLES)
    assert not _is_territory(crashed, LATE, inferred_graph_name(TERRITORY))
    crashed.close()
    with running_client(settings):
        pass
    restarted = EmbeddedStore.on_disk(tmp_path / "store")
    try:
        assert _is_territory(restarted, LATE, inferred_graph_name(TERRITORY))
        assert freshness.stale(restarted, [TERRITORY]) == []
    finally:
        restarted.close()
