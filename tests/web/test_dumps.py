"""GET /dumps and its files over the real app: the whole dump is the store, each file's
SHA-256 is its bytes', a write makes a new set, and VoID/DCAT names every file with its own
licence."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID, XSD
from support.linked_data_content import GEOGRAPHY

from coopgraph import formats
from coopgraph.iris import GEOGRAPHY_GRAPH_BASE
from coopgraph.store import DumpKeeper, Store, graph_file_name
from coopgraph.web.routes.dumps import GZIP

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
SPDX = Namespace("http://spdx.org/rdf/terms#")
GEOGRAPHY_GRAPH = GEOGRAPHY_GRAPH_BASE + "geography-2026"
SEED_GRAPH = "https://w3id.org/coopgraph/graph/data/seed/sample"
ETALAB = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
CC_BY_NC_ND = "https://creativecommons.org/licenses/by-nc-nd/4.0/"
DOCUMENT = "https://w3id.org/coopgraph/id/document/sample"
SEED = f"""
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/coopgraph/id/action/sample> dcterms:title "Une action"@fr ;
    dcterms:source <{DOCUMENT}> .
<{DOCUMENT}> a <https://w3id.org/coopgraph/def/Document> ;
    dcterms:license <{CC_BY_NC_ND}> .
"""


def _geography() -> bytes:
    """The committed geography's description of itself, and of Loos-en-Gohelle."""
    subjects = (
        b"<https://w3id.org/coopgraph/id/dataset/",
        b"<https://w3id.org/coopgraph/id/commune/62528>",
    )
    with gzip.open(GEOGRAPHY) as lines:
        return b"".join(line for line in lines if line.startswith(subjects))


@pytest.fixture(scope="module")
def web() -> Iterator[TestClient]:
    """The app over a small store: a sample of the geography, a seed-like graph."""
    with running_client(make_settings()) as client:
        store = _store(client)
        store.load(_geography(), formats.N_TRIPLES, GEOGRAPHY_GRAPH)
        store.load(SEED.encode(), formats.TURTLE, SEED_GRAPH)
        yield client


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.services.store  # type: ignore[attr-defined]
    return store


def _fresh(client: TestClient) -> dict[str, Any]:
    """The list once the set of the store as it is now is made."""
    keeper: DumpKeeper = client.app.state.dumps  # type: ignore[attr-defined]
    assert keeper.wait(30) is not None
    listing: dict[str, Any] = client.get("/dumps").json()
    assert listing["fresh"] is True
    return listing


def _file(listing: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in listing["files"] if f["name"] == name)
    return found


def _lines(data: bytes) -> list[str]:
    return sorted(line for line in data.decode().splitlines() if line.strip())


def test_the_first_set_is_a_503_while_it_is_made(web: TestClient) -> None:
    app: Any = web.app
    kept = app.state.dumps
    app.state.dumps = DumpKeeper(_store(web), None)  # as the app starts: no set yet
    try:
        # The first request finds no set and starts the first build: never a half-made file.
        response = web.get("/dumps/all.nq.gz", headers={"Accept": "application/json"})
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert "en cours de fabrication" in response.json()["detail"]
        assert "being made" in response.json()["detail"]
        assert _fresh(web)["files"][0]["name"] == "all.nq.gz"
    finally:
        app.state.dumps.close()
        app.state.dumps = kept


@pytest.mark.parametrize(("lang", "words"), [("fr", "se recharge"), ("en", "reloads every")])
def test_a_reader_waiting_for_the_first_set_gets_a_page(
    web: TestClient, lang: str, words: str
) -> None:
    app: Any = web.app
    kept = app.state.dumps
    app.state.dumps = DumpKeeper(_store(web), None)
    try:
        response = web.get("/dumps", params={"lang": lang}, headers={"Accept": "text/html"})
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["retry-after"] == "5"
        assert words in response.text
        assert '<meta http-equiv="refresh" content="5">' in response.text
    finally:
        app.state.dumps.close()
        app.state.dumps = kept


def test_the_list_names_each_file_with_its_size_and_checksum(web: TestClient) -> None:
    listing = _fresh(web)
    names = [f["name"] for f in listing["files"]]
    assert names[0] == "all.nq.gz"
    assert graph_file_name(GEOGRAPHY_GRAPH) in names
    assert graph_file_name(SEED_GRAPH) in names
    whole = _file(listing, "all.nq.gz")
    assert whole["url"] == "/dumps/all.nq.gz"
    assert whole["contentType"] == GZIP == "application/gzip"
    assert whole["mediaType"] == formats.N_QUADS
    assert whole["quads"] == sum(f["quads"] for f in listing["files"][1:])
    assert listing["description"] == "/.well-known/void"


def test_the_whole_dump_is_every_quad_of_the_store(web: TestClient) -> None:
    whole = _file(_fresh(web), "all.nq.gz")
    response = web.get("/dumps/all.nq.gz")
    assert response.status_code == 200
    assert response.headers["content-type"] == GZIP
    assert "content-encoding" not in response.headers  # saved as the .gz it is
    assert int(response.headers["content-length"]) == len(response.content) == whole["byteSize"]
    digest = hashlib.sha256(response.content).digest()
    assert digest.hex() == whole["sha256"]
    assert response.headers["etag"] == f'"{whole["sha256"]}"'
    assert response.headers["repr-digest"] == f"sha-256=:{base64.b64encode(digest).decode()}:"
    backup = io.BytesIO()
    _store(web).dump(backup)
    content = gzip.decompress(response.content)
    assert _lines(content) == _lines(backup.getvalue())
    assert len(_lines(content)) == whole["quads"]
    action = "<https://w3id.org/coopgraph/id/action/sample>"
    sample = f'{action} <http://purl.org/dc/terms/title> "Une action"@fr <{SEED_GRAPH}> .'
    assert sample in content.decode()


