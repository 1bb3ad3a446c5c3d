"""The steward workflow on a real store: refused with a report and nothing stored, published
with its provenance, versions kept, diffs exact, rollbacks exact, inferences following."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from support.steward_content import LILLE, LOOS, ROOT, steward_file, steward_store

from coopgraph import formats, iris
from coopgraph.access.identity import Identity
from coopgraph.errors import Forbidden, InputError, NotFound, RdfSyntaxError, TooLarge
from coopgraph.reasoning import owl_rl as reasoning
from coopgraph.reasoning.engine import Prepared, owl_rl_closure
from coopgraph.reasoning.triples import Triple, Triples
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.submissions import provenance
from coopgraph.submissions.versions import Archive
from coopgraph.submissions.workflow import (
    Workspace,
    history,
    rollback,
    submission_status,
    submit,
    territory_graph,
    territory_iri,
    version_changes,
    version_ntriples,
)
from coopgraph.validation.shapes import load_shapes
from coopgraph.validation.uploads import Upload

ALICE = Identity("alice", (LOOS,))
ADMIN = Identity("root", admin=True)


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    """One store for the module: each test works on its own territory or checks no change."""
    opened = steward_store()
    yield opened
    opened.close()


@pytest.fixture
def space(store: EmbeddedStore, tmp_path: Path) -> Workspace:
    """The workflow over the module's store, with a fresh archive."""
    return Workspace(store, Archive(tmp_path), load_shapes(ROOT / "shapes"), 1_000_000)


def _upload(name: str) -> list[Upload]:
    return [Upload(steward_file(name), formats.TURTLE, name)]


def _graph(data: bytes, kind: str = "nt") -> Graph:
    return Graph().parse(data=data, format=kind)


def test_territory_names() -> None:
    assert territory_iri("id:commune/62528") == LOOS == territory_iri(f" {LOOS} ")
    assert territory_graph(LOOS) == "https://w3id.org/coopgraph/graph/submission/commune/62528"
    for bad in ("62528", "commune/../x", "https://example.org/commune/1", "Commune/1"):
        with pytest.raises(InputError, match="does not name a territory"):
            territory_iri(bad)


def test_a_broken_file_is_refused_with_its_report_and_nothing_is_stored(
    space: Workspace, store: EmbeddedStore, tmp_path: Path
) -> None:
    before = store.count()
    outcome = submit(space, ALICE, LOOS, _upload("loos-en-gohelle-broken.ttl"))
    assert outcome.version is None
    [result] = outcome.report.results
    assert (str(result.focus), str(result.path), result.severity) == (
        "https://w3id.org/coopgraph/id/effect/test-loos-local-energy",
        "https://w3id.org/coopgraph/def/polarity",
        "Violation",
    )
    assert set(result.messages) == {"fr", "en"}
    assert store.count() == before
    assert not (tmp_path / "submissions").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [(b"<a> <b> .", RdfSyntaxError), (b"# nothing", InputError), (b"x" * 2_000_000, TooLarge)],
    ids=["unparseable", "empty", "too-large"],
)
def test_bad_input_stores_nothing(
    space: Workspace, store: EmbeddedStore, data: bytes, error: type[Exception]
) -> None:
    before = store.count()
    with pytest.raises(error):
        submit(space, ALICE, LOOS, [Upload(data, formats.TURTLE, "body")])
    assert store.count() == before


def test_a_steward_may_not_describe_another_official_territory(
    space: Workspace, store: EmbeddedStore
) -> None:
    data = steward_file("loos-en-gohelle.ttl") + f'<{LILLE}> <{ROOT.as_uri()}> "x" .'.encode()
    before = store.count()
    with pytest.raises(Forbidden, match=f"describes <{LILLE}>, an official territory, which only"):
        submit(space, ALICE, LOOS, [Upload(data, formats.TURTLE, "body")])
    assert store.count() == before


def test_publish_record_diff_and_roll_back(space: Workspace, store: EmbeddedStore) -> None:
    first = submit(space, ALICE, LOOS, _upload("loos-en-gohelle.ttl")).version
    second = submit(space, ALICE, LOOS, _upload("loos-en-gohelle-v2.ttl")).version
    assert first is not None
    assert second is not None
    assert (first.number, second.number, second.agent, second.kind) == (1, 2, "alice", "submission")
    published = _graph(store.export_graph(territory_graph(LOOS), formats.N_TRIPLES))
    assert isomorphic(published, _graph(steward_file("loos-en-gohelle-v2.ttl"), "turtle"))
    changes = version_changes(space, LOOS, 1, 2)
    assert [line.split(" ", 2)[2] for line in changes.removed] == [
        '"Solar roofs of the church"@en .'
    ]
    assert sorted(line.split(" ", 2)[2] for line in changes.added) == [
        '"Mesuré en 2014."@fr .',
        '"Solar panels on the church roof"@en .',
    ]
    restored = rollback(space, ADMIN, LOOS, 1)
    assert (restored.number, restored.kind, restored.agent) == (3, "rollback", "root")
    published = _graph(store.export_graph(territory_graph(LOOS), formats.N_TRIPLES))
    assert isomorphic(published, _graph(steward_file("loos-en-gohelle.ttl"), "turtle"))
    assert version_ntriples(space, LOOS, 3) == version_ntriples(space, LOOS, 1)
    assert [v.number for v in history(space, LOOS)] == [1, 2, 3]
    assert not submission_status(space, first.submission).current
    assert submission_status(space, restored.submission).current


