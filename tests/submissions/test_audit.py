"""Every accepted write leaves one audit line: who, when, which graph, payload hash, shapes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient
from support.steward_content import LOOS, content_root, steward_file

from coopgraph.access.keyring import Keyring
from coopgraph.submissions import audit

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
GRAPH = "http://example.org/audited"


@dataclass(frozen=True)
class Audited:
    """The app, its audit file and a steward's token."""

    client: TestClient
    path: Path
    steward: str


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Audited]:
    """The app over the ontology and the sample geography, with a private folder."""
    folder = tmp_path_factory.mktemp("audit")
    private = folder / "private"
    steward = Keyring(private).create("alice", [LOOS], admin=False)
    settings = make_settings(
        load_content=True, content_root=content_root(folder / "project"), private_folder=private
    )
    with running_client(settings) as client:
        yield Audited(client, private / audit.FILE_NAME, steward)


def _last(audited: Audited) -> audit.Entry:
    return audit.read(audited.path)[-1]


def test_graph_store_writes_are_audited(audited: Audited) -> None:
    body = b'<http://example.org/a> <http://example.org/b> "1" .'
    kinds = {"Content-Type": "application/n-triples", **ADMIN}
    response = audited.client.put("/graphs", params={"graph": GRAPH}, content=body, headers=kinds)
    assert response.status_code == 201, response.text
    line = _last(audited)
    assert (line.who, line.action, line.graph) == ("admin", "graph-put", GRAPH)
    assert line.sha256 == hashlib.sha256(body).hexdigest()
    assert line.bytes == len(body)
    assert line.shapes == "0.1.0"
    audited.client.post("/graphs", params={"graph": GRAPH}, content=body, headers=kinds)
    assert _last(audited).action == "graph-post"
    audited.client.delete("/graphs", params={"graph": GRAPH}, headers=ADMIN)
    assert (_last(audited).action, _last(audited).bytes) == ("graph-delete", 0)


def test_updates_are_audited_and_refused_writes_are_not(audited: Audited) -> None:
    update = b"INSERT DATA { <http://example.org/a> <http://example.org/b> 2 }"
    kinds = {"Content-Type": "application/sparql-update"}
    audited.client.post("/sparql", content=update, headers=kinds | ADMIN)
    assert (_last(audited).action, _last(audited).sha256) == (
        "update",
        hashlib.sha256(update).hexdigest(),
    )
    before = len(audit.read(audited.path))
    assert audited.client.post("/sparql", content=update, headers=kinds).status_code == 401
    assert audited.client.post("/sparql", content=b"INSERT", headers=kinds | ADMIN).is_client_error
    assert len(audit.read(audited.path)) == before


def test_a_submission_is_audited_with_its_steward_and_never_its_secret(audited: Audited) -> None:
    response = audited.client.post(
        "/submissions",
        params={"territory": LOOS},
        content=steward_file("loos-en-gohelle.ttl"),
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {audited.steward}"},
    )
    assert response.status_code == 201, response.text
    line = _last(audited)
    assert (line.who, line.action, line.shapes) == ("alice", "submission", "0.1.0")
    assert line.graph == "https://w3id.org/coopgraph/graph/submission/commune/62528"
    text = audited.path.read_text()
    assert audited.steward not in text
    assert ADMIN_TOKEN not in text


def test_record_write_names_the_token_and_appends_one_line(tmp_path: Path) -> None:
    private = tmp_path / "private"
    steward = Keyring(private).create("bob", [LOOS], admin=False)
    settings = make_settings(
        content_root=content_root(tmp_path / "project"), private_folder=private
    )
    first = audit.record_write(settings, f"Bearer {steward}", "update", None, b"INSERT DATA {}")
    second = audit.record_write(settings, "Bearer not-a-token", "graph-delete", GRAPH, b"")
    assert (first.who, first.action, first.graph, first.bytes) == ("bob", "update", None, 14)
    assert (second.who, second.graph) == ("unknown", GRAPH)
    assert audit.read(private / audit.FILE_NAME) == [first, second]
    assert first.shapes == second.shapes == "0.1.0"


def test_without_a_private_folder_the_line_goes_to_the_log_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    line = audit.entry("admin", "update", None, b"x", "0.1.0")
    with caplog.at_level("INFO", logger="coopgraph.audit"):
        audit.append(None, line)
    assert line.sha256 in caplog.text
