"""Every IRI coopgraph mints is under the persistent base, named once, and used as named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coopgraph import iris

SOURCE = Path(__file__).resolve().parents[1] / "src" / "coopgraph"
MINTED = {name: value for name, value in vars(iris).items() if name.isupper()}


def test_every_iri_is_under_the_persistent_base() -> None:
    assert iris.CANONICAL_BASE == "https://w3id.org/coopgraph/"
    assert all(value.startswith(iris.CANONICAL_BASE) for value in MINTED.values())


def test_no_two_names_for_one_iri() -> None:
    assert len(set(MINTED.values())) == len(MINTED)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("ONTOLOGY_GRAPH", "graph/ontology"),
        ("SHAPES_GRAPH", "graph/shapes"),
        ("DATA_GRAPH_BASE", "graph/data/"),
        ("INFERRED_BASE", "graph/inferred/"),
        ("SUBMISSION_GRAPH_BASE", "graph/submission/"),
        ("PROVENANCE_GRAPH", "graph/provenance"),
        ("TERM_BASE", "def/"),
        ("IDENTIFIER_BASE", "id/"),
        ("SUBMISSION_BASE", "id/submission/"),
    ],
)
def test_the_iris_stores_and_published_data_rely_on(name: str, path: str) -> None:
    """Stores hold these graphs and published data these IRIs: they never change."""
    assert MINTED[name] == iris.CANONICAL_BASE + path


def test_no_module_spells_a_graph_iri_itself() -> None:
    """Docstring examples may show one; code names it from iris."""
    spelt = re.compile(r"""["']https://w3id\.org/coopgraph/graph/""")
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        if path.name != "iris.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if spelt.search(line) and not line.strip().startswith((">>>", "'https://"))
    ]
    assert not found, f"graph IRIs spelt outside iris.py: {found}"
