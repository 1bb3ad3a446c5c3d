"""End to end on a live server: a steward is refused with a useful report, fixes the file,
publishes; the description and its provenance answer at /sparql; another steward cannot touch
it, an admin can; versions, diffs and rollbacks are exact; bad input stores nothing."""

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
from conftest import LiveServer
from rdflib import Graph
from rdflib.compare import isomorphic
from steward_content import LILLE, LOOS, MAX_SUBMISSION_BYTES, steward_file

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


def token(server: LiveServer, *arguments: str) -> str:
    """Run ``coopgraph token ...`` for the server's store; its standard output."""
    done = subprocess.run(
        [COMMAND, "token", *arguments],
        env=os.environ | {"COOPGRAPH_STORE": str(server.store)},
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
def stewards(steward_server: LiveServer) -> Iterator[Stewards]:
    """Alice holds Loos-en-Gohelle, Bob holds Lille; tokens made with the real CLI."""
    alice = token(steward_server, "create", "alice", "--territory", "commune/62528")
    bob = token(steward_server, "create", "bob", "--territory", LILLE)
    with httpx.Client(base_url=steward_server.base_url, timeout=60) as http:
        yield Stewards(
            http,
            {"Authorization": f"Bearer {alice}"},
            {"Authorization": f"Bearer {bob}"},
            steward_server.admin,
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
    [result] = refused.json()["results"]
    assert result["focusNode"] == "https://w3id.org/coopgraph/id/effect/test-loos-local-energy"
    assert (result["path"], result["line"]) == ("https://w3id.org/coopgraph/def/polarity", 24)
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


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        (b"@prefix x: <http://x/> .\nx:a x:b .", "text/turtle", 400, "line 2, column"),
        (b"<a:a> <a:b> <a:c> .", "text/csv", 415, "text/csv"),
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


def test_no_token_is_401_and_a_revoked_token_at_once(
    stewards: Stewards, steward_server: LiveServer
) -> None:
    fixed = steward_file("loos-en-gohelle.ttl")
    assert _submit(stewards, {}, fixed).status_code == 401
    carol = token(steward_server, "create", "carol", "--territory", "commune/62528")
    assert "carol" in token(steward_server, "list")
    assert carol not in token(steward_server, "list")
    token(steward_server, "revoke", "carol")
    assert _submit(stewards, {"Authorization": f"Bearer {carol}"}, fixed).status_code == 401
