"""GET /steward/template.xlsx and .zip, a filled workbook POSTed to /validate, and a published
description downloaded as a workbook that comes back as the same triples, on the real app."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import pytest
from conftest import make_settings, running_client
from fastapi.testclient import TestClient
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS
from support.steward_content import LOOS, ROOT, content_root, steward_file
from support.workbooks import FAULTS, fill

from coopgraph import formats
from coopgraph.access.keyring import Keyring
from coopgraph.validation.tabular import read_table
from coopgraph.web.routes import steward


@dataclass(frozen=True)
class Site:
    """The app, and the bearer header of Loos-en-Gohelle's steward."""

    client: TestClient
    steward: dict[str, str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app over the ontology, the sample geography and Malaunay's commune, with a
    Loos-en-Gohelle steward."""
    folder = tmp_path_factory.mktemp("steward")
    root = content_root(folder / "project")
    geography = next((ROOT / "data" / "geography").glob("*.nt.gz")).read_bytes()
    lines = gzip.decompress(geography).splitlines(keepends=True)
    with (root / "data" / "geography" / "sample.nt").open("ab") as sample:
        sample.writelines(line for line in lines if b"/id/commune/76402>" in line)
    token = Keyring(folder / "private").create("alice", [LOOS], admin=False)
    settings = make_settings(
        load_content=True, content_root=root, private_folder=folder / "private"
    )
    with running_client(settings) as started:
        yield Site(started, {"Authorization": f"Bearer {token}"})


@pytest.fixture(scope="module")
def client(site: Site) -> TestClient:
    return site.client


@pytest.fixture(scope="module")
def filled(client: TestClient) -> bytes:
    return fill(client.get("/steward/template.xlsx").content)


def test_the_router_serves_both_templates() -> None:
    paths = {route.path for route in steward.router.routes}  # type: ignore[attr-defined]
    assert paths == {
        "/steward/template.xlsx",
        "/steward/template.zip",
        "/territories/{territory:path}/workbook.xlsx",
    }


def test_the_workbook_template_downloads(client: TestClient) -> None:
    response = client.get("/steward/template.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == formats.XLSX
    assert 'filename="coopgraph-modele.xlsx"' in response.headers["content-disposition"]
    assert response.content[:2] == b"PK"


def test_the_csv_template_downloads_as_a_zip(client: TestClient) -> None:
    response = client.get("/steward/template.zip")
    assert response.status_code == 200
    assert response.headers["content-type"] == formats.ZIP
    assert "effets.csv" in zipfile.ZipFile(BytesIO(response.content)).namelist()


def _where(results: list[dict[str, object]]) -> set[tuple[str, object]]:
    return {(str(r["source"]).rsplit(" / ", 1)[1], r["line"]) for r in results}


def test_a_filled_workbook_is_validated_cell_by_cell(client: TestClient, filled: bytes) -> None:
    files = {"file": ("malaunay.xlsx", filled, formats.XLSX)}
    response = client.post("/validate?format=json&lang=en", files=files)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert {(sheet, row) for sheet, row, _key in FAULTS} <= _where(results)
    dimension = next(r for r in results if r["path"].endswith("/dimension"))
    assert (dimension["source"], dimension["line"], dimension["column"]) == (
        "malaunay.xlsx / effets", 5, 4
    )  # fmt: skip


def test_a_raw_workbook_body_and_the_text_report(client: TestClient, filled: bytes) -> None:
    response = client.post(
        "/validate?format=text&lang=fr", content=filled, headers={"Content-Type": formats.XLSX}
    )
    assert response.status_code == 200, response.text
    assert "body / effets, ligne 5, colonne 4 (cg:dimension)" in response.text


def test_a_broken_workbook_is_a_400_in_both_languages(client: TestClient) -> None:
    response = client.post(
        "/validate?format=json", content=b"PK\x03\x04broken", headers={"Content-Type": formats.XLSX}
    )
    assert response.status_code == 400
    assert "not a readable XLSX workbook" in response.text
    assert "classeur XLSX lisible" in response.text


# The round trip: a description published in Turtle, downloaded as a workbook, sent back.


@pytest.fixture(scope="module")
def published(site: Site) -> Graph:
    """Loos-en-Gohelle's description, published in Turtle: its triples as kept."""
    response = site.client.post(
        "/submissions",
        params={"territory": LOOS},
        content=steward_file("loos-en-gohelle.ttl"),
        headers={"Content-Type": formats.TURTLE, **site.steward},
    )
    assert response.status_code == 201, response.text
    version = site.client.get(
        "/territories/commune/62528/versions/1", headers={"Accept": formats.N_TRIPLES}
    )
    return Graph().parse(data=version.text, format="nt")


@pytest.fixture(scope="module")
def downloaded(site: Site, published: Graph) -> bytes:
    response = site.client.get("/territories/commune/62528/workbook.xlsx")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == formats.XLSX
    assert 'filename="coopgraph-commune-62528-v1.xlsx"' in response.headers["content-disposition"]
    return response.content


def test_a_downloaded_description_conforms_when_sent_back(site: Site, downloaded: bytes) -> None:
    files = {"file": ("loos.xlsx", downloaded, formats.XLSX)}
    response = site.client.post("/validate?format=json", files=files)
    assert response.status_code == 200, response.text
    assert response.headers["coopgraph-conforms"] == "true", response.text


def test_a_downloaded_description_gives_the_same_triples_back(
    published: Graph, downloaded: bytes
) -> None:
    again, _cells, _rows = read_table(downloaded, formats.XLSX, "loos.xlsx")
    # What the sheets do not hold: a date's instant has no name of its own in a sheet, so a
    # blank node comes back as <resource#date>; every other triple comes back as it was.
    instants = {
        o: BNode() for o in again.objects(None, URIRef("http://www.w3.org/2006/time#hasTime"))
    }
    blank = Graph()
    for triple in again:
        blank.add(tuple(instants.get(term, term) for term in triple))  # type: ignore[arg-type]
    assert isomorphic(blank, published)
    town_hall = URIRef("https://w3id.org/coopgraph/id/organisation/test-loos-town-hall")
    assert (town_hall, RDF.type, URIRef("https://w3id.org/coopgraph/def/Organisation")) in again
    assert len(set(again.objects(town_hall, RDFS.label))) == 2


def test_a_territory_without_a_description_has_no_workbook(client: TestClient) -> None:
    response = client.get("/territories/commune/59350/workbook.xlsx")
    assert response.status_code == 404
    assert "no published description" in response.text
    assert "description publiée" in response.text
