"""The ontology as the OWL 2 RL engine is given it, kept per store until it changes.

Every source is reasoned together with the ontology: its axioms, without the labels,
definitions and other literal annotations no rule reads (``schema_of``). It is read from the
store's ontology graph, parsed and written for the engine once (``engine.Prepared``), and
read again only when the graph's N-Triples change (``current``).

A source is given fewer of them (``axioms_for``): those the rules can read with it, the
rest being about terms neither it nor the rules reach (``reasoning.relevance``). The
engine's closure then differs only in triples about the ontology's terms, which an inferred
graph never holds, unless it holds an owl:sameAs between different nodes, when
``reasoning.owl_rl`` reasons again with every axiom. A 1,059-triple submission is given 92
of the 625 axioms; with its own triples no axiom is about left out too (``reasoning.input``),
the engine hands back 1,219 triples instead of 2,295, the same derived triples.

>>> from rdflib import Graph
>>> ontology = Graph().parse(data='''@prefix owl: <http://www.w3.org/2002/07/owl#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <http://example.org/C> a owl:Class ; rdfs:label "a class"@en ; owl:versionInfo "1" .''',
...     format="turtle")
>>> len(ontology), len(schema_of(ontology))
(3, 2)
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from coopgraph import formats
from coopgraph.iris import ONTOLOGY_GRAPH
from coopgraph.reasoning.engine import Prepared
from coopgraph.reasoning.input import ANNOTATION_PROPERTIES
from coopgraph.reasoning.relevance import Relevance, relevance, selected
from coopgraph.reasoning.triples import Triple
from coopgraph.store import Store

_SCHEMA_NAMESPACES = (str(OWL), str(RDF))
_RULE_NAMESPACES = (str(RDF), str(RDFS), str(OWL))


@dataclass(frozen=True)
class Schema:
    """The ontology's axioms: as a graph, as the engine reads them, their digest, the
    nodes they name (``reasoning.input`` reads them), and which of them a source needs."""

    graph: Graph
    prepared: Prepared
    digest: str
    named: frozenset[Node]
    relevance: Relevance
    generation: int = 0
    unread: frozenset[Node] = frozenset()
    """The predicates of triples only equality rules read (see ``reasoning.relevance``)."""

    @property
    def every_node_read(self) -> bool:
        """True when an axiom follows from being an owl:Thing, which every subject is
        (``input.unread_left_out``)."""
        return bool(self.relevance.links.get(OWL.Thing))


_kept: weakref.WeakKeyDictionary[Store, Schema] = weakref.WeakKeyDictionary()
_held: weakref.WeakSet[Store] = weakref.WeakSet()


def schema_of(ontology: Graph) -> Graph:
    """The ontology without its labels, definitions and other literal annotations: no OWL 2 RL
    rule reads them, and leaving them out halves what the engine is given. Literals of OWL and
    RDF terms (cardinalities, hasValue, list cells) stay."""
    kept = Graph()
    for triple in ontology:
        _subject, predicate, value = triple
        if isinstance(value, Literal) and not str(predicate).startswith(_SCHEMA_NAMESPACES):
            continue
        kept.add(triple)
    return kept


def current(store: Store) -> Schema:
    """The schema of the store's ontology graph, made again only when it changed.

    No write since the schema was kept (the store's generation, which counts them, is the
    same and not 0): the schema is the same, and the ontology is not exported again to tell
    (several milliseconds of each publication). A store that counts no write (a read-only
    reader) is told by the digest of the exported graph. Inside :func:`held`, the schema kept
    is the schema."""
    kept = _kept.get(store)
    generation = store.generation()
    if kept is not None and (store in _held or (generation and kept.generation == generation)):
        return kept
    exported = store.export_graph(ONTOLOGY_GRAPH, formats.N_TRIPLES)
    digest = hashlib.sha256(exported).hexdigest()
    if kept is None or kept.digest != digest:
        graph = schema_of(Graph().parse(data=exported, format="nt"))
        named = frozenset(graph.subjects()) | frozenset(graph.objects())
        unread = frozenset(p for p in graph.predicates() if _unread(p, named))
        sorted_axioms = relevance(graph, unread)
        kept = Schema(graph, Prepared(graph), digest, named, sorted_axioms, generation, unread)
    else:
        kept = Schema(kept.graph, kept.prepared, digest, kept.named, kept.relevance, generation,
                      kept.unread)  # fmt: skip
    _kept[store] = kept
    return kept


@contextmanager
def held(store: Store) -> Iterator[Schema]:
    """The store's schema, read once and kept as it is inside the block: reasoning over many
    sources writes their inferred graphs only, and telling after each write that the ontology
    did not change (exporting it, 30 ms) took a third of a second of a first start."""
    schema = current(store)
    _held.add(store)
    try:
        yield schema
    finally:
        _held.discard(store)


def axioms_for(schema: Schema, *given: Iterable[Triple]) -> Prepared | list[Triple]:
    """The axioms the engine needs with the ``given`` triples (a source, its context): the
    whole schema as prepared when it needs every one, else those ``reasoning.relevance``
    selects (a few dozen triples: handing them over costs less than a file per selection)."""
    found = selected(schema.relevance, *given)
    return schema.prepared if len(found) == len(schema.prepared.triples) else found


def _unread(predicate: Node, named: frozenset[Node]) -> bool:
    """True for a predicate no axiom is about, an annotation or outside RDF, RDFS and OWL."""
    if predicate in named:
        return False
    return predicate in ANNOTATION_PROPERTIES or not str(predicate).startswith(_RULE_NAMESPACES)
