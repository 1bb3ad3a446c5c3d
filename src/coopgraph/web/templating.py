"""FastAPI's templates over coopgraph's one Jinja environment, and the front-end assets.

Pages are rendered by :data:`templates` (a ``TemplateResponse`` knows the request); the
environment is :mod:`coopgraph.templating`'s, shared with the documentation and the reports.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from coopgraph.settings import Settings
from coopgraph.templating import environment

templates = Jinja2Templates(env=environment)
"""Page templates answered as responses."""


def yasgui_directory(settings: Settings) -> Path | None:
    """YASGUI's built files: bundled in the wheel, or installed by ``npm ci`` in a checkout."""
    for candidate in (
        Path(__file__).parent / "static" / "vendor" / "yasgui",
        settings.content_root / "node_modules" / "@zazuko" / "yasgui" / "build",
    ):
        if (candidate / "yasgui.min.js").is_file():
            return candidate
    return None
