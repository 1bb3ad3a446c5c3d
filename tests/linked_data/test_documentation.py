"""documentation: the ontology, referential and shapes pages, static build, JSON-LD context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from support.linked_data_content import SAMPLE, make_content_root
from typer.testing import CliRunner

from coopgraph.cli.main import app
from coopgraph.linked_data import documentation

SITE = "https://w3id.org/coopgraph"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The committed ontology and shapes, and the Linked Data test sample."""
    root = make_content_root(tmp_path_factory.mktemp("content"))
    return documentation.read_content(root).parse(SAMPLE)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ontology_page_lists_every_class(graph: Graph, lang: str) -> None:
    page = documentation.render_ontology(graph, lang, SITE)
    assert f'<html lang="{lang}">' in page
    assert f'href="{SITE}/def/Territory"' in page
    assert 'id="object_properties"' in page
    assert ("territoire" if lang == "fr" else "territory") in page


def test_referential_page_shows_schemes_as_trees(graph: Graph) -> None:
    page = documentation.render_referential(graph, "en", SITE)
    assert "energies (test)" in page
    renewable, solar = page.index("#renewable"), page.index("#solar")
    assert renewable < solar
    assert 'style="margin-left: 1.5rem"><a href="#solar"' in page


def test_shapes_page_shows_targets_and_constraints(graph: Graph) -> None:
    page = documentation.render_shapes(graph, "fr", SITE)
    assert "forme de commune (test)" in page
    assert "Une commune a un seul code Insee." in page


def test_context_has_prefixes_and_a_term_per_property(graph: Graph) -> None:
    context = documentation.jsonld_context(graph)["@context"]
    assert context["cg"] == "https://w3id.org/coopgraph/def/"
    assert context["isPartOf"] == {"@id": "cg:isPartOf", "@type": "@id"}
    assert context["Territory"] == "cg:Territory"


def test_docs_command_writes_a_static_site(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["docs", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    for name in ("index.html", "fr/ontology.html", "en/referential.html", "en/shapes.html"):
        assert (tmp_path / "site" / name).is_file(), name
    context = json.loads((tmp_path / "site" / "context.jsonld").read_text(encoding="utf-8"))
    assert "@context" in context
    assert 'href="fr/ontology.html"' in (tmp_path / "site" / "index.html").read_text("utf-8")
