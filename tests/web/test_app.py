"""create_app: every route module served, the lifespan opening and closing the store, CORS."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from conftest import make_settings, running_client
from fastapi.testclient import TestClient

from coopgraph.errors import RdfSyntaxError, StoreError
from coopgraph.questions import DRAWN_ANALYSES, load_queries
from coopgraph.settings import Settings
from coopgraph.store import open_store
from coopgraph.web.app import create_app
from coopgraph.web.deps import Services
from coopgraph.web.headers import EXPOSED_HEADERS, ROW_CAP_HEADER
from coopgraph.web.routes import admin, graphs, health, pages, resources, sparql, submissions
from coopgraph.web.routes import validate as validate_routes

ROUTE_MODULES = (admin, graphs, health, pages, resources, sparql, submissions, validate_routes)


@pytest.mark.parametrize("module", ROUTE_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_every_documented_route_of_a_module_is_served(
    client: TestClient, module: ModuleType
) -> None:
    documented = {r.path_format for r in module.router.routes if r.include_in_schema}
    assert documented
    assert documented <= set(client.get("/openapi.json").json()["paths"])


def test_each_stored_query_has_its_endpoint_and_drawn_ones_a_picture(
    client: TestClient, settings: Settings
) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    queries = load_queries(settings.content_root / "queries")
    assert {f"/api/{name}" for name in queries} | {"/api/queries"} <= paths
    drawn = {f"/api/{q.name}.svg" for q in queries.values() if q.analysis in DRAWN_ANALYSES}
    assert drawn
    assert drawn <= paths


def test_the_lifespan_holds_the_store_while_running(tmp_path: Path) -> None:
    settings = make_settings(store=str(tmp_path / "store"))
    with running_client(settings) as client:
        services = client.app.state.services  # type: ignore[attr-defined]
        assert isinstance(services, Services)
        assert services.settings is settings
        with pytest.raises(StoreError, match="in use"):
            open_store(settings)
    open_store(settings).close()  # closed when the app stopped


def test_the_store_stays_closed_when_the_content_cannot_load(tmp_path: Path) -> None:
    broken = tmp_path / "content"
    (broken / "ontology").mkdir(parents=True)
    (broken / "ontology" / "broken.ttl").write_text("<a> <b> .", encoding="utf-8")
    (broken / "queries").mkdir()
    settings = make_settings(store=str(tmp_path / "store"), load_content=True, content_root=broken)
    with pytest.raises(RdfSyntaxError, match="ontology/"), TestClient(create_app(settings)):
        pass
    open_store(settings).close()  # the failed start released it


def test_browsers_may_read_the_answer_headers(client: TestClient) -> None:
    answer = client.get(
        "/sparql",
        params={"query": "ASK {}"},
        headers={"Origin": "https://example.org", "Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    exposed = {
        h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")
    }
    assert {h.lower() for h in EXPOSED_HEADERS} <= exposed
    assert {"coopgraph-cache", "etag", "retry-after"} <= exposed
    assert ROW_CAP_HEADER in answer.headers
