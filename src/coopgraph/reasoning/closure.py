"""What reasoning computes without the OWL 2 RL engine: the closure of a large source.

A source past ``LARGE_SOURCE`` triples (the official geography) is not given to the engine:
the superclasses of its types and the transitive closure of ``cg:isPartOf`` (a part of a part
is a part) are computed here, without reading the source into memory. The store hands over
only the triples the closure starts from (the source's types of the ontology's classes, its
``cg:isPartOf`` links) as N-Triples, read as text: no rdflib term is made per triple. On the
geography (335,350 triples, 159,078 inferred) that took 2.4 s where reading rows of rdflib
terms took 10.6 to 13.2 s, same triples, same run (load average 2.8). The closure in SPARQL
alone (a ``cg:isPartOf+`` property path, CONSTRUCT) was tried and not kept: pyoxigraph took
5 to 8 s for its part-of half. A synchronisation computes it from the source's document
instead, while the store loads it (``document_closure``, ``prepare``; content/closing.py),
and hands it over to ``materialise`` for the versions of the source and the ontology it was
computed from (``prepared``).

Full OWL 2 RL by reasonable was measured there and not kept (bench/RESULTS.md, "Reasoning
engine"): on the geography (265,116 triples) it took 2.6 times this closure as it was then
(rdflib rows) in one run (140 s against 54 s on a machine at load 13; on a quiet one 18 s
against 3.6 s), with 810,000 triples to hand back and filter: alone, nearly the first
start's whole budget (three times pyoxigraph's bulk load of all the content, 6.2 s quiet:
18.6 s).
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Iterable
from typing import TypeVar

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from coopgraph import formats
from coopgraph.iris import TERM_BASE
from coopgraph.sparql_text import term_text
from coopgraph.store import AnswerFormats, Store, values_by_subject

LARGE_SOURCE = 50_000
"""Triples past which a source gets the hierarchy closure only, not the engine (see module)."""
IS_PART_OF = URIRef(TERM_BASE + "isPartOf")
"""cg:isPartOf, transitive: a part of a part is a part."""
_TYPE, _PART_OF = RDF.type.n3(), IS_PART_OF.n3()
_AS_TRIPLES = AnswerFormats(None, formats.N_TRIPLES)
_Key = TypeVar("_Key", bound=Hashable)
_prepared: weakref.WeakKeyDictionary[Store, dict[str, tuple[tuple[str, str], bytes]]] = (
    weakref.WeakKeyDictionary()
)


def hierarchy_closure(store: Store, source_graph: str, ontology: Graph) -> bytes:
    """For a large source: the superclasses of its types, and the transitive closure of
    cg:isPartOf (a part of a part is a part), as N-Triples, computed without the engine and
    without reading the source into memory."""
    name = term_text(URIRef(source_graph))
    parents = _parents(ontology)
    types: dict[str, set[str]] = {}
    if parents:
        kinds = sorted(set(parents).union(*parents.values()))
        types = _values_by_subject(
            store,
            f"CONSTRUCT {{ ?s a ?type }} WHERE {{ VALUES ?type {{ {' '.join(kinds)} }} "
            f"GRAPH {name} {{ ?s a ?type }} }}",
            RDF.type,
        )
    edges = _values_by_subject(
        store,
        f"CONSTRUCT {{ ?part {_PART_OF} ?whole }} WHERE {{ GRAPH {name} "
        f"{{ ?part {_PART_OF} ?whole }} }}",
        IS_PART_OF,
    )
    return _closed(types, edges, parents)


def document_closure(ntriples: bytes, ontology: Graph) -> bytes:
    """What :func:`hierarchy_closure` writes for a source holding ``ntriples``, read from
    the document instead of the store."""
    parents = _parents(ontology)
    kinds = set(parents).union(*parents.values())
    types, edges = values_by_subject(ntriples, [str(RDF.type), str(IS_PART_OF)])
    kept = {subject: held & kinds for subject, held in types.items() if held & kinds}
    return _closed(kept, edges, parents)


def prepare(
    store: Store, source_graph: str, versions: tuple[str, str], ntriples: bytes, ontology: Graph
) -> None:
    """Compute the closure of ``source_graph`` from its document, for :func:`prepared` to hand
    over; ``versions``, those of the source and the ontology it was computed from."""
    _prepared.setdefault(store, {})[source_graph] = (versions, document_closure(ntriples, ontology))


def prepared(store: Store, source_graph: str, versions: tuple[str, str]) -> bytes | None:
    """The closure :func:`prepare` computed for these versions of the source and of the
    ontology, handed over once; None if there is none, or for other versions."""
    kept = _prepared.get(store, {}).pop(source_graph, None)
    return kept[1] if kept is not None and kept[0] == versions else None


def _parents(ontology: Graph) -> dict[str, set[str]]:
    """The superclasses of each class that has some, as N-Triples terms."""
    return {
        kind.n3(): {parent.n3() for parent in found}
        for kind, found in _superclasses(ontology).items()
        if found
    }


def _closed(
    types: dict[str, set[str]], edges: dict[str, set[str]], parents: dict[str, set[str]]
) -> bytes:
    """The closure's N-Triples: the superclasses each subject's types do not state, and the
    wholes each part reaches only through another."""
    lines: list[str] = []
    for subject, held in types.items():
        wanted = set().union(*(parents.get(kind, set()) for kind in held)) - held
        lines += [f"{subject} {_TYPE} {parent} ." for parent in sorted(wanted)]
    for part, wholes in edges.items():
        indirect = _reachable(part, edges) - wholes - {part}
        lines += [f"{part} {_PART_OF} {whole} ." for whole in sorted(indirect)]
    return "\n".join([*lines, ""]).encode()


def _values_by_subject(store: Store, construct: str, predicate: URIRef) -> dict[str, set[str]]:
    """The objects of a CONSTRUCT's ``predicate`` triples by subject, as N-Triples terms:
    its answer is read as N-Triples, with no rdflib term made per triple."""
    body = store.answer(construct, _AS_TRIPLES).body
    return values_by_subject(body, [str(predicate)])[0]


def _superclasses(ontology: Graph) -> dict[Node, set[Node]]:
    direct: dict[Node, set[Node]] = {}
    for child, parent in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            direct.setdefault(child, set()).add(parent)
    return {kind: _reachable(kind, direct) - {kind} for kind in direct}


def part_of_closure(edges: Iterable[tuple[_Key, _Key]]) -> set[tuple[_Key, _Key]]:
    """Every (part, whole) pair reachable through the edges.

    >>> sorted(part_of_closure([("commune", "epci"), ("epci", "department"),
    ...                         ("department", "region")]))[:3]
    [('commune', 'department'), ('commune', 'epci'), ('commune', 'region')]
    """
    direct: dict[_Key, set[_Key]] = {}
    for part, whole in edges:
        direct.setdefault(part, set()).add(whole)
    return {(part, whole) for part in direct for whole in _reachable(part, direct) if whole != part}


def _reachable(start: _Key, direct: dict[_Key, set[_Key]]) -> set[_Key]:
    seen: set[_Key] = set()
    pending = list(direct.get(start, ()))
    while pending:
        node = pending.pop()
        if node not in seen:
            seen.add(node)
            pending.extend(direct.get(node, ()))
    return seen
