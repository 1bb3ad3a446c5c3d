"""GET /steward/template.xlsx and .zip, and a filled workbook POSTed to /validate, on the real
app."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Iterator
from io import BytesIO

import pytest
from conftest import make_settings, running_client
from fastapi.testclient import TestClient
from support.workbooks import FAULTS, fill

from coopgraph import formats, iris
from coopgraph.content import loading
from coopgraph.store.base import Store
from coopgraph.web.routes import steward


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app on a store in memory holding the ontology and Malaunay's commune."""
    settings = make_settings()
    with running_client(settings) as started:
        store: Store = started.app.state.services.store  # type: ignore[attr-defined]
        for source in loading.project_sources(settings.content_root):
            if source.graph == iris.ONTOLOGY_GRAPH:
                loading.load_source(store, source)
            elif "geography" in source.graph:
                lines = gzip.decompress(source.files[0].read_bytes()).splitlines(keepends=True)
                malaunay = b"".join(line for line in lines if b"/id/commune/76402>" in line)
                store.replace_graph(source.graph, malaunay, formats.N_TRIPLES)
        yield started


@pytest.fixture(scope="module")
def filled(client: TestClient) -> bytes:
    return fill(client.get("/steward/template.xlsx").content)


def test_the_router_serves_both_templates() -> None:
    paths = {route.path for route in steward.router.routes}  # type: ignore[attr-defined]
    assert paths == {"/steward/template.xlsx", "/steward/template.zip"}


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
