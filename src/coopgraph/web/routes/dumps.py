"""Whole-dataset dumps over HTTP: the list (JSON or HTML) and each gzipped file.

A file is served as what it is, ``application/gzip``, without ``Content-Encoding``: a browser
or ``curl -O`` then saves the very bytes the list's SHA-256 and ``Repr-Digest`` describe, under
their ``.gz`` name. Sent as ``application/n-quads`` with ``Content-Encoding: gzip`` instead,
browsers (and ``curl --compressed``) would undo the compression on the way and save plain
N-Quads under a ``.gz`` name, whose checksum no longer matches. ETag is the SHA-256, so a
download is revalidated (``If-None-Match``: 304) rather than fetched again; Range works.
"""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable, NotFound, StoreError
from coopgraph.store import DumpFile, DumpKeeper, DumpSet
from coopgraph.web.deps import SettingsDep
from coopgraph.web.html import LangQuery, localised, page_context, request_language, site_of
from coopgraph.web.templating import templates

router = APIRouter(tags=["Dumps"])

GZIP = "application/gzip"
_JSON = "application/json"
_HTML = "text/html"
_ListFormat = Annotated[str | None, Query(description="json or html: overrides Accept.")]


@router.get("/dumps", summary="The whole-dataset dumps")
@router.head("/dumps", include_in_schema=False)
def dump_list(
    request: Request,
    settings: SettingsDep,
    format: _ListFormat = None,
    lang: LangQuery = None,
) -> Response:
    """Every file of the last complete set of dumps: name, URL, graph, size, SHA-256, quads.

    503 (Retry-After) while the first set is being made, as a page that reloads itself for
    a reader; ``fresh`` is false while a newer one is.
    """
    media_type = _list_format(request.headers.get("accept"), format)
    keeper = _keeper(request)
    site = site_of(request, settings.public_base)
    if media_type == _JSON:
        made = _made(keeper)
        return JSONResponse(_listing(made, keeper.is_fresh(made), site), headers={"Vary": "Accept"})
    chosen = request_language(request, lang)
    made_or_none = keeper.current()
    if made_or_none is None:  # a page that says so and reloads itself, for a reader
        context = {"listing": None, **page_context(chosen, site)}
        page = templates.TemplateResponse(request, "dumps.html", context, status_code=503)
        page.headers["Retry-After"] = "5"
        return localised(page, chosen, vary="Accept, Accept-Language")
    listing = _listing(made_or_none, keeper.is_fresh(made_or_none), site)
    context = {"listing": listing, **page_context(chosen, site)}
    page = templates.TemplateResponse(request, "dumps.html", context)
    return localised(page, chosen, vary="Accept, Accept-Language")


@router.get("/dumps/{name:path}", summary="One dump file")
@router.head("/dumps/{name:path}", include_in_schema=False)
def dump_file(
    name: str,
    request: Request,
    settings: SettingsDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """The gzipped file, with its SHA-256 as ETag and Repr-Digest (RFC 9530)."""
    made = _made(_keeper(request))
    found = made.find(name)
    if found is None:
        site = site_of(request, settings.public_base)
        raise NotFound(
            f"aucun export « {name} » ; la liste est à {site}/dumps / "
            f"no dump '{name}'; the list is at {site}/dumps"
        )
    headers = _file_headers(found, site_of(request, settings.public_base))
    if if_none_match is not None and _etags(if_none_match) & {headers["ETag"], "*"}:
        return Response(status_code=304, headers=headers)
    return FileResponse(found.path, media_type=GZIP, headers=headers)


def _keeper(request: Request) -> DumpKeeper:
    keeper: DumpKeeper = request.app.state.dumps
    return keeper


def _made(keeper: DumpKeeper) -> DumpSet:
    """The last complete set, or a 503 while the first one is being made."""
    made = keeper.current()
    if made is None:
        raise StoreError(
            "les exports sont en cours de fabrication ; réessayez dans quelques secondes / "
            "the dumps are being made; try again in a few seconds"
        )
    return made


def _list_format(accept: str | None, requested: str | None) -> str:
    """JSON or HTML: ``?format=``, else Accept's choice (JSON when it does not say)."""
    if requested is not None:
        if requested not in ("json", "html"):
            raise InputError(
                f"format « {requested} » non proposé pour /dumps ; proposés : json, html / "
                f"format '{requested}' is not offered for /dumps; offered: json, html"
            )
        return _JSON if requested == "json" else _HTML
    chosen = formats.negotiate(accept, (_JSON, _HTML))
    if chosen is None:
        raise NotAcceptable(
            f"the list of dumps comes as JSON or HTML; Accept '{accept}' allows none"
        )
    return chosen


def _listing(made: DumpSet, fresh: bool, site: str) -> dict[str, object]:
    return {
        "generation": made.generation,
        "made": made.made.isoformat(timespec="seconds"),
        "fresh": fresh,
        "description": f"{site}/.well-known/void",
        "files": [_entry(file, site) for file in made.files],
    }


def _entry(file: DumpFile, site: str) -> dict[str, object]:
    return {
        "name": file.name,
        "url": f"{site}/dumps/{file.name}",
        "graph": file.graph,
        "contentType": GZIP,
        "mediaType": file.media_type,
        "byteSize": file.byte_size,
        "sha256": file.sha256,
        "quads": file.quads,
    }


def _file_headers(file: DumpFile, site: str) -> dict[str, str]:
    digest = base64.b64encode(bytes.fromhex(file.sha256)).decode("ascii")
    return {
        "ETag": f'"{file.sha256}"',
        "Repr-Digest": f"sha-256=:{digest}:",
        "Cache-Control": "no-cache",
        "Content-Disposition": f'attachment; filename="coopgraph-{file.name.replace("/", "-")}"',
        "Link": f'<{site}/.well-known/void>; rel="describedby"',
    }


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header, weak ones compared as strong ones."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}
