"""Publishing territory descriptions: POST /submissions, versions, diffs and rollbacks.

A steward or admin token (``Authorization: Bearer``) covering the territory is needed to
write; reads are public, as the provenance graph is. The territory is named by ``?territory=``
or the ``Coopgraph-Territory`` header (an IRI, ``id:commune/62528`` or ``commune/62528``);
in paths it is ``{kind}/{code}``. The body is one RDF document with its Content-Type, or a
``multipart/form-data`` body whose parts are RDF documents or spreadsheets (a filled workbook,
a CSV, a zip of CSVs, converted to RDF as /validate converts them, with each result at its
sheet, row and column; a part's format is its Content-Type, else its file name's suffix, and
its name in the report its file name). It is parsed and validated in the validation workers
(``coopgraph.validation.sandbox``) before anything is written, on workers
anonymous /validate requests cannot all hold. Nothing heavy runs on the event loop: the body is
decoded in a thread, and the report rendered in a thread, bounded like /validate's (its first
results, violations first, and a count of the rest).
"""

from __future__ import annotations

import dataclasses
from email.message import MIMEPart
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from coopgraph import formats
from coopgraph.access import require_territory
from coopgraph.errors import InputError, NotAcceptable, UnsupportedMediaType
from coopgraph.languages import pick_language
from coopgraph.submissions import (
    Version,
    history,
    rdf_patch,
    render_version,
    rollback,
    submission_status,
    submit,
    territory_iri,
    version_changes,
    version_ntriples,
)
from coopgraph.validation import (
    PLAIN_JSON,
    PLAIN_TEXT,
    Upload,
    choose_report_format,
    render_report,
)
from coopgraph.web.deps import IdentityDep, ValidatorDep, WorkspaceDep
from coopgraph.web.headers import TERRITORY_HEADER
from coopgraph.web.sparql_protocol import MULTIPART, multipart_parts, read_body

router = APIRouter(tags=["Submissions"])

PATCH = "application/rdf-patch"
OCTET_STREAM = "application/octet-stream"
_DIFF_TYPES = (PLAIN_JSON, PATCH, PLAIN_TEXT)
FormatQuery = Annotated[
    str | None, Query(description="json, jsonld, turtle, csv, html or text: overrides Accept.")
]
LangQuery = Annotated[str | None, Query(description="fr or en: language of the messages.")]
TerritoryQuery = Annotated[
    str | None, Query(description="The territory: its IRI, id:commune/62528 or commune/62528.")
]


def _named_territory(request: Request, territory: str | None) -> str:
    named = territory or request.headers.get(TERRITORY_HEADER)
    if not named:
        raise InputError(f"name the territory with ?territory=IRI or a {TERRITORY_HEADER} header")
    return territory_iri(named)


def _uploads(content_type: str | None, body: bytes) -> list[Upload]:
    """The uploads of a body (a multipart one decoded by the stdlib: call it in a thread):
    RDF documents or spreadsheets, as /validate reads them."""
    if formats.essence(content_type or "") != MULTIPART:
        return [Upload(body, formats.submitted_media_type(content_type), "body")]
    uploads = []
    for number, part in enumerate(multipart_parts(str(content_type), body), start=1):
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        uploads.append(
            Upload(data, _part_format(part, number), part.get_filename() or f"part {number}")
        )
    if not uploads:
        raise InputError(f"the multipart body (Content-Type '{content_type}') has no parts")
    return uploads


def _part_format(part: MIMEPart, number: int) -> str:
    """A part's format: its Content-Type, else (or when only octet-stream) its file suffix."""
    declared = part.get("content-type")
    filename = part.get_filename()
    if declared and (formats.essence(str(declared)) != OCTET_STREAM or not filename):
        return formats.submitted_media_type(str(declared))
    if filename:
        return formats.submitted_media_type_for_path(PurePath(filename))
    raise UnsupportedMediaType(
        f"part {number} of the multipart body has no Content-Type nor file name / la partie "
        f"{number} du corps multipart n'a ni Content-Type ni nom de fichier"
    )


