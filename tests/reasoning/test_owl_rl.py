"""OWL 2 RL reasoning: one inferred graph per source, kept apart, recomputed on change,
inconsistencies with their triples; on the embedded store and on Virtuoso."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPOSITORY_ROOT, make_settings, running_client
from rdflib import Graph, URIRef
from support.steward_content import steward_store
from support.virtuoso import open_test_store
from typer.testing import CliRunner

from coopgraph import formats, iris
from coopgraph.cli.main import app
from coopgraph.content.loading import synchronise
from coopgraph.iris import DATA_GRAPH_BASE, ONTOLOGY_GRAPH
from coopgraph.reasoning import owl_rl as reasoning
from coopgraph.reasoning.closure import LARGE_SOURCE
from coopgraph.store.base import AnswerFormats, Store
from coopgraph.store.embedded import EmbeddedStore

CG = "https://w3id.org/coopgraph/def/"
EX = "http://example.org/"
ID = "https://w3id.org/coopgraph/id/"
PLACES = f"""
@prefix cg: <{CG}> .
@prefix id: <{ID}> .
<{ID}commune/1> a cg:Commune ; cg:isPartOf <{ID}epci/1> .
<{ID}epci/1> a cg:Intercommunality ; cg:isPartOf <{ID}department/1> .
<{ID}department/1> a cg:Department .
"""
CONFUSED = f"""
@prefix cg: <{CG}> .
<{ID}person/who> a cg:Person , cg:Organisation .
"""
PLACES_GRAPH = DATA_GRAPH_BASE + "places"
PLACES_INFERRED = iris.INFERRED_BASE + "data/places"
_JSON = AnswerFormats(formats.SPARQL_JSON, None)


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


def ask(store: Store, pattern: str, graph: str | None = None) -> bool:
    """Does the pattern hold (in ``graph``, or in the union default graph)?"""
    where = f"GRAPH <{graph}> {{ {pattern} }}" if graph else pattern
    return store.ask(f"PREFIX cg: <{CG}> ASK {{ {where} }}")


def test_synchronise_materialises_what_the_ontology_implies(store: Store, content: Path) -> None:
    synchronise(store, content)
    assert ask(store, f"<{ID}commune/1> a cg:Territory", PLACES_INFERRED)
    assert ask(store, f"<{ID}commune/1> cg:isPartOf <{ID}department/1>", PLACES_INFERRED)
    assert ask(store, f"<{ID}department/1> cg:hasPart <{ID}commune/1>", PLACES_INFERRED)
    assert not ask(store, f"<{ID}commune/1> cg:isPartOf <{ID}epci/1>", PLACES_INFERRED)
    assert ask(store, f"<{ID}commune/1> a cg:Territory")
    assert PLACES_INFERRED in store.graph_names()
    assert reasoning.inferred_graph_name(ONTOLOGY_GRAPH) in store.graph_names()


def test_a_changed_source_gets_its_inferences_again(store: Store, content: Path) -> None:
    synchronise(store, content)
    (content / "data" / "places.ttl").write_text(
        PLACES.replace(f"<{ID}department/1> .", f"<{ID}region/1> .")
    )
    synchronise(store, content)
    assert ask(store, f"<{ID}commune/1> cg:isPartOf <{ID}region/1>", PLACES_INFERRED)
    assert not ask(store, f"<{ID}commune/1> cg:isPartOf <{ID}department/1>", PLACES_INFERRED)
    (content / "data" / "places.ttl").unlink()
    synchronise(store, content)
    assert PLACES_INFERRED not in store.graph_names()


def test_inconsistencies_come_with_their_triples(store: Store, content: Path) -> None:
    (content / "data" / "confused.ttl").write_text(CONFUSED)
    synchronise(store, content)
    inference = reasoning.materialise(store, DATA_GRAPH_BASE + "confused")
    assert len(inference.inconsistencies) == 1
    finding = inference.inconsistencies[0]
    assert "disjoint" in finding.message
    person = URIRef(ID + "person/who")
    assert {str(t[2]) for t in finding.triples} == {CG + "Person", CG + "Organisation"}
    assert all(t[0] == person for t in finding.triples)


def test_asserted_only_leaves_the_inferred_graphs_out(store: Store, content: Path) -> None:
    synchronise(store, content)
    dataset = reasoning.asserted_only(store)
    assert PLACES_GRAPH in dataset.default_graphs
    assert not any(reasoning.is_inferred(g) for g in dataset.default_graphs)
    query = f"ASK {{ <{ID}commune/1> a <{CG}Territory> }}"
    answer = store.answer(query, _JSON, dataset)
    assert b"false" in answer.body


def test_the_sparql_endpoint_asks_for_asserted_triples_only(content: Path) -> None:
    settings = make_settings(load_content=True, content_root=content)
    query = f"ASK {{ <{ID}commune/1> a <{CG}Territory> }}"
    accept = {"Accept": formats.SPARQL_JSON}
    with running_client(settings) as client:
        default = client.get("/sparql", params={"query": query}, headers=accept)
        asserted = client.get(
            "/sparql", params={"query": query, "inference": "false"}, headers=accept
        )
        posted = client.post("/sparql", data={"query": query, "inference": "false"}, headers=accept)
        wrong = client.get("/sparql", params={"query": query, "inference": "maybe"})
    assert default.json()["boolean"] is True
    assert asserted.json()["boolean"] is False
    assert posted.json()["boolean"] is False
    assert wrong.status_code == 400
    assert "maybe" in wrong.text


def test_the_reason_command_reports_inconsistencies(content: Path, tmp_path: Path) -> None:
    (content / "data" / "confused.ttl").write_text(CONFUSED)
    folder = str(tmp_path / "store")
    runner = CliRunner()
    env = {"COOPGRAPH_CONTENT_ROOT": str(content)}
    assert runner.invoke(app, ["sync", "--store", folder], env=env).exit_code == 0
    result = runner.invoke(app, ["reason", "--store", folder], env=env)
    assert result.exit_code == 1
    assert "inconsistent" in result.output
    assert f"<{ID}person/who>" in result.output
    assert "1 inconsistencies" in result.output


@pytest.mark.slow
def test_the_geography_hierarchy_is_closed(store: Store) -> None:
    report = synchronise(store, REPOSITORY_ROOT)
    geography = next(g for g in report.loaded if "geography" in g)
    inferred = reasoning.inferred_graph_name(geography)
    communes_in_regions = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{inferred}> {{ ?c <{CG}isPartOf> ?r }} "
        f"GRAPH <{geography}> {{ ?r a <{CG}Region> . ?c a <{CG}Commune> }} }}"
    )
    assert int(str(store.select(communes_in_regions).rows[0]["n"])) > 30_000
    assert ask(store, f"<{ID}commune/62528> a <{CG}Territory>", inferred)


@pytest.mark.slow
def test_the_large_source_reasoned_beside_the_others_is_reported_in_order(
    tmp_path: Path,
) -> None:
    """The geography's closure runs in a thread of its own while the small sources are
    reasoned: every inferred graph is written whole, and reported in the sources' order."""
    store = EmbeddedStore.on_disk(tmp_path / "store")
    synchronise(store, REPOSITORY_ROOT)
    inferences = reasoning.rebuild(store)
    assert [i.source for i in inferences] == reasoning.reasoned_sources(store)
    assert any(i.triples > LARGE_SOURCE // 2 for i in inferences)
    for inference in inferences:
        assert store.count(inference.graph) == inference.triples
    store.close()


def test_a_derivation_writes_nothing_and_is_what_materialising_writes() -> None:
    store = steward_store()
    source = Graph().parse(data=PLACES, format="turtle")
    before = store.count()
    data, found = reasoning.derivation(store, PLACES_GRAPH, source)
    assert store.count() == before
    assert found == ()
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    assert f"<{ID}commune/1> {rdf_type} <{CG}Commune> .".encode() not in data  # asserted
    assert f"<{ID}commune/1> {rdf_type} <{CG}Territory> .".encode() in data
    assert f"<{ID}department/1> <{CG}hasPart> <{ID}epci/1> .".encode() in data
    store.replace_graph(PLACES_GRAPH, source.serialize(format="nt", encoding="utf-8"),
                        formats.N_TRIPLES)  # fmt: skip
    reasoning.materialise(store, PLACES_GRAPH)
    written = store.export_graph(PLACES_INFERRED, formats.N_TRIPLES)
    assert set(written.splitlines()) == set(data.splitlines())
