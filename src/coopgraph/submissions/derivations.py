"""What reasoning would derive from a submission, computed before anything is published.

A published description gets an inferred graph (``reasoning.materialise``): what OWL 2 RL
derives from it together with the ontology and the types the store holds about the IRIs it
mentions. To judge those triples before publishing, the same ``materialise`` runs on a scratch
store holding the ontology, that context and the submission. What the context alone entails
(``62528 a prov:Location`` from ``62528 a cg:Commune``) is true without the submission and is
taken away, and so is what another asserted graph of the store already says: what remains is
what the submission makes reasoning add.

One scratch store per store, behind a lock, so its copy of the ontology and the reuse of
derivations (``reasoning.input``) last from one submission to the next: a steward who edits
labels is checked in milliseconds.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from coopgraph import formats
from coopgraph.iris import GRAPH_BASE, ONTOLOGY_GRAPH
from coopgraph.reasoning import inferred_graph_name, is_inferred, materialise
from coopgraph.sparql_text import term_text
from coopgraph.store import Store, memory_store

Triple = tuple[Node, Node, Node]

_CHUNK = 500
_HELD = "SELECT ?s ?p ?o ?g WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} GRAPH ?g {{ ?s ?p ?o }} }}"
_CONTEXT_BASE = GRAPH_BASE + "scratch/context/"


@dataclass
class _Scratch:
    """A store of one's own to reason in, and the digest of the ontology it holds."""

    store: Store = field(default_factory=memory_store)
    ontology: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


_scratches: weakref.WeakKeyDictionary[Store, _Scratch] = weakref.WeakKeyDictionary()
_creating = threading.Lock()


def derived_triples(store: Store, graph_name: str, submission: Graph) -> Graph:
    """What reasoning would add to the store if ``submission`` became ``graph_name``: its
    inferred graph less what the store's types of the IRIs it mentions entail without it."""
    context = mentioned_types(store, submission, graph_name)
    scratch = _scratch(store)
    with scratch.lock:
        _copy_ontology(store, scratch)
        context_graph = _CONTEXT_BASE + graph_name.removeprefix(GRAPH_BASE)
        try:
            baseline = _materialised(scratch.store, context_graph, context)
            derived = _materialised(scratch.store, graph_name, submission)
        finally:
            for name in (context_graph, graph_name):
                scratch.store.drop_graph(name)
                scratch.store.drop_graph(inferred_graph_name(name))
    new = derived - baseline - context
    for triple in _held_elsewhere(store, graph_name, list(new)):
        new.remove(triple)
    return new


def mentioned_types(store: Store, submission: Graph, graph_name: str) -> Graph:
    """The ``rdf:type`` triples the store's asserted graphs (``graph_name`` aside) hold about
    the IRIs the submission mentions: the context reasoning reads them in."""
    mentioned = sorted({node for node in submission.all_nodes() if isinstance(node, URIRef)})
    found = Graph()
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for start in range(0, len(mentioned), _CHUNK):
        values = " ".join(term_text(iri) for iri in mentioned[start : start + _CHUNK])
        query = f"SELECT ?s ?type ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?type }} }}"
        for row in store.select(query):
            graph = str(row["g"])
            if graph != graph_name and not is_inferred(graph):
                found.add((row["s"], rdf_type, row["type"]))
    return found


def _held_elsewhere(store: Store, graph_name: str, triples: list[Triple]) -> set[Triple]:
    """Those of ``triples`` an asserted graph other than ``graph_name`` already holds: a
    submission that derives them again adds nothing."""
    named = [t for t in triples if not any(isinstance(term, BNode) for term in t)]
    held: set[Triple] = set()
    for start in range(0, len(named), _CHUNK):
        rows = " ".join(
            f"({' '.join(term_text(term) for term in t)})" for t in named[start : start + _CHUNK]
        )
        for row in store.select(_HELD.format(rows=rows)):
            if str(row["g"]) != graph_name and not is_inferred(str(row["g"])):
                held.add((row["s"], row["p"], row["o"]))
    return held


def _scratch(store: Store) -> _Scratch:
    with _creating:
        scratch = _scratches.get(store)
        if scratch is None:
            scratch = _scratches[store] = _Scratch()
        return scratch


def _copy_ontology(store: Store, scratch: _Scratch) -> None:
    """Give the scratch store the store's ontology, when it changed since the last copy."""
    exported = store.export_graph(ONTOLOGY_GRAPH, formats.N_TRIPLES)
    digest = hashlib.sha256(exported).hexdigest()
    if digest != scratch.ontology:
        scratch.store.replace_graph(ONTOLOGY_GRAPH, exported, formats.N_TRIPLES)
        scratch.ontology = digest


def _materialised(scratch: Store, graph_name: str, source: Graph) -> Graph:
    """Load ``source`` as ``graph_name`` in the scratch store and return its inferred graph."""
    scratch.replace_graph(graph_name, source.serialize(format="nt", encoding="utf-8"),
                          formats.N_TRIPLES)  # fmt: skip
    materialise(scratch, graph_name)
    exported = scratch.export_graph(inferred_graph_name(graph_name), formats.N_TRIPLES)
    return Graph().parse(data=exported, format="nt")
