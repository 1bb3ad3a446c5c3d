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
    named = _named(source) | (_named(schema) if isinstance(schema, Graph) else schema)
    named |= _named(context)
    masked = [(s, p, _masked(o) if _is_free_text(o, p, named) else o) for s, p, o in source]
    blank_nodes = {
        node for triple in masked for node in triple[::2] if isinstance(node, BNode)
    }  # a predicate is an IRI
    if 0 < len(blank_nodes) <= LABELLED_BLANK_NODES:
        canonical = Graph(store="SimpleMemory")  # no contexts: faster to read
        for triple in masked:
            canonical.add(triple)
        masked = list(to_canonical_graph(canonical))
    lines = [*_sorted_lines(masked), "#context", *_sorted_lines(context)]
    hashed = hashlib.sha256(schema_digest.encode())
    hashed.update("\n".join(lines).encode("utf-8"))
    return hashed.hexdigest()


def without_free_text(
    source: list[Triple], schema_named: frozenset[Node], context: list[Triple]
) -> list[Triple]:
    """The source less its free-text triples: what the engine needs of it as long as its
    closure holds no owl:sameAs between different nodes (``reusable``), since only equality
    rules read free text (see the module). Labels are a quarter of a 1,000-triple description,
    and the engine's time grows with what it is given."""
    named = _named(source) | schema_named | _named(context)
    return [(s, p, o) for s, p, o in source if not _is_free_text(o, p, named)]


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


def _is_free_text(value: Node, predicate: Node, named: set[Node]) -> TypeGuard[Literal]:
    if value.__class__ is URIRef or not isinstance(value, Literal):  # an IRI: told at once
        return False
    if value.datatype not in _STRINGS or predicate in named:
        return False
    return predicate in ANNOTATION_PROPERTIES or not str(predicate).startswith(_RULE_NAMESPACES)
