"""Operations for the admin: POST /admin/backup writes an online, consistent backup."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from coopgraph.errors import StoreError
from coopgraph.store import back_up
from coopgraph.web.deps import AdminDep, SettingsDep, StoreDep

router = APIRouter(tags=["Operations"])


@router.post("/admin/backup", status_code=201, summary="Write a backup of the store (admin)")
async def write_backup(settings: SettingsDep, store: StoreDep, _admin: AdminDep) -> JSONResponse:
    """A consistent backup of the running store into COOPGRAPH_BACKUP_FOLDER (201)."""
    root = settings.backup_path
    if root is None:
        raise StoreError(
            "backups need a folder: set COOPGRAPH_BACKUP_FOLDER (a store in memory or a "
            "remote store has no default)"
        )
    made = await run_in_threadpool(back_up, store, root, settings.private_path)
    return JSONResponse({"backup": made.folder.name, "quads": made.quads}, 201)
