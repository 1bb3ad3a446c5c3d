"""Hostile documents: every RDF/XML entry point refuses a DOCTYPE before the engine reads it;
size and triple caps hold while the body streams and while it is parsed; error bodies echo no
file, no stack trace. Uploads are parsed and validated in workers: past their deadline, or when
a parser crashes one, the caller gets a clear error and /health keeps answering within 1 s."""

from __future__ import annotations

import re
import select
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import ADMIN_TOKEN, LiveServer, StartServer, make_settings, running_client
from fastapi.testclient import TestClient
from support.steward_content import LOOS, content_root, many_actions, steward_file
from typer.testing import CliRunner

from coopgraph.access.keyring import Keyring
from coopgraph.cli.main import app as cli
from coopgraph.errors import RefusedOperation
from coopgraph.store.embedded import EmbeddedStore
from reliability.hostile import answers_health

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
RDF_XML = {"Content-Type": "application/rdf+xml"}
MARKER = "SECRET-MARKER-7f3a9c"
TRIPLE_CAP = 100
DEADLINE = 2.0
"""COOPGRAPH_VALIDATION_TIMEOUT of the sandbox server."""
TURTLE = {"Content-Type": "text/turtle"}
N_TRIPLES = "application/n-triples"
CRASH_DEPTH = 6_000
"""Nested JSON-LD objects that segfault the parser (about 4,000 do, after some seconds)."""
RDF_XML_SLOW_DEPTH = 30_000
"""Nested RDF/XML elements: the parser takes time quadratic in the depth (about 9 s for 30,000,
2 minutes for 100,000)."""
SANDBOX_BYTES = 20_000_000
"""COOPGRAPH_MAX_VALIDATION_BYTES of the sandbox server: room for the deadline's big file."""


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
        max_triples=TRIPLE_CAP,
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


def many_triples(count: int) -> bytes:
    """N-Triples: ``count`` triples about distinct subjects."""
    return b"".join(
        b'<http://e/s%d> <http://www.w3.org/2000/01/rdf-schema#label> "n %d"@en .\n' % (n, n)
        for n in range(count)
    )


def nested_json_ld(depth: int) -> bytes:
    """JSON-LD objects nested ``depth`` deep: some thousands segfault pyoxigraph 0.5.13's parser."""
    return ('{"@id": "http://e/s", ' + '"http://e/p": {' * depth + '"@value": 1' + "}" * depth
            + "}").encode()  # fmt: skip


def _versions(client: TestClient) -> list[object]:
    response = client.get("/territories/commune/62528/versions")
    assert response.status_code == 200
    versions: list[object] = response.json()["versions"]
    return versions


def test_the_triple_cap_refuses_a_validation(site: tuple[TestClient, str]) -> None:
    client, _ = site
    refused = client.post("/validate", content=many_triples(TRIPLE_CAP + 1), headers=TURTLE)
    assert refused.status_code == 413, refused.text
    assert f"more than {TRIPLE_CAP} triples" in refused.text
    assert f"plus de {TRIPLE_CAP} triplets" in refused.text
    assert "COOPGRAPH_MAX_TRIPLES" in refused.text
    assert client.post("/validate", content=many_triples(TRIPLE_CAP), headers=TURTLE).is_success


