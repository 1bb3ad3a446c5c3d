"""A throw-away engine in memory that holds one set of triples to query, and nothing else.

``memory_store`` is a whole store: each load keeps the union and asserted merges of its graphs
up to date (``merged_graphs``), which a query over one named graph never reads. Validation's
rule shapes load a submission of 100k triples once and query it through ``FROM``: here the
triples go into the engine as they are, as pyoxigraph terms made from the rdflib ones (each
distinct term once), with no text written and read again and no merge kept. Triples that
the engine parsed itself (:class:`EngineTriples`, kept by ``rdflib_reading.read_document``) go
in as they are, without making their rdflib terms into the engine's again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Identifier, Node

from coopgraph.errors import InputError
from coopgraph.store.base import Table
from coopgraph.store.querying import select_query
from coopgraph.store.rdf_io import Term, named_node, to_oxigraph


@dataclass(frozen=True)
class EngineTriples:
    """Triples in the engine's own terms, as its parser gave them (opaque outside the store).

    A ScratchStore takes them as they are: making 100k triples' rdflib terms into the
    engine's again costs most of a second. Their blank nodes are those of the rdflib terms
    made from the same parse (``to_rdflib`` keeps a blank node's label).
    """

    quads: Sequence[ox.Quad] = ()

    def __len__(self) -> int:
        return len(self.quads)

    def without(self, predicate: URIRef) -> EngineTriples:
        """These triples but those with ``predicate``."""
        left_out = ox.NamedNode(str(predicate))
        return EngineTriples([q for q in self.quads if q.predicate != left_out])

    @staticmethod
    def joined(parts: Iterable[EngineTriples]) -> EngineTriples:
        """The triples of every part, in order."""
        return EngineTriples([quad for part in parts for quad in part.quads])


class ScratchStore:
    """An engine in memory for SELECT queries over triples given once, as rdflib terms."""

    def __init__(self) -> None:
        self._engine = ox.Store()

    def add_triples(self, graph: str, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Add the triples to the named graph ``graph``; a blank node keeps its label, so the
        rows of a query name the blank nodes given. Generalised RDF (a literal as subject, a
        predicate that is no IRI) is left out; InputError for a term the engine refuses
        (rdflib accepts more)."""
        made: dict[Node, Term] = {}

        def term(node: Node) -> Term:
            found = made.get(node)
            if found is None:
                if not isinstance(node, Identifier):  # a graph as a term (N3 formulae)
                    raise InputError(f"unsupported RDF term: {node!r}")
                found = made[node] = to_oxigraph(node)
            return found

        name = named_node(graph)
        quads = []
        for s, p, o in triples:
            subject, predicate = term(s), term(p)
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                continue
            quads.append(ox.Quad(subject, predicate, term(o), name))
        self._engine.extend(quads)

    def add_parsed(self, graph: str, triples: EngineTriples) -> None:
        """Add triples the engine parsed to the named graph ``graph``, as they are."""
        name = named_node(graph)
        self._engine.extend(ox.Quad(q.subject, q.predicate, q.object, name) for q in triples.quads)

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table:
        """Run a SELECT, ``bindings`` bound by the engine; a query reads the graph it names
        in ``FROM`` (without one, the union of the graphs)."""
        return select_query(self._engine, sparql, bindings)
