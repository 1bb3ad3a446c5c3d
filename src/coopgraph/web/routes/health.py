"""Liveness and readiness: answers at once, whatever queries are running.

While the content loads behind an open port (``coopgraph serve``), the readiness gate
(web/readiness.py) answers this route, like every other, 503 with Retry-After and the progress
in French and English; a start that failed, 503 naming the error. Then 200.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

router = APIRouter(tags=["Service"])

_NOT_READY: dict[int | str, dict[str, Any]] = {
    503: {
        "description": "Starting (with Retry-After) or failed to start: where the start stands "
        "/ démarrage en cours (avec Retry-After) ou échoué : où il en est",
        "content": {
            "application/json": {
                "example": {
                    "status": "loading",
                    "step": "loading",
                    "progress": 0.4,
                    "message": {
                        "fr": "chargement de la géographie, 40 %",
                        "en": "loading the geography, 40 %",
                    },
                }
            }
        },
    }
}


@router.get("/health", summary="Liveness and readiness check", responses=_NOT_READY)
async def health() -> dict[str, str]:
    """``{"status": "ok"}`` once the content is loaded and the workers are up."""
    return {"status": "ok"}
