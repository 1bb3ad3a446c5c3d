"""``/reconcile``: the W3C Reconciliation Service API, as OpenRefine speaks it.

- ``GET /reconcile``: the service manifest (0.2; ``?version=1.0-draft`` for the draft's);
  with ``queries`` (or ``query``), the answer to them, as a POST would give.
- ``POST /reconcile``: a batch, form field ``queries`` (0.2: ``{"q0": {...}}`` answered
  ``{"q0": {"result": [...]}}``) or a JSON body ``{"queries": [...]}`` (1.0 draft).
- ``GET /reconcile/suggest/entity|type|property?prefix=``: completions.
- ``GET /reconcile/preview?id=``: a small HTML card; ``/reconcile/view?id=``: 303 to its page.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from coopgraph.errors import NotFound, TooLarge
from coopgraph.finding import (
    Entry,
    SearchIndex,
    answer_batch,
    answer_draft,
    card_of,
    manifest,
    read_batch,
    read_draft,
    read_json,
    read_query,
    reconcile,
    refused,
    suggest,
)
from coopgraph.web.deps import SettingsDep
from coopgraph.web.finder import keeper_of, page_of, read_count, type_iri
from coopgraph.web.html import LangQuery, localised, request_language, site_of
from coopgraph.web.templating import templates

router = APIRouter(prefix="/reconcile", tags=["Reconciliation"])

MAX_BODY = 2 * 1024 * 1024
"""The largest batch read (2 MiB: thousands of queries)."""
_Queries = Annotated[str | None, Query(description='A 0.2 batch: {"q0": {"query": ...}}.')]
_Single = Annotated[str | None, Query(description="One query (0.1): its text or JSON object.")]
_Version = Annotated[str | None, Query(description="The manifest's version: 0.2, 1.0-draft.")]
SUGGESTED = ("entity", "type", "property")
_Id = Annotated[str, Query(description="The IRI of a thing the service found.")]


def endpoint_of(request: Request, public_base: str | None) -> str:
    """The absolute URL of /reconcile, as the manifest must name it."""
    base = public_base or str(request.base_url)
    return base.rstrip("/") + "/reconcile"


async def _index(request: Request) -> SearchIndex:
    return await keeper_of(request).current()


@router.get("", summary="Service manifest, or the answer to queries")
async def service(
    request: Request,
    settings: SettingsDep,
    queries: _Queries = None,
    query: _Single = None,
    version: _Version = None,
    lang: LangQuery = None,
) -> dict[str, Any]:
    """The manifest OpenRefine reads when the service is added; queries as for POST."""
    chosen = request_language(request, lang)
    if version not in (None, "0.2", "1.0-draft"):
        raise refused(
            f"version « {version} » inconnue : 0.2 ou 1.0-draft",
            f"unknown version '{version}': 0.2 or 1.0-draft",
        )
    index = await _index(request)
    if queries is not None:
        return answer_batch(index, read_batch(read_json(queries, "queries")), chosen)
    if query is not None:
        document = read_json(query, "query") if query.lstrip().startswith("{") else query
        return {"result": reconcile(index, read_query(document, "query"), chosen)}
    endpoint = endpoint_of(request, settings.public_base)
    return manifest(endpoint, index, chosen, draft=version == "1.0-draft")


@router.post("", summary="Reconcile a batch of queries")
async def reconcile_batch(request: Request, lang: LangQuery = None) -> dict[str, Any]:
    """Form field ``queries`` (0.2), or a JSON body ``{"queries": [...]}`` (1.0 draft)."""
    chosen = request_language(request, lang)
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/"):
        field = (await request.form()).get("queries")
    else:
        body = (await _capped_body(request)).decode("utf-8", "replace")
        if kind.startswith("application/json"):
            document = read_json(body, "body")
            return answer_draft(await _index(request), read_draft(document), chosen)
        field = next(iter(parse_qs(body).get("queries", [])), None)
    if not isinstance(field, str):
        raise _missing_queries()
    batch = read_batch(read_json(field, "queries"))
    return answer_batch(await _index(request), batch, chosen)


async def _capped_body(request: Request) -> bytes:
    """The body, read no further than MAX_BODY."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise TooLarge(f"le lot dépasse {MAX_BODY} octets / the batch exceeds {MAX_BODY} bytes")
    return bytes(body)


def _missing_queries() -> Exception:
    return refused(
        "le champ de formulaire « queries » manque (un objet JSON de requêtes)",
        "the form field 'queries' is missing (a JSON object of queries)",
    )


@router.get("/suggest/{kind}", summary="Complete a name: entities, types or properties")
async def suggest_names(
    request: Request,
    kind: str,
    prefix: Annotated[str, Query(description="What the user typed.")] = "",
    cursor: Annotated[str, Query(description="How many to skip (0 to 1000).")] = "0",
    type: Annotated[str | None, Query(description="Entities of this type only.")] = None,
    lang: LangQuery = None,
) -> dict[str, Any]:
    """``{"result": [{"id", "name", "description"}]}``, the best first; ``kind`` is
    entity, type or property."""
    chosen = request_language(request, lang)
    if kind not in SUGGESTED:
        raise NotFound(
            f"aucune suggestion de « {kind} » : entity, type ou property / "
            f"no suggestions of '{kind}': entity, type or property"
        )
    skipped = read_count(cursor, "cursor", 0, 1000)
    index = await _index(request)
    if kind == "entity" and type:
        hits = index.search(prefix, [type_iri(type)], skipped + 10)[skipped:]
        return {"result": [{"id": h.entry.iri, "name": h.entry.name(chosen)} for h in hits]}
    return suggest(index, kind, prefix, chosen, skipped)


@router.get("/preview", summary="A small HTML card of a thing")
async def preview(
    request: Request,
    settings: SettingsDep,
    id: _Id = "",
    lang: LangQuery = None,
) -> Response:
    """What OpenRefine shows in a pop-up when a candidate is hovered."""
    chosen = request_language(request, lang)
    index = await _index(request)
    entry = _known(index, id)
    site = site_of(request, settings.public_base)
    context = {"card": card_of(entry, index, chosen), "page": page_of(site, id), "lang": chosen}
    response = templates.TemplateResponse(request, "reconcile-preview.html", context)
    return localised(response, chosen, "Accept-Language")


@router.get("/view", summary="The page of a thing", response_class=RedirectResponse)
async def view(request: Request, settings: SettingsDep, id: _Id = "") -> RedirectResponse:
    """303 See Other to the thing's page on this deployment (or to its IRI, if elsewhere:
    only IRIs the index holds, so that the service redirects nobody to just any site)."""
    _known(await _index(request), id)
    page = page_of(site_of(request, settings.public_base), id)
    return RedirectResponse(page or id, status_code=303)


def _known(index: SearchIndex, iri: str) -> Entry:
    """The entry of ``iri``: 400 when none is given, 404 when the index has none."""
    if not iri.strip():
        raise refused(
            "« id » manque : l'IRI d'une chose trouvée", "'id' is missing: the IRI of a thing found"
        )
    entry = index.find(iri)
    if entry is None:
        raise NotFound(f"coopgraph ne connaît pas « {iri} » / coopgraph does not know '{iri}'")
    return entry
