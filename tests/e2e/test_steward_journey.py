"""End to end on a live server: a steward is refused with a useful report, fixes the file,
publishes; the description and its provenance answer at /sparql; another steward cannot touch
it, an admin can; versions, diffs and rollbacks are exact; bad input stores nothing. Twice: on
the embedded store, and with COOPGRAPH_STORE naming Virtuoso (skipped where it is not
installed)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from conftest import LiveServer, StartServer
from rdflib import Graph
from rdflib.compare import isomorphic
from support.steward_content import (
    LILLE,
    LOOS,
    MAX_SUBMISSION_BYTES,
    content_root,
    many_described_actions,
    steward_file,
)
from support.virtuoso import Virtuoso, empty

pytestmark = pytest.mark.slow
COMMAND = str(Path(sys.executable).parent / "coopgraph")
LOOS_GRAPH = "https://w3id.org/coopgraph/graph/submission/commune/62528"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
PROVENANCE = f"""
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX spdx: <http://spdx.org/rdf/terms#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?who ?when ?sha256 ?shapes WHERE {{
    ?version prov:specializationOf <{LOOS_GRAPH}> ; prov:generatedAtTime ?when ;
        prov:wasGeneratedBy ?activity .
    ?activity prov:wasAssociatedWith/rdfs:label ?who ; prov:used/spdx:checksumValue ?sha256 ;
        prov:used/owl:versionInfo ?shapes .
}}"""
LABEL = """
SELECT ?label WHERE { <https://w3id.org/coopgraph/id/action/test-loos-solar-roofs>
    <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER (lang(?label) = "en") }"""


@dataclass(frozen=True)
class Site:
    """A live server, and the settings that lead ``coopgraph token`` to its private folder."""

    server: LiveServer
    environment: dict[str, str]


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The session's steward server on the embedded store, or one on Virtuoso."""
    if request.param == "embedded":
        server: LiveServer = request.getfixturevalue("steward_server")
        yield Site(server, {"COOPGRAPH_STORE": str(server.store)})
        return
    virtuoso: Virtuoso = request.getfixturevalue("virtuoso")
    start_server: StartServer = request.getfixturevalue("start_server")
    private = tmp_path_factory.mktemp("private")
    empty(virtuoso.store())
    with start_server(
        **virtuoso.environment(),
        COOPGRAPH_LOAD_CONTENT="true",
        COOPGRAPH_CONTENT_ROOT=str(content_root(tmp_path_factory.mktemp("virtuoso-project"))),
        COOPGRAPH_MAX_VALIDATION_BYTES=str(MAX_SUBMISSION_BYTES),
        COOPGRAPH_PRIVATE_FOLDER=str(private),
    ) as served:
        yield Site(served, {"COOPGRAPH_PRIVATE_FOLDER": str(private)})
    empty(virtuoso.store())