@router.post("/submissions", status_code=201, summary="Submit a territory's description")
async def create_submission(
    request: Request,
    identity: IdentityDep,
    validator: ValidatorDep,
    space: WorkspaceDep,
    territory: TerritoryQuery = None,
    format: FormatQuery = None,
    lang: LangQuery = None,
) -> Response:
    """Validate the body; publish it (201, Location) if it conforms, else 422 and the report."""
    iri = _named_territory(request, territory)
    require_territory(identity, iri)
    name = choose_report_format(request.headers.get("accept"), format)
    language = pick_language(request.headers.get("accept-language"), lang)
    body = await read_body(request, space.limit, "submission")
    uploads = await run_in_threadpool(_uploads, request.headers.get("content-type"), body)
    checked = await validator.check(uploads)
    outcome = await run_in_threadpool(submit, space, identity, iri, uploads, checked)
    # Bounded, so quick: no deadline, which could only refuse what was already published.
    text, media_type = await run_in_threadpool(render_report, outcome.report, name, language, True)
    headers = {"Content-Language": language}
    if outcome.version is None:
        return Response(text, 422, headers, media_type)
    headers["Location"] = f"/submissions/{outcome.version.submission}"
    return Response(text, 201, headers, media_type)


@router.get("/submissions/{submission}", summary="A submission's status and report")
async def read_submission(submission: str, space: WorkspaceDep) -> Response:
    """The version a submission published, whether it is current, and its report."""
    found = await run_in_threadpool(submission_status, space, submission)
    document = _version_json(found.version) | {"current": found.current, "report": found.report}
    return JSONResponse(document)


@router.get("/territories/{territory:path}/versions", summary="The versions of a territory")
async def list_versions(territory: str, space: WorkspaceDep) -> Response:
    """Every published version of a territory's description, oldest first."""
    found = await run_in_threadpool(history, space, territory_iri(territory))
    return JSONResponse({"territory": territory_iri(territory),
                         "versions": [_version_json(v) for v in found]})  # fmt: skip


@router.get("/territories/{territory:path}/versions/{number}", summary="One version's triples")
async def read_version(
    request: Request, territory: str, number: int, space: WorkspaceDep
) -> Response:
    """The triples of one version, as N-Triples, Turtle, JSON-LD or RDF/XML."""
    accept = request.headers.get("accept")
    media_type = formats.negotiate(accept, (formats.N_TRIPLES, *formats.GRAPH_MEDIA_TYPES))
    if media_type is None:
        raise NotAcceptable(f"a version comes as RDF; Accept '{accept}' allows none")
    document = await run_in_threadpool(version_ntriples, space, territory_iri(territory), number)
    return Response(render_version(document, media_type), media_type=media_type)


@router.get("/territories/{territory:path}/diff", summary="Triples added and removed")
async def diff_versions(
    request: Request,
    territory: str,
    space: WorkspaceDep,
    old: Annotated[int | None, Query(alias="from", description="Default: to - 1.")] = None,
    new: Annotated[int | None, Query(alias="to", description="Default: the newest.")] = None,
) -> Response:
    """What version ``to`` adds to version ``from`` and removes: JSON or an RDF Patch."""
    accept = request.headers.get("accept")
    media_type = formats.negotiate(accept, _DIFF_TYPES)
    if media_type is None:
        raise NotAcceptable(f"a diff comes as JSON or RDF Patch; Accept '{accept}' allows none")
    iri = territory_iri(territory)
    if new is None:
        found = await run_in_threadpool(history, space, iri)
        new = found[-1].number if found else 1
    old = new - 1 if old is None else old
    changes = await run_in_threadpool(version_changes, space, iri, old, new)
    if media_type != PLAIN_JSON:
        return Response(rdf_patch(changes), media_type=media_type)
    return JSONResponse({"territory": iri, "from": old, "to": new, **dataclasses.asdict(changes)})


@router.post("/territories/{territory:path}/rollback", status_code=201, summary="Restore a version")
async def roll_back(
    territory: str,
    identity: IdentityDep,
    to: Annotated[int, Query(description="The version to publish again.")],
    space: WorkspaceDep,
) -> Response:
    """Publish an earlier version again, as the newest (steward of the territory, or admin)."""
    iri = territory_iri(territory)
    require_territory(identity, iri)
    version = await run_in_threadpool(rollback, space, identity, iri, to)
    headers = {"Location": f"/submissions/{version.submission}"}
    return JSONResponse(_version_json(version) | {"current": True}, 201, headers)


def _version_json(version: Version) -> dict[str, Any]:
    return {
        "submission": version.submission,
        "territory": version.territory,
        "version": version.number,
        "kind": version.kind,
        "by": version.agent,
        "at": version.time,
        "sha256": version.checksum,
        "triples": version.triples,
        "location": f"/submissions/{version.submission}",
    }
