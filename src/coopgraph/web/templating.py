"""FastAPI's templates over coopgraph's one Jinja environment, and the front-end assets.

Pages are rendered by :data:`templates` (a ``TemplateResponse`` knows the request); the
environment is :mod:`coopgraph.templating`'s, shared with the documentation and the reports.

The front-end assets (YASGUI, Swagger UI, Redoc) are installed by npm, never committed: a wheel
carries the files it needs in ``static/vendor/<name>`` (pyproject's force-include), a checkout
reads them in ``node_modules`` after ``npm ci``. Each is served under ``/static/<name>``, so that
no page loads anything from another host.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi.templating import Jinja2Templates

from coopgraph.iris import CANONICAL_BASE
from coopgraph.linked_data import NAMESPACES
from coopgraph.settings import Settings
from coopgraph.templating import environment

templates = Jinja2Templates(env=environment)
"""Page templates answered as responses."""


@dataclass(frozen=True)
class Vendor:
    """Front-end files an npm package installs: where, and the ones pages load."""

    name: str
    """Its folder in the wheel's ``static/vendor`` and its mount, ``/static/<name>``."""
    npm_folder: str
    """Where ``npm ci`` puts the files, under ``node_modules``."""
    files: tuple[str, ...]
    """The files pages load, the first one telling a folder holds the package's files
    (pyproject.toml force-includes the same ones)."""

    @property
    def mount(self) -> str:
        """The path its files are served under."""
        return f"/static/{self.name}"


YASGUI = Vendor("yasgui", "@zazuko/yasgui/build", ("yasgui.min.js", "yasgui.min.css"))
"""The SPARQL editor of ``/sparql``."""
SWAGGER_UI = Vendor(
    "swagger-ui", "swagger-ui-dist", ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
)
"""The interactive API documentation of ``/docs``."""
REDOC = Vendor("redoc", "redoc/bundles", ("redoc.standalone.js",))
"""The API reference of ``/redoc``."""
VENDORS: tuple[Vendor, ...] = (YASGUI, SWAGGER_UI, REDOC)
"""Every front-end package coopgraph serves."""


def vendor_directory(settings: Settings, vendor: Vendor) -> Path | None:
    """The folder holding a vendor's files: the wheel's, else ``node_modules``', else None."""
    for candidate in (
        Path(__file__).parent / "static" / "vendor" / vendor.name,
        settings.content_root / "node_modules" / vendor.npm_folder,
    ):
        if (candidate / vendor.files[0]).is_file():
            return candidate
    return None


def yasgui_directory(settings: Settings) -> Path | None:
    """YASGUI's built files: bundled in the wheel, or installed by ``npm ci`` in a checkout."""
    return vendor_directory(settings, YASGUI)


def local_links(site: str) -> dict[str, object]:
    """What YASGUI needs to open result IRIs on this server rather than at the persistent base.

    ``base`` + ``namespaces`` are the IRIs that dereference; ``site`` is this deployment's
    prefix of links (web/html.py's ``site_of``).
    """
    return {"base": CANONICAL_BASE, "namespaces": list(NAMESPACES), "site": site}
