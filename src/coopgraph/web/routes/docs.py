"""The API documentation pages, Swagger UI (``/docs``) and Redoc (``/redoc``), from local files.

FastAPI's own pages load their scripts from a CDN and a favicon from fastapi.tiangolo.com: here
every file comes from this server (npm's swagger-ui-dist and redoc, see web/templating.py), so
the documentation works without the internet, and Swagger UI's online validator is off. Redoc
draws its maker's logo from cdn.redoc.ly whatever its options: the pages' Content-Security-Policy
lets them load from this server only, so the browser never sends that request.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

from coopgraph.web.deps import SettingsDep
from coopgraph.web.templating import REDOC, SWAGGER_UI, Vendor, vendor_directory

router = APIRouter(include_in_schema=False)

POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'"
)
"""What the documentation pages may load: this server's files, their inline code, data: URLs."""

TITLE = "coopgraph — API"
"""The title of both pages."""
_MISSING = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
    "<p role='alert' lang='fr'>{name} n'est pas installé : lancez <code>npm ci</code> dans le "
    "dépôt coopgraph.</p>"
    "<p role='alert' lang='en'>{name} is not installed: run <code>npm ci</code> in the coopgraph "
    "checkout.</p><p><a href='{root}/openapi.json'>openapi.json</a></p></body></html>"
)


@router.get("/docs")
async def swagger_ui(request: Request, settings: SettingsDep) -> HTMLResponse:
    """Swagger UI over ``/openapi.json``, from this server's own files."""
    root = _root_path(request)
    if vendor_directory(settings, SWAGGER_UI) is None:
        return _missing(root, "Swagger UI")
    page = get_swagger_ui_html(
        openapi_url=root + str(request.app.openapi_url),
        title=TITLE,
        swagger_js_url=_asset(root, SWAGGER_UI, "swagger-ui-bundle.js"),
        swagger_css_url=_asset(root, SWAGGER_UI, "swagger-ui.css"),
        swagger_favicon_url=_asset(root, SWAGGER_UI, "favicon-32x32.png"),
        swagger_ui_parameters={"validatorUrl": None},
    )
    return _confined(page)


@router.get("/redoc")
async def redoc(request: Request, settings: SettingsDep) -> HTMLResponse:
    """Redoc over ``/openapi.json``, from this server's own files, without Google Fonts."""
    root = _root_path(request)
    if vendor_directory(settings, REDOC) is None:
        return _missing(root, "Redoc")
    favicon = vendor_directory(settings, SWAGGER_UI) is not None
    page = get_redoc_html(
        openapi_url=root + str(request.app.openapi_url),
        title=TITLE,
        redoc_js_url=_asset(root, REDOC, "redoc.standalone.js"),
        redoc_favicon_url=_asset(root, SWAGGER_UI, "favicon-32x32.png") if favicon else "data:,",
        with_google_fonts=False,
    )
    return _confined(page)


def _root_path(request: Request) -> str:
    """The path this app is mounted under (behind a proxy), without its last slash."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def _asset(root: str, vendor: Vendor, name: str) -> str:
    """The URL path of one of a vendor's files on this server."""
    return f"{root}{vendor.mount}/{name}"


def _confined(page: HTMLResponse) -> HTMLResponse:
    """The page, allowed to load from this server only."""
    page.headers["Content-Security-Policy"] = POLICY
    return page


def _missing(root: str, name: str) -> HTMLResponse:
    """503: the page's files are not installed; says how to install them, in both languages."""
    return HTMLResponse(_MISSING.format(title=TITLE, name=name, root=root), status_code=503)
