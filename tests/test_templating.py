"""The one Jinja environment: HTML escaped, text as it is, strict about missing names."""

from __future__ import annotations

import jinja2
import pytest

from coopgraph.languages import interface_words
from coopgraph.templating import TEMPLATE_DIR, environment, read_template, render_template


def test_html_is_escaped() -> None:
    words = interface_words("pages", "en")
    html = render_template("404.html", iri="<script>", lang="en", t=words, site="")
    assert "&lt;script&gt;" in html
    assert "<script>" not in html


def test_text_is_written_as_it_is() -> None:
    turtle = render_template(
        "service-description.ttl", endpoint="https://example.org/sparql?a&b", graphs=[]
    )
    assert "<https://example.org/sparql?a&b>" in turtle


def test_a_missing_name_is_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError, match="endpoint"):
        render_template("service-description.ttl", graphs=[])


def test_a_template_as_it_is() -> None:
    assert read_template("example-query.rq") == (TEMPLATE_DIR / "example-query.rq").read_text(
        encoding="utf-8"
    )
    assert read_template("example-query.rq").startswith(("PREFIX", "#"))


def test_templates_are_compiled_once() -> None:
    assert environment.auto_reload is False
    assert environment.get_template("page.html") is environment.get_template("page.html")
