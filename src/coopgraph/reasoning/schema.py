"""The ontology as the OWL 2 RL engine is given it, kept per store until it changes.

Every source is reasoned together with the ontology: its axioms, without the labels,
definitions and other literal annotations no rule reads (``schema_of``). It is read from the
store's ontology graph, parsed and written for the engine once (``engine.Prepared``), and
read again only when the graph's N-Triples change (``current``).

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
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from coopgraph import formats
from coopgraph.iris import ONTOLOGY_GRAPH
from coopgraph.reasoning.engine import Prepared
from coopgraph.store import Store

_SCHEMA_NAMESPACES = (str(OWL), str(RDF))


@dataclass(frozen=True)
class Schema:
    """The ontology's axioms: as a graph, as the engine reads them, their digest, and the
    nodes they name (``reasoning.input`` reads them)."""

    graph: Graph
    prepared: Prepared
    digest: str
    named: frozenset[Node]
    generation: int = 0


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
        kept = Schema(graph, Prepared(graph), digest, named, generation)
    else:
        kept = Schema(kept.graph, kept.prepared, digest, kept.named, generation)
    _kept[store] = kept
    return kept