def test_the_triple_cap_counts_every_part_together(site: tuple[TestClient, str]) -> None:
    client, _ = site
    half = many_triples(TRIPLE_CAP // 2 + 1)
    files = {"file": ("a.nt", half, "application/n-triples")}
    pasted = {"text": many_triples(TRIPLE_CAP).decode()[len(half) :] + half.decode().replace(
        "<http://e/s", "<http://e/t"), "content_type": "application/n-triples"}  # fmt: skip
    refused = client.post("/validate", files=files, data=pasted)
    assert refused.status_code == 413, refused.text
    assert f"more than {TRIPLE_CAP} triples" in refused.text


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_the_triple_cap_refuses_a_graph_upload_and_stores_nothing(
    site: tuple[TestClient, str], method: str
) -> None:
    client, _ = site
    graph = {"graph": "http://e/capped"}
    headers = {"Content-Type": N_TRIPLES, **ADMIN}
    refused = client.request(
        method, "/graphs", params=graph, content=many_triples(TRIPLE_CAP + 1), headers=headers
    )
    assert refused.status_code == 413, refused.text
    assert f"more than {TRIPLE_CAP} triples" in refused.text
    assert "COOPGRAPH_MAX_TRIPLES" in refused.text
    assert client.get("/graphs", params=graph).status_code == 404
    accepted = client.put(
        "/graphs", params=graph, content=many_triples(TRIPLE_CAP), headers=headers
    )
    assert accepted.status_code == 201, accepted.text
    assert client.delete("/graphs", params=graph, headers=ADMIN).status_code == 204


def test_the_triple_cap_refuses_a_submission_and_stores_nothing(
    site: tuple[TestClient, str],
) -> None:
    client, steward = site
    before = _versions(client)
    document = steward_file("loos-en-gohelle.ttl") + many_triples(TRIPLE_CAP)
    refused = client.post(
        "/submissions",
        params={"territory": LOOS},
        content=document,
        headers=TURTLE | {"Authorization": f"Bearer {steward}"},
    )
    assert refused.status_code == 413, refused.text
    assert f"more than {TRIPLE_CAP} triples" in refused.text
    assert _versions(client) == before


@pytest.mark.parametrize(
    ("path", "params", "token"),
    [("/validate", {}, False), ("/submissions", {"territory": LOOS}, True)],
    ids=["validate", "submission"],
)
def test_the_byte_cap_holds_on_a_streamed_upload(
    site: tuple[TestClient, str], path: str, params: dict[str, str], token: bool
) -> None:
    client, steward = site
    auth = {"Authorization": f"Bearer {steward}"} if token else {}
    headers = {"Content-Type": "application/n-triples"} | auth
    response = client.post(path, params=params, content=_chunks(300_000), headers=headers)
    assert response.status_code == 413, response.text
    assert "100000 bytes" in response.text


def _send_chunked_until_answered(server: LiveServer, path: str, total: int) -> tuple[bytes, int]:
    """POST a chunked body without Content-Length, chunk by chunk, until the server answers;
    its answer and the bytes sent by then."""
    host, port = server.base_url.removeprefix("http://").split(":")
    chunk = b"<http://e/s> <http://e/p> <http://e/o> .\n" * 1000
    sent = 0
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n"
            "Content-Type: application/n-triples\r\n\r\n".encode()
        )
        while sent < total and not select.select([connection], [], [], 0)[0]:
            try:
                connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                break  # the server answered and closed
            sent += len(chunk)
        return _read_answer(connection), sent


def _read_answer(connection: socket.socket) -> bytes:
    answer = b""
    while part := connection.recv(65536):
        answer += part
        head, _, body = answer.partition(b"\r\n\r\n")
        length = re.search(rb"content-length: (\d+)", head, re.IGNORECASE)
        if length and len(body) >= int(length.group(1)):
            break
    return answer


def test_the_byte_cap_stops_reading_a_streamed_body(sandbox_server: LiveServer) -> None:
    answer, sent = _send_chunked_until_answered(sandbox_server, "/validate", 40 * SANDBOX_BYTES)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert f"{SANDBOX_BYTES} bytes".encode() in answer
    assert sent < 4 * SANDBOX_BYTES, "the server read the body far past its cap"