def test_a_graph_file_holds_its_graph(web: TestClient) -> None:
    name = graph_file_name(GEOGRAPHY_GRAPH)
    response = web.get(f"/dumps/{name}")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == _file(_fresh(web), name)["sha256"]
    expected = _store(web).export_graph(GEOGRAPHY_GRAPH, formats.N_TRIPLES)
    assert _lines(gzip.decompress(response.content)) == _lines(expected)
    disposition = response.headers["content-disposition"]
    assert (
        disposition == 'attachment; filename="coopgraph-graph-data-geography-geography-2026.nt.gz"'
    )


def test_head_and_revalidation(web: TestClient) -> None:
    whole = _file(_fresh(web), "all.nq.gz")
    head = web.head("/dumps/all.nq.gz")
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) == whole["byteSize"]
    assert head.headers["etag"] == f'"{whole["sha256"]}"'
    again = web.get("/dumps/all.nq.gz", headers={"If-None-Match": head.headers["etag"]})
    assert again.status_code == 304
    assert web.head("/dumps").status_code == 200
    part = web.get("/dumps/all.nq.gz", headers={"Range": "bytes=0-9"})
    assert part.status_code == 206
    assert len(part.content) == 10


def test_a_write_makes_a_new_set(web: TestClient) -> None:
    before = _fresh(web)
    graph = "http://example.org/graphs/written"
    body = "<http://example.org/s> <http://example.org/p> <http://example.org/o> ."
    headers = {**ADMIN, "Content-Type": "application/n-triples"}
    put = web.put("/graphs", params={"graph": graph}, content=body, headers=headers)
    assert put.status_code in (201, 204)
    stale = web.get("/dumps").json()
    assert stale["fresh"] is False  # the last complete set, while the next one is made
    assert stale["files"] == before["files"]
    after = _fresh(web)
    assert _file(after, "all.nq.gz")["sha256"] != _file(before, "all.nq.gz")["sha256"]
    assert _file(after, "all.nq.gz")["quads"] == _file(before, "all.nq.gz")["quads"] + 1
    written = web.get(f"/dumps/{graph_file_name(graph)}")
    assert gzip.decompress(written.content).decode().strip() == body


def test_unknown_files_and_formats_are_named(web: TestClient) -> None:
    _fresh(web)
    missing = web.get("/dumps/graph/nothing.nt.gz")
    assert missing.status_code == 404
    assert "« graph/nothing.nt.gz »" in missing.text
    assert "'graph/nothing.nt.gz'" in missing.text
    wrong = web.get("/dumps", params={"format": "xml"})
    assert wrong.status_code == 400
    assert "json, html" in wrong.text
    assert web.get("/dumps", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize(("lang", "words"), [("fr", "Exports du jeu"), ("en", "Dataset dumps")])
def test_browsers_get_the_list_as_a_page(web: TestClient, lang: str, words: str) -> None:
    listing = _fresh(web)
    page = web.get("/dumps", params={"lang": lang}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert words in page.text
    assert 'role="search"' in page.text  # the site's header, its search box included
    for file in listing["files"]:
        assert f'href="{file["url"]}"' in page.text
        assert file["sha256"] in page.text


def test_void_names_each_dump_and_each_graph_licence(web: TestClient) -> None:
    listing = _fresh(web)
    void = Graph().parse(data=web.get("/.well-known/void?format=ttl").text, format="turtle")
    base = "http://testserver"
    dataset = URIRef(f"{base}/.well-known/void#coopgraph")
    assert (dataset, VOID.dataDump, URIRef(f"{base}/dumps/all.nq.gz")) in void
    for file in listing["files"]:
        if file["name"] == "default.nt.gz":
            continue
        distribution = URIRef(f"{base}/.well-known/void#dump/{file['name']}")
        assert (distribution, DCAT.downloadURL, URIRef(base + file["url"])) in void
        media = URIRef(f"https://www.iana.org/assignments/media-types/{file['mediaType']}")
        assert (distribution, DCAT.mediaType, media) in void
        size = Literal(file["byteSize"], datatype=XSD.nonNegativeInteger)
        assert void.value(distribution, DCAT.byteSize) == size
        checksum = void.value(distribution, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == file["sha256"]
    geography = URIRef(GEOGRAPHY_GRAPH)
    assert set(void.objects(geography, DCTERMS.license)) == {ETALAB}
    npm = URIRef("https://www.npmjs.com/package/@etalab/decoupage-administratif/v/6.0.0")
    assert npm in set(void.objects(geography, DCTERMS.source))
    seed = URIRef(SEED_GRAPH)
    assert set(void.objects(seed, DCTERMS.license)) == {CC_BY}  # not the cited document's
    assert set(void.objects(seed, DCTERMS.source)) == {URIRef(DOCUMENT)}
    seed_dump = URIRef(f"{base}/.well-known/void#dump/{graph_file_name(SEED_GRAPH)}")
    assert (seed, DCAT.distribution, seed_dump) in void
    assert set(void.objects(seed_dump, DCTERMS.license)) == {CC_BY}
