"""What the OWL 2 RL engine is given for one source, and a digest of it that leaves free text out.

Stewards mostly edit text: a label, a comment, a description. Such an edit cannot change what
the OWL 2 RL rules derive, so a source whose input has the same digest as at its last
reasoning keeps the triples derived then (``reasoning.owl_rl``), and a text-only resubmission costs
no engine run.

*Free text* is the value of a triple whose object is a string (xsd:string, or with a language
tag) and whose predicate the ontology, the context and the source never name as a subject or
an object (no domain, range, sub-property, characteristic, chain, key or restriction is about
it), and is an OWL annotation property (rdfs:label, rdfs:comment, ...) or outside RDF, RDFS
and OWL. Of the OWL 2 RL rules, only those of equality (eq-rep-s/o) read
such a triple, through an owl:sameAs between different nodes; a string is always well typed
(dt-not-type); no other rule copies its value into a derived triple. So, as long as the
closure holds no owl:sameAs between different nodes (``reusable``), the derived triples are
the same whatever the free-text values: the digest masks them.

The same holds of any value of such a predicate, an IRI as well as a string: only the
equality rules read its triples, so the engine is given the source without them
(``unread_left_out``), and reasons again with them when its closure holds an owl:sameAs
between different nodes (``reasoning.owl_rl``).

>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import RDFS
>>> a, b = Graph(), Graph()
>>> _ = a.add((URIRef("http://ex/x"), RDFS.label, Literal("Old name", lang="en")))
>>> _ = b.add((URIRef("http://ex/x"), RDFS.label, Literal("New name", lang="en")))
>>> digest(a, Graph(), Graph(), "") == digest(b, Graph(), Graph(), "")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from itertools import chain
from operator import itemgetter
from typing import TypeGuard

from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import BNode, Node

from coopgraph.reasoning.triples import Triples

Triple = tuple[Node, Node, Node]

ANNOTATION_PROPERTIES = frozenset(
    {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated,
     OWL.versionInfo, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}
)  # fmt: skip
_RULE_NAMESPACES = (str(RDF), str(RDFS), str(OWL))
_STRINGS = frozenset({None, XSD.string, RDF.langString})
_MASK = "\u2026"
_SAME_AS = OWL.sameAs
_THINGS = frozenset({OWL.Thing})
_MASKS: dict[tuple[str | None, Node | None], Literal] = {}
_TEXTS: dict[Node, str] = {}
_TEXTS_BOUND = 200_000
LABELLED_BLANK_NODES = 8
"""Past this many blank nodes the digest keeps their labels as parsed: canonical labelling can
take exponential time (50 alike ones took minutes), and a digest that differs only costs a
reasoning that could have been reused."""


def digest(
    source: Iterable[Triple],
    schema: Graph | frozenset[Node],
    context: Iterable[Triple],
    schema_digest: str,
) -> str:
    """The SHA-256 of what the engine is given, free-text values masked; ``schema_digest``
    stands for the schema (hashing it each time would cost as much as the saving), of which
    only the nodes it names are read (``schema`` may be that set). Blank nodes get canonical
    labels up to ``LABELLED_BLANK_NODES`` of them, so equal graphs give equal digests; past
    that, their labels as parsed (a reuse key then rarely matches, never wrongly)."""
    source, context = list(source), list(context)
    schema_named = frozenset(_named(schema)) if isinstance(schema, Graph) else schema
    unread = _unread_predicates(source, schema_named, context)
    masked = [(s, p, _masked(o) if p in unread and _is_text(o) else o) for s, p, o in source]
    nodes = chain(map(itemgetter(0), masked), map(itemgetter(2), masked))  # not predicates
    blank_nodes = {node for node in nodes if isinstance(node, BNode)}
    if 0 < len(blank_nodes) <= LABELLED_BLANK_NODES:
        canonical = Graph(store="SimpleMemory")  # no contexts: faster to read
        for triple in masked:
            canonical.add(triple)
        masked = list(to_canonical_graph(canonical))
    lines = [*_sorted_lines(masked), "#context", *_sorted_lines(context)]
    hashed = hashlib.sha256(schema_digest.encode())
    hashed.update("\n".join(lines).encode("utf-8"))
    return hashed.hexdigest()


def unread_left_out(
    source: list[Triple],
    schema_named: frozenset[Node],
    context: list[Triple],
    every_node_read: bool = False,
) -> list[Triple]:
    """The source less the triples of predicates no axiom is about (``_unread_predicates``), free
    text or not: what the engine needs of it as long as its closure holds no owl:sameAs
    between different nodes (``reusable``). Such a triple is read only by the equality rules:
    every other rule that reads a triple of some property needs an axiom about it (a domain,
    range, characteristic, super-property, inverse, chain, key or restriction), which would
    name it. Labels are a quarter of a 1,000-triple description, the time and place of its
    effects another fifth, and the engine's time grows with what it is given and hands back.

    Except when something follows from being an owl:Thing (``every_node_read``: an axiom of
    the schema such as ``owl:Thing rdfs:subClassOf :Located``, or the same in the source):
    reasonable makes every subject an owl:Thing, so a node would lose what follows if its
    only triples were left out; the source is then given whole."""
    subjects = chain(map(itemgetter(0), source), map(itemgetter(0), context))
    if every_node_read or not _THINGS.isdisjoint(subjects):
        return source
    unread = _unread_predicates(source, schema_named, context)
    return [triple for triple in source if triple[1] not in unread] if unread else source


def reusable(closure: Iterable[Triple] | Graph | Triples) -> bool:
    """True when no owl:sameAs joins two different nodes: the rules then never read free
    text, and what they derived can be reused for the same digest."""
    if isinstance(closure, Triples):  # its index, not every triple compared with owl:sameAs
        return all(s == o for s, o in closure.subject_objects(_SAME_AS))
    return all(s == o for s, p, o in closure if p == _SAME_AS)


def _sorted_lines(triples: Iterable[Triple]) -> list[str]:
    return sorted(f"{_text(s)} {_text(p)} {_text(o)} ." for s, p, o in triples)


def _text(term: Node) -> str:
    """``term.n3()``, kept for IRIs: each call checks the IRI again, and a source names the
    same few hundred IRIs in most of its triples."""
    if term.__class__ is not URIRef:
        return term.n3()
    found = _TEXTS.get(term)
    if found is None:
        if len(_TEXTS) > _TEXTS_BOUND:
            _TEXTS.clear()
        found = _TEXTS[term] = term.n3()
    return found


def _masked(value: Literal) -> Literal:
    """The same kind of string (language, or datatype), without its text (made once per kind)."""
    kind = (value.language, value.datatype)
    found = _MASKS.get(kind)
    if found is None:
        found = _MASKS.setdefault(kind, Literal(_MASK, kind[0], kind[1] if not kind[0] else None))
    return found


def _named(graph: Iterable[Triple]) -> set[Node]:
    """The nodes a graph names as a subject or an object (not as a predicate)."""
    return {node for s, _, o in graph for node in (s, o)}


def _is_text(value: Node) -> TypeGuard[Literal]:
    """True for a string: a literal typed xsd:string, or with a language tag."""
    return (
        value.__class__ is not URIRef
        and isinstance(value, Literal)
        and (value.datatype in _STRINGS)
    )


def _unread_predicates(
    source: list[Triple], schema_named: frozenset[Node], context: list[Triple]
) -> set[Node]:
    """The predicates of ``source`` no triple names (no axiom is about them) that are
    annotation properties or outside RDF, RDFS and OWL (whose terms the rules read by
    themselves). Told once per predicate, a description using a dozen of them."""
    unread = {
        predicate
        for predicate in set(map(itemgetter(1), source))
        if predicate not in schema_named
        and (predicate in ANNOTATION_PROPERTIES or not str(predicate).startswith(_RULE_NAMESPACES))
    }
    for triples, position in ((source, 0), (source, 2), (context, 0), (context, 2)):
        if unread:
            unread.difference_update(unread.intersection(map(itemgetter(position), triples)))
    return unread
