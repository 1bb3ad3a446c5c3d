"""Templates of pages and documents, and where the front-end assets were installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from coopgraph.settings import Settings

TEMPLATE_DIR = Path(__file__).parents[1] / "templates"
# Templates are package files: compiled once, never checked again for changes (auto_reload
# would stat each template a page uses on every render).
templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(), auto_reload=False
    )
)
_text = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR), undefined=StrictUndefined, auto_reload=False
)


def render_text(name: str, **context: Any) -> str:
    """A non-HTML template (Turtle, SPARQL), rendered without HTML escaping."""
    return _text.get_template(name).render(**context)


def read_template(name: str) -> str:
    """A template file's text as it is."""
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8")


def yasgui_directory(settings: Settings) -> Path | None:
    """YASGUI's built files: bundled in the wheel, or installed by ``npm ci`` in a checkout."""
    for candidate in (
        Path(__file__).parent / "static" / "vendor" / "yasgui",
        settings.content_root / "node_modules" / "@zazuko" / "yasgui" / "build",
    ):
        if (candidate / "yasgui.min.js").is_file():
            return candidate
    return None