@pytest.fixture(scope="module")
def sandbox_server(
    start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A live server with one validation worker and a short validation deadline."""
    project = content_root(tmp_path_factory.mktemp("sandbox-project"))
    with start_server(
        COOPGRAPH_LOAD_CONTENT="true",
        COOPGRAPH_CONTENT_ROOT=str(project),
        COOPGRAPH_VALIDATION_TIMEOUT=str(DEADLINE),
        COOPGRAPH_VALIDATION_WORKERS="1",
        COOPGRAPH_MAX_VALIDATION_BYTES=str(SANDBOX_BYTES),
    ) as server:
        yield server


def _validate(server: LiveServer, data: bytes, media_type: str = "text/turtle") -> httpx.Response:
    return httpx.post(
        f"{server.base_url}/validate",
        content=data,
        headers={"Content-Type": media_type, "Accept": "application/json"},
        timeout=120,
    )


def _while_watching_health(
    server: LiveServer, data: bytes, media_type: str
) -> tuple[httpx.Response, float, list[float]]:
    """Validate ``data`` while /health is asked every 0.2 s; the answer, its seconds, and
    the seconds /health took each time."""
    return _watching_health(server, lambda: _validate(server, data, media_type))


def _watching_health(
    server: LiveServer, send: Callable[[], httpx.Response]
) -> tuple[httpx.Response, float, list[float]]:
    """Send a request while /health is asked every 0.2 s; the answer, its seconds, and the
    seconds /health took each time."""
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        pending = pool.submit(send)
        health = []
        while not pending.done():
            health.append(answers_health(server.base_url))
            time.sleep(0.2)
        response = pending.result()
        return response, time.monotonic() - started, health


def _still_validates(server: LiveServer) -> None:
    """A normal description validates: the service goes on. Its 0.3 s of work may pass the
    2 s deadline on a loaded machine (a 413, which says nothing of the service), so a 413 is
    asked again, a few times; any other answer counts at once."""
    for _ in range(3):
        answer = _validate(server, steward_file("loos-en-gohelle.ttl"))
        if answer.status_code != 413:
            break
    assert answer.status_code == 200, answer.text
    assert answer.json()["conforms"] is True
    answers_health(server.base_url)


def test_a_validation_past_the_deadline_is_413_and_the_next_one_works(
    sandbox_server: LiveServer,
) -> None:
    _still_validates(sandbox_server)  # the worker is warm: the deadline is the data's
    big = many_actions(8_000)  # about 100k triples: many times the deadline
    response, seconds, health = _while_watching_health(sandbox_server, big, "application/n-triples")
    assert response.status_code == 413, response.text[:500]
    assert "COOPGRAPH_VALIDATION_TIMEOUT" in response.text
    assert f"{DEADLINE:g} s" in response.text
    assert seconds < DEADLINE + 10
    assert len(health) >= 3
    _still_validates(sandbox_server)


@pytest.fixture(scope="module")
def crash_server(
    start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A live server with one validation worker and the default deadline."""
    project = content_root(tmp_path_factory.mktemp("crash-project"))
    with start_server(
        COOPGRAPH_LOAD_CONTENT="true",
        COOPGRAPH_CONTENT_ROOT=str(project),
        COOPGRAPH_VALIDATION_WORKERS="1",
    ) as server:
        yield server


def test_a_document_that_crashes_the_parser_is_refused_and_the_service_goes_on(
    crash_server: LiveServer,
) -> None:
    _still_validates(crash_server)
    response, _seconds, health = _while_watching_health(
        crash_server, nested_json_ld(CRASH_DEPTH), "application/ld+json"
    )
    assert response.status_code == 400, response.text
    assert "stopped the validator" in response.text
    assert "Traceback" not in response.text
    assert health
    _still_validates(crash_server)


def nested_rdf_xml(depth: int) -> bytes:
    """RDF/XML descriptions nested ``depth`` deep: pyoxigraph 0.5.13 parses them in time
    quadratic in the depth."""
    return (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        + "<rdf:Description><e:p>" * depth
        + "</e:p></rdf:Description>" * depth
        + "</rdf:RDF>"
    ).encode()


def _put_graph(server: LiveServer, data: bytes, media_type: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.token}", "Content-Type": media_type}
    url = f"{server.base_url}/graphs"
    return httpx.put(url, params=DEEP_GRAPH, content=data, headers=headers, timeout=120)


DEEP_GRAPH = {"graph": "http://e/deep"}


def test_a_graph_upload_that_crashes_the_parser_is_refused_and_the_service_goes_on(
    crash_server: LiveServer,
) -> None:
    document = nested_json_ld(CRASH_DEPTH)
    response, _seconds, health = _watching_health(
        crash_server, lambda: _put_graph(crash_server, document, "application/ld+json")
    )
    assert response.status_code == 400, response.text
    assert "stopped the RDF parser" in response.text
    assert "Traceback" not in response.text
    assert health
    _refused_graph_left_nothing(crash_server)


def test_a_graph_upload_past_the_deadline_is_413_and_the_service_goes_on(
    sandbox_server: LiveServer,
) -> None:
    document = nested_rdf_xml(RDF_XML_SLOW_DEPTH)
    response, seconds, health = _watching_health(
        sandbox_server, lambda: _put_graph(sandbox_server, document, "application/rdf+xml")
    )
    assert response.status_code == 413, response.text
    assert "parsing the upload took longer than" in response.text
    assert "COOPGRAPH_VALIDATION_TIMEOUT" in response.text
    assert seconds < DEADLINE + 10
    assert len(health) >= 3
    _refused_graph_left_nothing(sandbox_server)


def _refused_graph_left_nothing(server: LiveServer) -> None:
    """The refused upload left no graph; the next upload and validation work."""
    read = httpx.get(f"{server.base_url}/graphs", params=DEEP_GRAPH, timeout=30)
    assert read.status_code == 404, "the refused upload left a graph behind"
    created = _put_graph(server, b"<http://e/s> <http://e/p> <http://e/o> .", N_TRIPLES)
    assert created.status_code == 201, created.text
    _still_validates(server)
    headers = {"Authorization": f"Bearer {server.token}"}
    httpx.delete(f"{server.base_url}/graphs", params=DEEP_GRAPH, headers=headers, timeout=30)


@pytest.mark.parametrize("command", ["load", "validate"])
def test_the_command_line_survives_a_document_that_crashes_the_parser(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_bytes(nested_json_ld(CRASH_DEPTH))
    result = CliRunner().invoke(cli, [command, str(path), "--store", "memory"])
    assert result.exit_code not in (0, None), result.output
    assert f"{path}: the document stopped the RDF parser" in result.output
