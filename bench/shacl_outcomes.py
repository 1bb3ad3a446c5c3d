"""Each engine's report read into the same comparable form, for ``shacl_engines.py``.

pyshacl is called as coopgraph calls it (``validation.shacl._pyshacl``); pyrudof (the Rust
``rudof``, native engine) gets its data and shapes as text and gives its report graph as
N-Triples. Both report graphs are read alike (``read_report``): each result keyed by (focus
node, path, value, source constraint component, source shape, severity), a blank node as
``[]`` and a path by its structure, since pyrudof's report graph renames blank nodes.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

import pyrudof
import pyshacl
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

UNARY_PATHS = (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)
Key = tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What one engine reported: conforms, the result keys, the messages under each key."""

    conforms: bool | None
    keys: frozenset[Key] = frozenset()
    messages: dict[Key, frozenset[str]] = field(default_factory=dict)
    count: int = 0
    """Results in the report, keys alike or not."""
    error: str = ""


def term_key(term: Node | None) -> str:
    """A term as text; any blank node as ``[]`` (the two engines name them differently)."""
    if term is None:
        return ""
    return "[]" if isinstance(term, BNode) else term.n3()


def path_key(graph: Graph, path: Node | None) -> str:
    """A property path as text, from its structure (SHACL 2.3.1), blank nodes or not."""
    if not isinstance(path, BNode):
        return term_key(path)
    if (path, RDF.first, None) in graph:
        return "(" + " / ".join(path_key(graph, p) for p in Collection(graph, path)) + ")"
    for predicate, value in graph.predicate_objects(path):
        if predicate == SH.alternativePath:
            return "(" + " | ".join(path_key(graph, p) for p in Collection(graph, value)) + ")"
        if predicate in UNARY_PATHS:
            return f"{str(predicate).rsplit('#', 1)[-1]}({path_key(graph, value)})"
    return "[?]"


def read_report(graph: Graph, report: Node | None = None) -> Outcome:
    """The outcome told by a SHACL validation report graph (its only report, or ``report``)."""
    report = report or next(graph.subjects(RDF.type, SH.ValidationReport), None)
    keys: list[Key] = []
    messages: dict[Key, set[str]] = collections.defaultdict(set)
    for result in graph.objects(report, SH.result):
        path = path_key(graph, graph.value(result, SH.resultPath))
        terms = (SH.value, SH.sourceConstraintComponent, SH.sourceShape, SH.resultSeverity)
        key: Key = (term_key(graph.value(result, SH.focusNode)), path)
        key += tuple(term_key(graph.value(result, p)) for p in terms)
        keys.append(key)
        messages[key].update(m.n3() for m in graph.objects(result, SH.resultMessage))
    conforms = graph.value(report, SH.conforms)
    told = conforms.toPython() if isinstance(conforms, Literal) else None
    found = {k: frozenset(v) for k, v in messages.items()}
    return Outcome(told, frozenset(keys), found, len(keys))


def with_pyshacl(data: Graph, shapes: Graph) -> Outcome:
    """pyshacl's outcome, called as coopgraph calls it (``validation.shacl._pyshacl``)."""
    copy = Graph()
    for triple in data:
        copy.add(triple)
    try:
        _conforms, report, _text = pyshacl.validate(
            copy, shacl_graph=shapes, inference="none", advanced=True, do_owl_imports=False
        )
    except Exception as exc:  # the suite holds ill-formed shapes on purpose
        return Outcome(None, error=f"{type(exc).__name__}: {exc}")
    assert isinstance(report, Graph)
    return read_report(report)


def rudof_engine(
    data: str, data_format: pyrudof.RDFFormat, shapes: str, base: str | None = None
) -> pyrudof.Rudof:
    """A pyrudof session holding the data and the shapes (Turtle)."""
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    engine.read_data(data, data_format, base)
    engine.read_shacl(shapes, pyrudof.ShaclFormat.Turtle, base)
    return engine


def with_rudof(
    data: str, data_format: pyrudof.RDFFormat, shapes: str, base: str | None = None
) -> Outcome:
    """pyrudof's outcome (native engine), read from its report graph, or the error it raised."""
    try:
        engine = rudof_engine(data, data_format, shapes, base)
        engine.validate_shacl()
        nt = pyrudof.ResultShaclValidationFormat.NTriples
        written = engine.serialize_shacl_validation_results(nt)
        return read_report(Graph().parse(data=written, format="nt"))
    except Exception as exc:  # pyrudof's errors share no base class with Python's
        return Outcome(None, error=f"{type(exc).__name__}: {exc}".split("\n")[0])


def n_triples(graph: Graph) -> str:
    """The graph as N-Triples, blank nodes keeping rdflib's labels."""
    return graph.serialize(format="nt")
