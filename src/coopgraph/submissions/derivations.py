"""What reasoning would derive from a submission, computed before anything is published.

A published description gets an inferred graph (``reasoning.materialise``): what OWL 2 RL
derives from it together with the ontology and the types the store holds about the IRIs it
mentions. To judge those triples before publishing, ``reasoning.derivation`` computes that very
graph for the submission, writing nothing; kept for reuse, it becomes the publication's inferred
graph without a second owlrl run. What the context alone entails (``62528 a prov:Location``
from ``62528 a cg:Commune``) is true without the submission and is taken away (its derivation
is kept too, per territory, so a context that did not change costs no owlrl run), and so is
what another asserted graph of the store already says: what remains is what the submission
makes reasoning add.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from coopgraph.iris import GRAPH_BASE
from coopgraph.reasoning import derivation, is_inferred
from coopgraph.sparql_text import term_text
from coopgraph.store import Store

Triple = tuple[Node, Node, Node]

_CHUNK = 500
_HELD = "SELECT ?s ?p ?o ?g WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} GRAPH ?g {{ ?s ?p ?o }} }}"
_CONTEXT_BASE = GRAPH_BASE + "scratch/context/"
"""The name a territory's context is reasoned under: its derivation's place for reuse."""


def derived_triples(store: Store, graph_name: str, submission: Graph) -> Graph:
    """What reasoning would add to the store if ``submission`` became ``graph_name``: its
    inferred graph less what the store's types of the IRIs it mentions entail without it."""
    context = mentioned_types(store, submission, graph_name)
    context_name = _CONTEXT_BASE + graph_name.removeprefix(GRAPH_BASE)
    baseline = _parsed(derivation(store, context_name, context, Graph())[0])
    derived = _parsed(derivation(store, graph_name, submission, context)[0])
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


def _parsed(ntriples: bytes) -> Graph:
    return Graph().parse(data=ntriples, format="nt")
