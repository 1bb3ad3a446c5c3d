"""The OWL 2 RL engine: reasonable, completed by ``reasoning.rules`` (the only reasonable import).

reasonable (https://github.com/gtfierro/reasonable, on PyPI) computes the OWL 2 RL closure in
Rust: on the ontology, seed and examples it took 0.3 s where owlrl, the engine before it, took
11 s. It implements most of the profile's rules; ``reasoning.rules`` adds, in Python, the
entailments it lacks (property chains, keys, maximum cardinality 1, enumerations, a few
schema rules), fed back to it until nothing is missing. Inconsistencies, which it only
reports in a log, are read from the closure by ``reasoning.consistency``.

owlrl stays the reference in the tests (tests/reasoning/test_engine.py): on the project's
content and on a case per OWL 2 RL construct, both engines derive the same triples about our
resources, except those ``is_axiomatic`` filters out (which ``reasoning.owl_rl`` never writes
in an inferred graph either):

- reflexive ``owl:sameAs``, ``rdfs:subClassOf``, ``rdfs:subPropertyOf``,
  ``owl:equivalentClass`` and ``owl:equivalentProperty`` (x sameAs x: owlrl's eq-ref and
  scm-cls, scm-op, scm-dp; reasonable's subClassOf of a class in an equivalence);
- ``rdf:type owl:Thing`` and ``rdfs:subClassOf owl:Thing`` (true of everything; reasonable
  types classes and properties too, owlrl's scm-cls gives the sub-classes);
- derived ``rdfs:domain`` and ``rdfs:range`` (owlrl's scm-dom1/2 and scm-rng1/2 widen each
  property's domain and range to every superclass);
- triples whose subject is a term of the built-in vocabularies (RDF, RDFS, OWL, XSD: their
  domains and ranges, ``xsd:string a rdfs:Datatype``);
- generalised RDF (a literal subject) and owlrl's own error records (its ``#error``
  messages, replaced by ``reasoning.consistency``).

>>> from rdflib import Graph
>>> graph = Graph().parse(data='''@prefix : <http://example.org/> .
... :Commune <http://www.w3.org/2000/01/rdf-schema#subClassOf> :Territory .
... :loos a :Commune .''', format="turtle")
>>> closed = owl_rl_closure([graph])
>>> sorted(str(t[2]).rsplit("/", 1)[-1] for t in closed
...        if str(t[0]).endswith("loos") and not is_axiomatic(t))
['Commune', 'Territory']
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import weakref
from collections.abc import Iterable

import reasonable
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from coopgraph.reasoning.rules import missing
from coopgraph.reasoning.triples import Triple, Triples

OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
"""The predicate owlrl gives the errors it finds (its own vocabulary, not OWL's)."""
_OWLRL_ERROR_MESSAGE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
_REFLEXIVE = frozenset(
    {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
)
_WIDENED = frozenset({RDFS.domain, RDFS.range})
_BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))
_TYPE, _SUBCLASS, _THING, _STRING = RDF.type, RDFS.subClassOf, OWL.Thing, XSD.string
_SUBCLASS_OR_TYPE = frozenset({_TYPE, _SUBCLASS})
_ROUNDS = 100
"""At most this many rounds of ``reasoning.rules`` and reasonable: each adds triples over the
closure's finite nodes, so a fixpoint comes far sooner; the bound only guards against a bug."""


class Prepared:
    """A graph given to the engine many times (the ontology): written once as N-Triples,
    which reasonable parses itself in a few milliseconds instead of converting each rdflib
    term (tens of milliseconds for the ontology); the file goes with the object."""

    def __init__(self, graph: Graph) -> None:
        self.triples = frozenset(graph)
        handle, self.path = tempfile.mkstemp(prefix="coopgraph-schema-", suffix=".n3")
        with os.fdopen(handle, "wb") as file:
            file.write(graph.serialize(format="nt", encoding="utf-8"))
        weakref.finalize(self, _remove, self.path)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def owl_rl_closure(parts: Iterable[Graph | Prepared | list[Triple]]) -> Triples:
    """The OWL 2 RL closure of the parts taken together (what they say, and what follows)."""
    reasoner = reasonable.PyReasoner()
    given: list[Triple] = []  # handed over at once: each call sorts all it holds again (4 ms)
    for part in parts:
        if not isinstance(part, Prepared):
            given.extend(part)
            continue
        try:
            reasoner.load_file(part.path)
        except OSError:  # the file was removed under us (a temporary-files cleaner)
            given.extend(part.triples)
    reasoner.from_graph(given)
    closed = _read(reasoner.reason())
    for _round in range(_ROUNDS):
        extra = [t for t in missing(closed) if not isinstance(t[0], Literal)]
        if not extra:
            break
        reasoner.from_graph(extra)
        closed = _read(reasoner.reason())
    return closed


def is_axiomatic(triple: Triple) -> bool:
    """True for the triples an inferred graph leaves out (see the module): true of
    everything, about the built-in vocabularies, schema widenings, or engine bookkeeping.

    >>> is_axiomatic((OWL.Thing, RDF.type, OWL.Class))
    True
    >>> is_axiomatic((URIRef("http://example.org/a"), OWL.sameAs, URIRef("http://example.org/b")))
    False
    """
    subject, predicate, value = triple
    if isinstance(subject, Literal) or not isinstance(predicate, URIRef):
        return True
    if (predicate in _REFLEXIVE and subject == value) or predicate in _WIDENED:
        return True
    if value == _THING and predicate in _SUBCLASS_OR_TYPE:
        return True
    if predicate == OWLRL_ERROR or value == _OWLRL_ERROR_MESSAGE:
        return True
    return isinstance(subject, URIRef) and str(subject).startswith(_BUILT_IN)


def _read(triples: Iterable[Triple]) -> Triples:
    """reasonable's triples, indexed; its simple literals come back typed xsd:string, the
    same RDF term, which rdflib tells apart from the plain literal the source holds."""
    return Triples(
        (s, p, Literal(str(o)) if o.__class__ is Literal and o.datatype == _STRING else o)
        for s, p, o in triples
    )
