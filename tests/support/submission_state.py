"""Checks of a live server's submissions after a stream of them: what must hold for each
territory, whatever happened (concurrency, a crash), and the documents the streams send.

Each document is the steward's Loos-en-Gohelle file with its own label (so each has its own
SHA-256 and its own triples) and the IRIs of its territory (so territories share nothing).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from rdflib import Graph
from rdflib.compare import isomorphic

from coopgraph.submissions import audit
from support.steward_content import steward_file

ID_BASE = "https://w3id.org/coopgraph/id/"
GRAPH_BASE = "https://w3id.org/coopgraph/graph/submission/"
INFERRED_BASE = "https://w3id.org/coopgraph/graph/inferred/submission/"
PROVENANCE_GRAPH = "https://w3id.org/coopgraph/graph/provenance"
_LABEL = b'"Solar roofs of the church"@en'
_ACTIVITIES = f"""
SELECT (COUNT(DISTINCT ?activity) AS ?n) WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
    ?activity a <http://www.w3.org/ns/prov#Activity> ;
        <http://www.w3.org/ns/prov#generated> ?version .
    ?version <http://purl.org/dc/terms/subject> <TERRITORY> }} }}"""
_RECORDED = f"""
SELECT (COUNT(DISTINCT ?thing) AS ?n) WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
    ?thing a ?type FILTER (?type IN (<http://www.w3.org/ns/prov#Activity>,
                                     <http://www.w3.org/ns/prov#Entity>))
    FILTER (STRSTARTS(STR(?thing), "{ID_BASE}submission/")
            && !CONTAINS(STR(?thing), "/source") && !CONTAINS(STR(?thing), "/report")) }} }}"""


def document(territory: str, client: int, number: int) -> bytes:
    """A valid description of ``territory`` that no other client or number sends."""
    label = f'"Solar roofs, client {client}, number {number}"@en'.encode()
    own = ("test-" + territory.replace("/", "-")).encode()  # its own IRIs: no other test's
    return steward_file("loos-en-gohelle.ttl").replace(_LABEL, label).replace(b"test-loos", own)


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Sent:
    """One submission sent: its document, and the id the server gave it (None if no 201)."""

    territory: str
    data: bytes
    submission: str | None


def submit(http: httpx.Client, territory: str, data: bytes, secret: str) -> Sent:
    """POST one submission; raises httpx.TransportError when the server is gone."""
    response = http.post(
        "/submissions",
        params={"territory": territory},
        content=data,
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {secret}"},
    )
    if response.status_code != 201:
        return Sent(territory, data, None)
    return Sent(territory, data, response.headers["Location"].rsplit("/", 1)[1])


def count(http: httpx.Client, query: str) -> int:
    """The single number a COUNT query answers."""
    answer = http.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200, answer.text
    return int(answer.text.splitlines()[1])


def _graph(text: str, media_type: str) -> Graph:
    return Graph().parse(data=text, format=media_type)


def check_territory(http: httpx.Client, territory: str, sent: list[Sent]) -> list[dict[str, Any]]:
    """Everything that must hold for one territory; returns its versions.

    Every acknowledged submission is a version, with the checksum of what was sent; every
    version is a document that was sent, whole, kept in its file; numbers run from 1 with no
    gap; the published graph is the newest version's file; each version has one PROV-O
    activity and nothing else is recorded of the territory.
    """
    by_checksum = {sha256(s.data): s for s in sent if s.territory == territory}
    versions: list[dict[str, Any]] = http.get(f"/territories/{territory}/versions").json()[
        "versions"
    ]
    assert [v["version"] for v in versions] == list(range(1, len(versions) + 1)), "a gap"
    assert all(v["sha256"] in by_checksum for v in versions), "a version nobody sent"
    ids = {v["submission"] for v in versions}
    acknowledged = {s.submission for s in by_checksum.values() if s.submission is not None}
    assert acknowledged <= ids, f"acknowledged and lost: {sorted(acknowledged - ids)}"
    for version in versions:
        own = by_checksum[version["sha256"]]
        assert own.submission in (None, version["submission"])
        kept = http.get(f"/territories/{territory}/versions/{version['version']}")
        assert kept.status_code == 200, kept.text
        assert isomorphic(_graph(kept.text, "nt"), _graph(own.data.decode(), "turtle"))
    _check_published(http, territory, versions)
    assert count(http, _ACTIVITIES.replace("TERRITORY", ID_BASE + territory)) == len(versions)
    return versions


def _check_published(http: httpx.Client, territory: str, versions: list[dict[str, Any]]) -> None:
    graph = GRAPH_BASE + territory
    answer = http.get("/graphs", params={"graph": graph}, headers={"Accept": "text/turtle"})
    if not versions:
        assert answer.status_code == 404, "a graph published without its record"
        return
    assert answer.status_code == 200, answer.text
    newest = http.get(f"/territories/{territory}/versions/{versions[-1]['version']}")
    assert isomorphic(_graph(answer.text, "turtle"), _graph(newest.text, "nt"))
    inferred = http.get(
        "/graphs", params={"graph": INFERRED_BASE + territory}, headers={"Accept": "text/turtle"}
    )
    assert inferred.status_code == 200, "the published graph has no inferred graph"


def recorded(http: httpx.Client) -> int:
    """How many submission activities and versions the provenance graph holds."""
    return count(http, _RECORDED)


def audited(private: Path, territories: list[str]) -> dict[str, list[str]]:
    """The checksums of the published N-Triples in the audit lines of each territory."""
    lines = audit.read(private / audit.FILE_NAME)
    return {
        territory: [line.sha256 for line in lines if line.graph == GRAPH_BASE + territory]
        for territory in territories
    }


def version_checksums(private: Path, versions: list[dict[str, Any]]) -> list[str]:
    """The SHA-256 of each version's file, as the audit record hashes it."""
    folder = private / "submissions"
    return [sha256((folder / f"{v['submission']}.nt").read_bytes()) for v in versions]
