"""Liveness: answers at once, whatever queries are running."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["Service"])


@router.get("/health", summary="Liveness check")
async def health() -> dict[str, str]:
    """``{"status": "ok"}`` while the service process is up."""
    return {"status": "ok"}
