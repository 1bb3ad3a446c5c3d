"""The routes' dependencies: the services opened once, the caller's rights, the workspace."""

from __future__ import annotations

from pathlib import Path

from conftest import make_settings, running_client
from fastapi.testclient import TestClient

from coopgraph.settings import Settings
from coopgraph.web.deps import Services


def test_the_services_are_the_ones_the_app_opened(client: TestClient, settings: Settings) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    assert isinstance(services, Services)
    assert services.settings is settings


def test_a_write_needs_the_admin_token(client: TestClient) -> None:
    refused = client.put("/graphs", params={"graph": "http://ex/g"}, content=b"")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Bearer realm="coopgraph"'


def test_the_workspace_needs_a_private_folder(client: TestClient) -> None:
    disabled = client.get("/territories/commune/62528/versions")
    assert disabled.status_code == 503
    assert "submissions are disabled" in disabled.text


def test_the_workspace_of_a_private_folder(tmp_path: Path) -> None:
    with running_client(make_settings(private_folder=tmp_path / "private")) as client:
        versions = client.get("/territories/commune/62528/versions")
    assert versions.status_code == 200
    assert versions.json() == {
        "territory": "https://w3id.org/coopgraph/id/commune/62528",
        "versions": [],
    }
