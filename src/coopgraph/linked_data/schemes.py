"""A SKOS concept scheme browsed two ways: an A-Z index and a tree.

Both read the scheme's concepts in one query (queries/scheme-concepts.rq): a concept belongs
to the scheme by ``skos:inScheme``, ``skos:topConceptOf`` or the scheme's
``skos:hasTopConcept``. The index groups them by the first letter of their preferred label
in the page's language, accents folded (É under E). The tree starts from the top concepts and
from every concept with no broader concept in the scheme, and follows ``skos:broader`` and
``skos:narrower`` down: no concept is lost, one with several broader concepts appears under
each, and a cycle is cut where it closes.

>>> folded_initial("Écologie"), folded_initial("œuvre"), folded_initial("3 sites")
('E', 'O', '#')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from coopgraph.linked_data.presentation import PageValue, label, page_value
from coopgraph.linked_data.uris import new_graph
from coopgraph.sparql_text import with_bindings
from coopgraph.store import Store

SCHEME_VIEWS = ("index", "tree")
"""The two ways a scheme is browsed, as named in URLs."""

_QUERIES = Path(__file__).parent / "queries"


@dataclass
class TreeNode:
    """A concept in a scheme's tree, with the concepts under it."""

    concept: PageValue
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class SchemeConcepts:
    """What the scheme's views are made of: labels, broader links, top concepts."""

    scheme: URIRef
    members: set[URIRef] = field(default_factory=set)
    labels: Graph = field(default_factory=new_graph)
    broader: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    top: set[URIRef] = field(default_factory=set)


@cache
def _query(name: str) -> str:
    return (_QUERIES / name).read_text(encoding="utf-8")


def scheme_concepts(store: Store, scheme: str) -> SchemeConcepts:
    """The concepts of ``scheme`` with their labels, broader concepts and top flags."""
    found = SchemeConcepts(URIRef(scheme))
    text = with_bindings(_query("scheme-concepts.rq"), {"scheme": URIRef(scheme)})
    for row in store.select(text):
        concept, part, value = row["concept"], str(row["part"]), row.get("value")
        if not isinstance(concept, URIRef):
            continue
        found.members.add(concept)
        if part == "label" and value is not None:
            found.labels.add((concept, row["labelling"], value))
        elif part == "broader" and isinstance(value, URIRef):
            found.broader.setdefault(concept, set()).add(value)
        elif part == "top":
            found.top.add(concept)
    return found


def folded_initial(text: str) -> str:
    """The letter a label is filed under: its first letter without accents, upper case; ``#``
    for a label that does not start with a letter."""
    first = _folded(text.strip()[:1])[:1].upper()
    return first if first.isascii() and first.isalpha() else "#"


def sort_key(text: str) -> tuple[str, str]:
    """A label's place in alphabetical order: accents and case folded, then as written."""
    return _folded(text), text


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
"""Letters no Unicode decomposition splits."""


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def scheme_index(
    concepts: SchemeConcepts, lang: str, site: str
) -> list[tuple[str, list[PageValue]]]:
    """The scheme's concepts by label in ``lang``, grouped by folded first letter, A to Z."""
    values = _sorted_values(concepts, concepts.members, lang, site)
    groups: dict[str, list[PageValue]] = {}
    for value in values:
        groups.setdefault(folded_initial(value.text), []).append(value)
    return sorted(groups.items(), key=lambda group: (group[0] == "#", group[0]))


def scheme_tree(concepts: SchemeConcepts, lang: str, site: str) -> list[TreeNode]:
    """The scheme's concepts as a forest: top concepts and concepts without a broader one in
    the scheme at the root, narrower concepts under each; every concept appears."""
    narrower: dict[URIRef, set[URIRef]] = {}
    for concept, parents in concepts.broader.items():
        for parent in parents & concepts.members:
            narrower.setdefault(parent, set()).add(concept)
    roots = {
        concept
        for concept in concepts.members
        if concept in concepts.top or not concepts.broader.get(concept, set()) & concepts.members
    }
    placed: set[URIRef] = set()
    forest = _branches(concepts, roots, narrower, frozenset(), placed, lang, site)
    # Concepts only reachable through a cycle of broader links: each cycle gets a root.
    while left := concepts.members - placed:
        first = min(left, key=lambda c: sort_key(label(concepts.labels, c, lang)))
        forest += _branches(concepts, {first}, narrower, frozenset(), placed, lang, site)
    return forest


def _branches(
    concepts: SchemeConcepts,
    heads: Iterable[URIRef],
    narrower: dict[URIRef, set[URIRef]],
    above: frozenset[URIRef],
    placed: set[URIRef],
    lang: str,
    site: str,
) -> list[TreeNode]:
    """The trees under ``heads``, sorted by label; a concept already ``above`` is not repeated."""
    nodes = []
    for value, concept in _sorted_pairs(concepts, heads, lang, site):
        if concept in above:
            continue
        placed.add(concept)
        path = above | {concept}
        children = narrower.get(concept, set())
        below = _branches(concepts, children, narrower, path, placed, lang, site)
        nodes.append(TreeNode(value, below))
    return nodes


def _sorted_pairs(
    concepts: SchemeConcepts, iris: Iterable[URIRef], lang: str, site: str
) -> list[tuple[PageValue, URIRef]]:
    pairs = [(page_value(concepts.labels, iri, lang, site), iri) for iri in iris]
    return sorted(pairs, key=lambda pair: (sort_key(pair[0].text), str(pair[1])))


def _sorted_values(
    concepts: SchemeConcepts, iris: Iterable[URIRef], lang: str, site: str
) -> list[PageValue]:
    return [value for value, _ in _sorted_pairs(concepts, iris, lang, site)]


def is_scheme(types: Iterable[object]) -> bool:
    """True when ``types`` (the rdf:type values of a resource) name skos:ConceptScheme."""
    return any(each == SKOS.ConceptScheme for each in types)
