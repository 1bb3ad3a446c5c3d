"""A SKOS scheme's A-Z index (accents folded, by label in the page's language) and its tree
(top concepts, broader and narrower both ways, no concept lost, cycles cut)."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from coopgraph.linked_data import (
    TreeNode,
    is_scheme,
    scheme_concepts,
    scheme_index,
    scheme_tree,
)
from coopgraph.linked_data.schemes import folded_initial
from coopgraph.store import Store, memory_store

EX = "http://example.org/scheme/"
SCHEME = EX + "s"
TURTLE = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <{EX}> .
ex:s a skos:ConceptScheme ; skos:hasTopConcept ex:energy .
ex:energy skos:prefLabel "Énergie"@fr , "Energy"@en ; skos:narrower ex:solar .
ex:solar skos:inScheme ex:s ; skos:prefLabel "solaire"@fr , "Solar"@en .
ex:wind skos:inScheme ex:s ; skos:prefLabel "éolien"@fr , "Wind"@en ; skos:broader ex:energy .
ex:water skos:topConceptOf ex:s ; skos:prefLabel "Eau"@fr , "Water"@en .
ex:both skos:inScheme ex:s ; skos:prefLabel "Mixte"@fr ;
    skos:broader ex:energy , ex:water .
ex:orphan skos:inScheme ex:s ; skos:prefLabel "Orphelin"@fr ; skos:broader ex:elsewhere .
ex:loop-a skos:inScheme ex:s ; skos:prefLabel "Boucle A"@fr ; skos:broader ex:loop-b .
ex:loop-b skos:inScheme ex:s ; skos:prefLabel "Boucle B"@fr ; skos:broader ex:loop-a .
ex:number skos:inScheme ex:s ; skos:prefLabel "3 sites"@fr .
ex:other skos:inScheme ex:t ; skos:prefLabel "Autre schéma"@fr .
"""


@pytest.fixture(scope="module")
def store() -> Store:
    opened = memory_store()
    opened.load(TURTLE.encode(), "text/turtle", graph=EX + "g")
    return opened


def _flatten(nodes: list[TreeNode], depth: int = 0) -> list[tuple[int, str]]:
    found = []
    for node in nodes:
        found.append((depth, node.concept.text))
        found += _flatten(node.children, depth + 1)
    return found


def test_members_come_by_every_link(store: Store) -> None:
    concepts = scheme_concepts(store, SCHEME)
    names = {str(c).removeprefix(EX) for c in concepts.members}
    assert names == {
        "energy", "solar", "wind", "water", "both", "orphan", "loop-a", "loop-b", "number"
    }  # fmt: skip
    assert {str(c).removeprefix(EX) for c in concepts.top} == {"energy", "water"}


def test_index_by_folded_letter(store: Store) -> None:
    index = scheme_index(scheme_concepts(store, SCHEME), "fr", "")
    letters = [letter for letter, _ in index]
    assert letters == ["B", "E", "M", "O", "S", "#"]
    by_letter = {letter: [v.text for v in values] for letter, values in index}
    assert by_letter["E"] == ["Eau", "Énergie", "éolien"]
    assert by_letter["#"] == ["3 sites"]


def test_index_in_english(store: Store) -> None:
    index = dict(scheme_index(scheme_concepts(store, SCHEME), "en", ""))
    assert [v.text for v in index["W"]] == ["Water", "Wind"]


def test_tree_loses_no_concept(store: Store) -> None:
    tree = _flatten(scheme_tree(scheme_concepts(store, SCHEME), "fr", ""))
    shown = {text for _, text in tree}
    assert shown == {
        "Énergie", "solaire", "éolien", "Eau", "Mixte", "Orphelin", "Boucle A", "Boucle B",
        "3 sites",
    }  # fmt: skip
    assert "Autre schéma" not in shown


def test_tree_nests_broader_and_narrower(store: Store) -> None:
    tree = _flatten(scheme_tree(scheme_concepts(store, SCHEME), "fr", ""))
    roots = [text for depth, text in tree if depth == 0]
    # top concepts, and concepts with no broader concept in the scheme (its broader is elsewhere)
    assert {"Énergie", "Eau", "Orphelin", "3 sites"} <= set(roots)
    energy = tree.index((0, "Énergie"))
    assert tree[energy + 1 : energy + 4] == [(1, "éolien"), (1, "Mixte"), (1, "solaire")]
    assert (1, "Mixte") in tree[tree.index((0, "Eau")) :]  # under both of its broader concepts


def test_a_cycle_is_cut_and_kept(store: Store) -> None:
    tree = _flatten(scheme_tree(scheme_concepts(store, SCHEME), "fr", ""))
    assert (0, "Boucle A") in tree
    assert (1, "Boucle B") in tree
    assert [text for _, text in tree].count("Boucle A") == 1


@pytest.mark.parametrize(
    ("label", "letter"),
    [("Écologie", "E"), ("œuvre", "O"), ("Ça", "C"), ("3 sites", "#"), (" à", "A"), ("", "#")],
    ids=repr,
)
def test_folded_initial(label: str, letter: str) -> None:
    assert folded_initial(label) == letter


def test_what_is_a_scheme() -> None:
    assert is_scheme([URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")])
    assert not is_scheme([URIRef(EX + "X")])
