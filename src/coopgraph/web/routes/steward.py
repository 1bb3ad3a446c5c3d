"""The stewards' spreadsheet template: GET /steward/template.xlsx (a workbook) and
/steward/template.zip (the same sheets as CSVs), generated from the shapes.

The template is made once per process (about a second: the shapes and the ontology are read)
and kept: the shapes change only when the service is started again.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool

from coopgraph.validation import TEMPLATE_FORMATS, write_template
from coopgraph.web.deps import SettingsDep

router = APIRouter(tags=["Stewards"])


@lru_cache(maxsize=4)
def _template(content_root: Path, kind: str) -> bytes:
    return write_template(content_root, kind)


async def _download(content_root: Path, kind: str, name: str) -> Response:
    data = await run_in_threadpool(_template, content_root, kind)
    return Response(
        data,
        media_type=TEMPLATE_FORMATS[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/steward/template.xlsx",
    summary="The stewards' spreadsheet template (XLSX)",
    response_class=Response,
    responses={200: {"content": {TEMPLATE_FORMATS["xlsx"]: {}}}},
)
async def workbook_template(settings: SettingsDep) -> Response:
    """One sheet per kind of resource, columns from the shapes, drop-down lists of concepts."""
    return await _download(settings.content_root, "xlsx", "coopgraph-modele.xlsx")


@router.get(
    "/steward/template.zip",
    summary="The stewards' spreadsheet template (a zip of CSVs)",
    response_class=Response,
    responses={200: {"content": {TEMPLATE_FORMATS["csv"]: {}}}},
)
async def csv_template(settings: SettingsDep) -> Response:
    """The same sheets as the workbook, one CSV each, and ``listes.csv`` of the concepts."""
    return await _download(settings.content_root, "csv", "coopgraph-modele.zip")
