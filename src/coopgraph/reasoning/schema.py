"""The ontology as the OWL 2 RL engine is given it, kept per store until it changes.

Every source is reasoned together with the ontology: its axioms, without the labels,
definitions and other literal annotations no rule reads (``schema_of``). It is read from the
store's ontology graph, parsed and written for the engine once (``engine.Prepared``), and
read again only when the graph's N-Triples change (``current``).

A source is given fewer of them (``axioms_for``): about half the ontology's triples link its
terms through properties no axiom is about (``rdfs:isDefinedBy``, ``skos:inScheme``,
``dcterms:source``...), and of the OWL 2 RL rules only those of equality read such a triple
(the reasoning of ``reasoning.input``, for IRIs as well as strings). The engine reasons over
the rest; its closure then differs only in triples about the ontology's terms, which an
inferred graph never holds, unless it holds an owl:sameAs between different nodes, when
``reasoning.owl_rl`` reasons again with every axiom. On a 1,000-triple submission that took
29 ms instead of 37 (the closure's 3,169 triples down to 2,555), same derived triples.

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
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from coopgraph import formats
from coopgraph.iris import ONTOLOGY_GRAPH
from coopgraph.reasoning.engine import Prepared
from coopgraph.reasoning.input import ANNOTATION_PROPERTIES
from coopgraph.store import Store

_SCHEMA_NAMESPACES = (str(OWL), str(RDF))
_RULE_NAMESPACES = (str(RDF), str(RDFS), str(OWL))
_VARIANTS = 8
"""Reduced schemas kept per schema (one for nearly every source: see ``axioms_for``)."""


@dataclass(frozen=True)
class Schema:
    """The ontology's axioms: as a graph, as the engine reads them, their digest, and the
    nodes they name (``reasoning.input`` reads them)."""

    graph: Graph
    prepared: Prepared
    digest: str
    named: frozenset[Node]
    generation: int = 0
    unread: frozenset[Node] = frozenset()
    """The predicates of triples only equality rules read (see the module)."""
    variants: dict[frozenset[Node], Prepared] = field(default_factory=dict, compare=False)


_kept: weakref.WeakKeyDictionary[Store, Schema] = weakref.WeakKeyDictionary()


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
    reader) is told by the digest of the exported graph."""
    kept = _kept.get(store)
    generation = store.generation()
    if kept is not None and generation and kept.generation == generation:
        return kept
    exported = store.export_graph(ONTOLOGY_GRAPH, formats.N_TRIPLES)
    digest = hashlib.sha256(exported).hexdigest()
    if kept is None or kept.digest != digest:
        graph = schema_of(Graph().parse(data=exported, format="nt"))
        named = frozenset(graph.subjects()) | frozenset(graph.objects())
        unread = frozenset(p for p in graph.predicates() if _unread(p, named))
        kept = Schema(graph, Prepared(graph), digest, named, generation, unread)
    else:
        kept = Schema(kept.graph, kept.prepared, digest, kept.named, generation, kept.unread,
                      kept.variants)  # fmt: skip
    _kept[store] = kept
    return kept


def axioms_for(schema: Schema, *given: Iterable[tuple[Node, Node, Node]]) -> Prepared:
    """The schema as the engine gets it with the ``given`` triples (a source, its context):
    without the triples of ``schema.unread`` predicates that none of them names as a subject
    or an object (see the module)."""
    mentioned = {
        node
        for triples in given
        for s, _p, o in triples
        for node in (s, o)
        if node.__class__ is URIRef and node in schema.unread
    }
    dropped = schema.unread - mentioned
    if not dropped:
        return schema.prepared
    found = schema.variants.get(dropped)
    if found is None:
        kept = Graph()
        for triple in schema.graph:
            if triple[1] not in dropped:
                kept.add(triple)
        if len(schema.variants) >= _VARIANTS:
            schema.variants.clear()
        found = schema.variants.setdefault(dropped, Prepared(kept))
    return found


def _unread(predicate: Node, named: frozenset[Node]) -> bool:
    """True for a predicate no axiom is about, an annotation or outside RDF, RDFS and OWL."""
    if predicate in named:
        return False
    return predicate in ANNOTATION_PROPERTIES or not str(predicate).startswith(_RULE_NAMESPACES)
