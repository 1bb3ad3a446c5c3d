"""Diagrams: DOT text laid out by Graphviz as SVG, cached by source, bad DOT refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from coopgraph.errors import InputError
from coopgraph.questions.diagrams import dot_svg

SVG = "{http://www.w3.org/2000/svg}"
SOURCE = """digraph "Un schéma \\"cité\\"" {
  a [label="Élément & co" URL="https://w3id.org/coopgraph/def/Transfer"]
  a -> b [label="mène à"]
}
"""


def test_svg_names_the_graph_and_links_its_nodes() -> None:
    picture = dot_svg(SOURCE)
    root = ET.fromstring(picture.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    assert root.findtext(f"{SVG}g/{SVG}title") == 'Un schéma "cité"'
    assert "Élément &amp; co" in picture
    assert 'xlink:href="https://w3id.org/coopgraph/def/Transfer"' in picture


def test_each_source_is_laid_out_once() -> None:
    dot_svg.cache_clear()
    first = dot_svg(SOURCE)
    assert dot_svg(SOURCE) is first
    assert dot_svg.cache_info().hits == 1


def test_bad_dot_is_an_input_error_that_says_why() -> None:
    with pytest.raises(InputError, match="syntax error"):
        dot_svg("digraph { a -> }")