def token(site: Site, *arguments: str) -> str:
    """Run ``coopgraph token ...`` for the site's private folder; its standard output."""
    done = subprocess.run(
        [COMMAND, "token", *arguments],
        env=os.environ | site.environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@dataclass(frozen=True)
class Stewards:
    """An HTTP client of the server, and each caller's Authorization header."""

    http: httpx.Client
    alice: dict[str, str]
    bob: dict[str, str]
    admin: dict[str, str]


@pytest.fixture(scope="module")
def stewards(site: Site) -> Iterator[Stewards]:
    """Alice holds Loos-en-Gohelle, Bob holds Lille; tokens made with the real CLI."""
    alice = token(site, "create", "alice", "--territory", "commune/62528")
    bob = token(site, "create", "bob", "--territory", LILLE)
    with httpx.Client(base_url=site.server.base_url, timeout=60) as http:
        yield Stewards(
            http,
            {"Authorization": f"Bearer {alice}"},
            {"Authorization": f"Bearer {bob}"},
            site.server.admin,
        )


def _submit(stewards: Stewards, who: dict[str, str], data: bytes, **headers: str) -> httpx.Response:
    return stewards.http.post(
        "/submissions",
        params={"territory": LOOS},
        content=data,
        headers={"Content-Type": "text/turtle", "Accept": "application/json", **who, **headers},
    )


def _select(stewards: Stewards, query: str) -> list[dict[str, str]]:
    answer = stewards.http.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200, answer.text
    bindings = answer.json()["results"]["bindings"]
    return [{name: value["value"] for name, value in row.items()} for row in bindings]


def _count(stewards: Stewards) -> int:
    return int(_select(stewards, COUNT)[0]["n"])


def _published(stewards: Stewards) -> Graph:
    answer = stewards.http.get(
        "/graphs", params={"graph": LOOS_GRAPH}, headers={"Accept": "application/n-triples"}
    )
    assert answer.status_code == 200, answer.text
    return Graph().parse(data=answer.text, format="nt")


def _file_graph(name: str) -> Graph:
    return Graph().parse(data=steward_file(name), format="turtle")


def test_the_journey_of_a_steward(stewards: Stewards) -> None:
    before = _count(stewards)
    refused = _submit(stewards, stewards.alice, steward_file("loos-en-gohelle-broken.ttl"))
    assert refused.status_code == 422, refused.text
    results = refused.json()["results"]
    assert len(results) == 1, [(r["focusNode"], r["path"], r["messages"]["en"]) for r in results]
    [result] = results
    assert result["focusNode"] == "https://w3id.org/coopgraph/id/effect/test-loos-local-energy"
    assert (result["path"], result["line"]) == ("https://w3id.org/coopgraph/def/polarity", 28)
    assert "ref:polarities" in result["messages"]["fr"]
    assert "ref:polarities" in result["messages"]["en"]
    assert _count(stewards) == before

    fixed = steward_file("loos-en-gohelle.ttl")
    published = _submit(stewards, stewards.alice, fixed)
    assert published.status_code == 201, published.text
    assert published.headers["Location"].startswith("/submissions/")
    assert _select(stewards, LABEL) == [{"label": "Solar roofs of the church"}]
    [record] = _select(stewards, PROVENANCE)
    assert (record["who"], record["sha256"], record["shapes"]) == (
        "alice",
        hashlib.sha256(fixed).hexdigest(),
        "0.1.0",
    )
    assert record["when"][:4].isdigit()

    assert _submit(stewards, stewards.bob, fixed).status_code == 403
    assert (
        stewards.http.post(
            "/territories/commune/62528/rollback", params={"to": 1}, headers=stewards.bob
        ).status_code
        == 403
    )
    changed = _submit(stewards, stewards.admin, steward_file("loos-en-gohelle-v2.ttl"))
    assert changed.status_code == 201, changed.text

    versions = stewards.http.get("/territories/commune/62528/versions").json()["versions"]
    assert [(v["version"], v["by"]) for v in versions] == [(1, "alice"), (2, "admin")]
    diff = stewards.http.get("/territories/commune/62528/diff", params={"from": 1, "to": 2})
    assert [line.split(" ", 2)[2] for line in diff.json()["removed"]] == [
        '"Solar roofs of the church"@en .'
    ]
    assert sorted(line.split(" ", 2)[2] for line in diff.json()["added"]) == [
        '"Mesuré en 2014."@fr .',
        '"Solar panels on the church roof"@en .',
    ]
    assert isomorphic(_published(stewards), _file_graph("loos-en-gohelle-v2.ttl"))

    rolled = stewards.http.post(
        "/territories/commune/62528/rollback", params={"to": 1}, headers=stewards.alice
    )
    assert rolled.status_code == 201, rolled.text
    assert isomorphic(_published(stewards), _file_graph("loos-en-gohelle.ttl"))
    assert _select(stewards, LABEL) == [{"label": "Solar roofs of the church"}]


def test_a_large_description_is_published_whole(stewards: Stewards) -> None:
    """1,939 triples with 120 blank nodes: past what Virtuoso takes in one update."""
    data = many_described_actions(120)
    published = _submit(stewards, stewards.alice, data)
    assert published.status_code == 201, published.text
    assert isomorphic(_published(stewards), Graph().parse(data=data, format="turtle"))
    versions = stewards.http.get("/territories/commune/62528/versions").json()["versions"]
    assert versions[-1]["by"] == "alice"
    records = {(r["who"], r["sha256"]) for r in _select(stewards, PROVENANCE)}
    assert ("alice", hashlib.sha256(data).hexdigest()) in records


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        (b"@prefix x: <http://x/> .\nx:a x:b .", "text/turtle", 400, "line 2, column"),
        (b"<a:a> <a:b> <a:c> .", "application/pdf", 415, "application/pdf"),
        (b"#" * (MAX_SUBMISSION_BYTES + 1), "text/turtle", 413, f"{MAX_SUBMISSION_BYTES} bytes"),
    ],
    ids=["unparseable", "unsupported", "too-large"],
)
def test_bad_input_is_refused_and_nothing_stored(
    stewards: Stewards, body: bytes, content_type: str, status: int, words: str
) -> None:
    before = _count(stewards)
    response = _submit(stewards, stewards.alice, body, **{"Content-Type": content_type})
    assert response.status_code == status, response.text
    assert words in response.text
    assert _count(stewards) == before


def test_no_token_is_401_and_a_revoked_token_at_once(stewards: Stewards, site: Site) -> None:
    fixed = steward_file("loos-en-gohelle.ttl")
    assert _submit(stewards, {}, fixed).status_code == 401
    carol = token(site, "create", "carol", "--territory", "commune/62528")
    assert "carol" in token(site, "list")
    assert carol not in token(site, "list")
    token(site, "revoke", "carol")
    assert _submit(stewards, {"Authorization": f"Bearer {carol}"}, fixed).status_code == 401
