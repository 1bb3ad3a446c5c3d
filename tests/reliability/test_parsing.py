"""Hostile documents: every RDF/XML entry point refuses a DOCTYPE before the engine reads it;
size caps hold while the body streams; error bodies echo no file, no stack trace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient
from steward_content import LOOS, content_root
from typer.testing import CliRunner

from coopgraph.cli import app as cli
from coopgraph.errors import RefusedOperation
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.tokens import Keyring

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
RDF_XML = {"Content-Type": "application/rdf+xml"}
MARKER = "SECRET-MARKER-7f3a9c"


def billion_laughs(levels: int = 8) -> bytes:
    """An 800-byte RDF/XML document whose entities expand to 16**levels times 52 bytes."""
    entities = ['<!ENTITY e0 "' + "a" * 52 + '">']
    for level in range(1, levels):
        entities.append(f'<!ENTITY e{level} "{f"&e{level - 1};" * 16}">')
    return (
        '<?xml version="1.0"?><!DOCTYPE r [' + "".join(entities) + "]>"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        f'<rdf:Description rdf:about="http://e/s"><e:p>&e{levels - 1};</e:p>'
        "</rdf:Description></rdf:RDF>"
    ).encode()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """The app with the ontology, shapes and a steward token for Loos-en-Gohelle."""
    folder = tmp_path_factory.mktemp("parsing")
    steward = Keyring(folder / "private").create("alice", [LOOS], admin=False)
    settings = make_settings(
        load_content=True,
        content_root=content_root(folder / "project"),
        private_folder=folder / "private",
        max_upload_bytes=100_000,
        max_validation_bytes=100_000,
    )
    with running_client(settings) as client:
        yield client, steward


def test_the_entity_document_is_small() -> None:
    assert len(billion_laughs()) < 1000


@pytest.mark.parametrize(
    ("method", "path", "params", "token"),
    [
        ("PUT", "/graphs", {"graph": "http://e/g"}, "admin"),
        ("POST", "/graphs", {"graph": "http://e/g"}, "admin"),
        ("POST", "/graphs", {}, "admin"),
        ("POST", "/validate", {}, None),
        ("POST", "/submissions", {"territory": LOOS}, "steward"),
    ],
    ids=["graph-put", "graph-post", "graph-create", "validate", "submission"],
)
def test_http_entry_points_refuse_a_doctype(
    site: tuple[TestClient, str], method: str, path: str, params: dict[str, str], token: str | None
) -> None:
    client, steward = site
    secret = {"admin": ADMIN_TOKEN, "steward": steward}.get(token or "")
    auth = {"Authorization": f"Bearer {secret}"} if secret else {}
    response = client.request(
        method, path, params=params, content=billion_laughs(), headers=RDF_XML | auth
    )
    assert response.status_code == 400, response.text
    assert "DOCTYPE" in response.text


def test_a_multipart_part_with_a_doctype_is_refused(site: tuple[TestClient, str]) -> None:
    client, _ = site
    files = {"a": ("a.rdf", billion_laughs(), "application/rdf+xml")}
    response = client.post("/graphs", params={"graph": "http://e/g"}, files=files, headers=ADMIN)
    assert response.status_code == 400
    assert "DOCTYPE" in response.text


@pytest.mark.parametrize("command", ["load", "validate"])
def test_the_command_line_refuses_a_doctype(tmp_path: Path, command: str) -> None:
    path = tmp_path / "entities.rdf"
    path.write_bytes(billion_laughs())
    result = CliRunner().invoke(cli, [command, str(path), "--store", "memory"])
    assert result.exit_code != 0
    assert "DOCTYPE" in result.output


def test_the_store_refuses_a_doctype_in_every_load() -> None:
    store, data = EmbeddedStore.in_memory(), billion_laughs()
    with pytest.raises(RefusedOperation, match="DOCTYPE"):
        store.load(data, "application/rdf+xml", "http://e/g")
    with pytest.raises(RefusedOperation, match="DOCTYPE"):
        store.replace_graph("http://e/g", data, "application/rdf+xml")
    with pytest.raises(RefusedOperation, match="DOCTYPE"):
        store.load_all([(data, "application/rdf+xml")], None)


def _chunks(size: int) -> Iterator[bytes]:
    line = b"<http://e/s> <http://e/p> <http://e/o> .\n"
    for _ in range(size // len(line) + 1):
        yield line


def test_the_upload_cap_holds_on_a_streamed_body(site: tuple[TestClient, str]) -> None:
    client, _ = site
    headers = {"Content-Type": "application/n-triples", **ADMIN}
    response = client.put(
        "/graphs", params={"graph": "http://e/big"}, content=_chunks(300_000), headers=headers
    )
    assert response.status_code == 413
    assert "100000 bytes" in response.text


def test_a_parse_error_echoes_no_file_content(site: tuple[TestClient, str]) -> None:
    client, _ = site
    document = f'<http://e/s> <http://e/p> "{MARKER}" .\n' * 20 + "<http://e/s> <http://e/p> ."
    headers = {"Content-Type": "application/n-triples", **ADMIN}
    put = client.put("/graphs", params={"graph": "http://e/g"}, content=document, headers=headers)
    validated = client.post("/validate", content=document, headers={"Content-Type": "text/turtle"})
    for response in (put, validated):
        assert response.status_code in (400, 200)
        assert MARKER not in response.text
        assert "Traceback" not in response.text
    assert "line 21" in put.text


def test_server_files_never_reach_an_answer(site: tuple[TestClient, str], tmp_path: Path) -> None:
    client, _ = site
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER)
    uri = secret.as_uri()
    attempts = [
        ("application/ld+json", f'{{"@context": "{uri}", "@id": "http://e/s"}}'),
        ("application/rdf+xml", f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{uri}">]>'),
        ("text/turtle", f"<http://e/o> <http://www.w3.org/2002/07/owl#imports> <{uri}> ."),
    ]
    for media_type, text in attempts:
        for path in ("/graphs?graph=http://e/files", "/validate"):
            response = client.post(path, content=text, headers={"Content-Type": media_type} | ADMIN)
            assert MARKER not in response.text
    load = f"LOAD <{secret.as_uri()}>"
    answer = client.post(
        "/sparql", content=load, headers={"Content-Type": "application/sparql-update"} | ADMIN
    )
    assert answer.status_code == 400
    dump = client.get(
        "/graphs", params={"graph": "http://e/files"}, headers={"Accept": "text/turtle"}
    )
    assert MARKER not in dump.text
