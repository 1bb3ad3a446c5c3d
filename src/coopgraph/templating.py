"""The one Jinja environment over ``src/coopgraph/templates/``: pages, documents, reports, texts.

HTML templates are escaped; text templates (Turtle, SPARQL) are written as they are. Every
template is strict: a name the context lacks is an error, never an empty string. Templates are
package files: compiled once, never checked again for changes (auto_reload would stat each
template a page uses on every render).

>>> render_template("_validate_table.html", summary="<b>", rows=[], w={}).strip()
'<p class="summary"><strong>&lt;b&gt;</strong></p>'
>>> "<https://example.org/sparql?a&b>" in render_template(
...     "service-description.ttl", endpoint="https://example.org/sparql?a&b", graphs=[]
... )
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).parent / "templates"
"""Every template of coopgraph."""

environment = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    auto_reload=False,
)
"""The environment every template is rendered in, by the domain and by the web pages."""


def render_template(name: str, **context: Any) -> str:
    """A template rendered with ``context``: escaped if HTML, as it is otherwise."""
    return environment.get_template(name).render(**context)


def read_template(name: str) -> str:
    """A template file's text as it is."""
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8")
