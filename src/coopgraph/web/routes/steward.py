"""The stewards' spreadsheet template: GET /steward/template.xlsx (a workbook) and
/steward/template.zip (the same sheets as CSVs), generated from the shapes; and a territory's
published description as that workbook, filled: GET /territories/{kind}/{code}/workbook.xlsx.

The template is made once per process (about a second: the shapes and the ontology are read)
and kept: the shapes change only when the service is started again.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool

from coopgraph.errors import NotFound
from coopgraph.submissions import Workspace, history, territory_iri, version_ntriples
from coopgraph.validation import TEMPLATE_FORMATS, write_filled_workbook, write_template
from coopgraph.web.deps import SettingsDep, WorkspaceDep

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


@router.get(
    "/territories/{territory:path}/workbook.xlsx",
    summary="A territory's published description as a filled workbook",
    response_class=Response,
    responses={200: {"content": {TEMPLATE_FORMATS["xlsx"]: {}}}},
)
async def territory_workbook(
    territory: str,
    settings: SettingsDep,
    space: WorkspaceDep,
    version: Annotated[int | None, Query(description="Default: the newest.")] = None,
) -> Response:
    """The template filled with a version of the territory's description, one row per
    resource and its IRI: sent back unchanged (/validate, /submissions), it gives the same
    triples."""
    iri = territory_iri(territory)
    number, data = await run_in_threadpool(_filled, space, settings.content_root, iri, version)
    name = f"coopgraph-{territory.strip('/').replace('/', '-')}-v{number}.xlsx"
    return Response(
        data,
        media_type=TEMPLATE_FORMATS["xlsx"],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _filled(
    space: Workspace, content_root: Path, territory: str, version: int | None
) -> tuple[int, bytes]:
    if version is None:
        found = history(space, territory)
        if not found:
            raise NotFound(
                f"<{territory}> has no published description yet / <{territory}> n'a pas "
                "encore de description publiée"
            )
        version = found[-1].number
    ntriples = version_ntriples(space, territory, version)
    return version, write_filled_workbook(content_root, ntriples, territory)
