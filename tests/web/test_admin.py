"""POST /admin/backup: admin only, into COOPGRAPH_BACKUP_FOLDER."""

from __future__ import annotations

from pathlib import Path

from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient

from coopgraph.web.routes import admin

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def test_a_backup_needs_the_admin_token(client: TestClient) -> None:
    assert client.post("/admin/backup").status_code == 401
    assert client.post("/admin/backup", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_a_store_in_memory_has_no_backup_folder(client: TestClient) -> None:
    refused = client.post("/admin/backup", headers=ADMIN)
    assert refused.status_code == 503
    assert "COOPGRAPH_BACKUP_FOLDER" in refused.text


def test_a_backup_is_written_into_the_folder(tmp_path: Path) -> None:
    settings = make_settings(store=str(tmp_path / "store"), backup_folder=tmp_path / "backups")
    with running_client(settings) as client:
        made = client.post(admin.router.routes[0].path, headers=ADMIN)  # type: ignore[attr-defined]
    assert made.status_code == 201
    assert (tmp_path / "backups" / made.json()["backup"]).is_dir()
    assert made.json()["quads"] == 0