def test_the_record_is_prov(space: Workspace, store: EmbeddedStore) -> None:
    published = submit(space, ALICE, LOOS, _upload("loos-en-gohelle.ttl")).version
    assert published is not None
    query = f"""
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX spdx: <http://spdx.org/rdf/terms#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?activity ?name ?sum ?shapes ?when ?graph WHERE {{ GRAPH <{iris.PROVENANCE_GRAPH}> {{
            ?activity prov:wasAssociatedWith/rdfs:label ?name ;
                prov:used/spdx:checksumValue ?sum ; prov:used/owl:versionInfo ?shapes ;
                prov:generated ?version .
            ?version prov:generatedAtTime ?when ; prov:specializationOf ?graph .
        }} }}"""
    activity = provenance.activity_iri(published.submission)
    [row] = store.select(query, {"activity": activity}).rows
    sha256 = hashlib.sha256(steward_file("loos-en-gohelle.ttl")).hexdigest()
    assert [str(row[key]) for key in ("name", "sum", "shapes", "graph")] == [
        "alice",
        sha256,
        "0.1.0",
        territory_graph(LOOS),
    ]
    assert str(row["when"]).startswith(published.time[:10])


def test_the_inferred_graph_follows_the_published_one(
    space: Workspace, store: EmbeddedStore
) -> None:
    territory = "https://w3id.org/coopgraph/id/grouping/test-inference"
    submit(space, ADMIN, territory, _upload("loos-en-gohelle.ttl"))
    inferred = reasoning.inferred_graph_name(territory_graph(territory))
    assert store.has_graph(inferred)
    assert store.ask(
        f"ASK {{ GRAPH <{inferred}> {{ "
        "<https://w3id.org/coopgraph/id/effect/test-loos-local-energy> ?p ?o } }"
    )


def test_unknown_versions_and_submissions(space: Workspace) -> None:
    with pytest.raises(NotFound, match="has no version 9"):
        rollback(space, ADMIN, "https://w3id.org/coopgraph/id/grouping/none", 9)
    with pytest.raises(NotFound, match="is not a submission id"):
        submission_status(space, "../../etc/passwd")
    with pytest.raises(NotFound, match="no published submission"):
        submission_status(space, "20260101T120000Z-0a1b2c3d")


NEW_ACTION = b"""
<https://w3id.org/coopgraph/id/action/test-loos-new> a <https://w3id.org/coopgraph/def/Action> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Nouvelle action"@fr , "New action"@en ;
    <https://w3id.org/coopgraph/def/carriedBy>
        <https://w3id.org/coopgraph/id/organisation/test-loos-town-hall> ;
    <http://www.w3.org/ns/prov#atLocation> <https://w3id.org/coopgraph/id/commune/62528> .
"""


def test_a_new_description_is_reasoned_once_and_publishes_what_it_derived(
    space: Workspace, store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    territory = "https://w3id.org/coopgraph/id/grouping/test-reasoned-once"
    submit(space, ADMIN, territory, _upload("loos-en-gohelle.ttl"))  # its context reasoned
    runs: list[int] = []

    def counted(parts: Iterable[Graph | Prepared | list[Triple]]) -> Triples:
        runs.append(1)
        return owl_rl_closure(parts)

    monkeypatch.setattr(reasoning, "owl_rl_closure", counted)
    data = steward_file("loos-en-gohelle.ttl") + NEW_ACTION
    outcome = submit(space, ADMIN, territory, [Upload(data, formats.TURTLE, "new.ttl")])
    assert outcome.version is not None
    assert len(runs) == 1  # the ownership check's; its result became the inferred graph
    inferred = reasoning.inferred_graph_name(territory_graph(territory))
    published = set(store.export_graph(inferred, formats.N_TRIPLES).splitlines())
    action = b"<https://w3id.org/coopgraph/id/action/test-loos-new>"
    assert any(line.startswith(action) for line in published)
    reasoning.forget_reuse(store)
    reasoning.materialise(store, territory_graph(territory))  # from scratch: the same triples
    assert set(store.export_graph(inferred, formats.N_TRIPLES).splitlines()) == published
    assert len(runs) == 2
