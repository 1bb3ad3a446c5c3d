"""SHACL-SPARQL rule shapes evaluated in the store's engine (pyoxigraph), not by pyshacl.

A *rule shape* is a node shape whose only constraints are SPARQL constraints (``sh:sparql``
with ``sh:select``), whose targets are ``sh:targetNode``, ``sh:targetClass``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf`` or SPARQL targets (``sh:select``), and that
no other shape refers to. Such a shape is whole-graph querying by nature: each target runs
once, and each constraint runs once per focus node with ``$this`` pre-bound, in an in-memory
store holding the data. Results carry what pyshacl would give them (SHACL 5.3): focus
``?this`` (else the focus node), ``?path``, ``?value`` (else the focus node), the shape's
severity, its messages with ``{?var}`` / ``{$var}`` replaced, sh:SPARQLConstraintComponent.

Every other shape is left to pyshacl: :func:`split_shapes` returns the shapes graph without
the rule shapes, and the rule shapes as queries.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Identifier, Node

from coopgraph.errors import InputError, QuerySyntaxError, RdfSyntaxError
from coopgraph.sparql_text import with_values
from coopgraph.store import EngineTriples, Row, ScratchStore
from coopgraph.validation.results import SEVERITY_NAMES, Result
from coopgraph.validation.rule_queries import batchable, pre_bindable, with_dataset
from coopgraph.validation.shapes import hoist_properties

_SHAPE_KEYS = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.name,
    SH.description,
    SH.severity,
    SH.sparql,
    SH.target,
    SH.targetNode,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
}
_REFERRING = (SH.node, SH.property, SH["not"], SH["and"], SH["or"], SH.xone, RDF.first)
_TARGETS: dict[Node, str] = {
    SH.targetNode: "SELECT ?this WHERE { VALUES ?this { %s } }",
    SH.targetClass: f"SELECT DISTINCT ?this WHERE {{ ?this a/<{RDFS.subClassOf}>* %s }}",
    SH.targetSubjectsOf: "SELECT DISTINCT ?this WHERE { ?this %s ?any }",
    SH.targetObjectsOf: "SELECT DISTINCT ?this WHERE { ?any %s ?this }",
}
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")
DATA = "urn:coopgraph:validation:data"
"""The engine's graph holding the data; the rule shapes' queries read it through FROM."""
_BATCH = 500
"""Focus nodes checked by one query of a batchable constraint."""


@dataclass(frozen=True)
class Constraint:
    """One SPARQL constraint: its query (prefixes included) and its messages."""

    node: Node
    select: str
    messages: tuple[Literal, ...]
    batched: bool = False
    """Whether one query may check many focus nodes (``rule_queries.batchable``)."""


@dataclass(frozen=True)
class RuleShape:
    """A node shape checked in the engine: target queries, severity, SPARQL constraints."""

    node: Node
    targets: tuple[str, ...]
    severity: str
    constraints: tuple[Constraint, ...]


@dataclass(frozen=True)
class RuleShapes:
    """The shapes graph left to pyshacl, and the rule shapes taken out of it."""

    core: Graph
    rules: tuple[RuleShape, ...]


_split: weakref.WeakKeyDictionary[Graph, RuleShapes] = weakref.WeakKeyDictionary()
_split_lock = threading.Lock()


def split_shapes(shapes: Graph) -> RuleShapes:
    """The rule shapes of ``shapes`` and the graph without them (cached per shapes graph)."""
    with _split_lock:
        cached = _split.get(shapes)
        if cached is None:
            rules = tuple(r for r in map(_rule_shape, _candidates(shapes)) if r is not None)
            core = hoist_properties(_without(shapes, rules))
            cached = _split[shapes] = RuleShapes(core, rules)
        return cached


def _candidates(shapes: Graph) -> Iterator[tuple[Graph, Node]]:
    for node in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        predicates = set(shapes.predicates(node, None))
        referred = any((None, p, node) in shapes for p in (*_REFERRING, SH.qualifiedValueShape))
        if predicates <= _SHAPE_KEYS and not referred:
            yield shapes, node


def _rule_shape(candidate: tuple[Graph, Node]) -> RuleShape | None:
    shapes, node = candidate
    targets = [_target_query(shapes, p, o) for p, o in shapes.predicate_objects(node)]
    constraints = [_constraint(shapes, c) for c in shapes.objects(node, SH.sparql)]
    if (RDF.type, RDFS.Class) in shapes.predicate_objects(node):
        targets.append(with_dataset(_TARGETS[SH.targetClass] % node.n3(), DATA))
    severity = shapes.value(node, SH.severity)
    if None in targets or None in constraints:
        return None
    return RuleShape(
        node,
        tuple(t for t in targets if t),
        SEVERITY_NAMES.get(severity, "Violation") if severity is not None else "Violation",
        tuple(c for c in constraints if c is not None),
    )


def _target_query(shapes: Graph, predicate: Node, target: Node) -> str | None:
    """The SELECT ?this of one target; '' for a key that is no target; None if unsupported."""
    if predicate in _TARGETS:
        return with_dataset(_TARGETS[predicate] % target.n3(), DATA)
    if predicate != SH.target:
        return ""
    keys = set(shapes.predicates(target, None))
    select = shapes.value(target, SH.select)
    if keys <= {RDF.type, SH.select, SH.prefixes} and select is not None:
        return with_dataset(_prefixes(shapes, target) + str(select), DATA)
    return None


def _constraint(shapes: Graph, node: Node) -> Constraint | None:
    keys = set(shapes.predicates(node, None))
    select = shapes.value(node, SH.select)
    if not keys <= {RDF.type, SH.select, SH.prefixes, SH.message} or select is None:
        return None
    query = _prefixes(shapes, node) + str(select)
    if not pre_bindable(str(select)) or not _binds_this(query):
        return None
    messages = tuple(m for m in shapes.objects(node, SH.message) if isinstance(m, Literal))
    return Constraint(node, with_dataset(query, DATA), messages, batchable(str(select)))


def _binds_this(query: str) -> bool:
    """Whether the engine accepts ``$this`` pre-bound (it must be projected) and parses it."""
    try:
        ScratchStore().select(query, {"this": BNode()})
    except (QuerySyntaxError, ValueError):
        return False
    return True


def _prefixes(shapes: Graph, node: Node) -> str:
    lines = []
    for source in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(source, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def _without(shapes: Graph, rules: Iterable[RuleShape]) -> Graph:
    """A copy of ``shapes`` without the rule shapes and the blank nodes they hold."""
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    drop = set()
    pending = [rule.node for rule in rules]
    while pending:
        node = pending.pop()
        drop.add(node)
        pending.extend(o for o in shapes.objects(node) if isinstance(o, BNode) and o not in drop)
    for triple in shapes:
        if triple[0] not in drop:
            core.add(triple)
    return core


def check_rules(
    rules: Sequence[RuleShape],
    data: Iterable[tuple[Node, Node, Node]],
    parsed: EngineTriples | None = None,
) -> list[Result]:
    """The results of the rule shapes over ``data`` (a graph or its triples) and ``parsed``
    (triples in the engine's terms), copied into an engine in memory.

    RdfSyntaxError when the engine cannot hold the data (rdflib accepts more).
    """
    if not rules:
        return []
    engine = ScratchStore()
    if parsed is not None:
        engine.add_parsed(DATA, parsed)
    try:
        engine.add_triples(DATA, data)
    except InputError as exc:
        raise RdfSyntaxError(f"the engine cannot read the data: {exc}") from exc
    return [result for rule in rules for result in _check(rule, engine)]


def _check(rule: RuleShape, data: ScratchStore) -> Iterator[Result]:
    """The results of one rule shape (the engine's blank nodes are the data's)."""
    focus_nodes = sorted(
        {row["this"] for query in rule.targets for row in data.select(query)}, key=str
    )
    found = [_rows(constraint, focus_nodes, data) for constraint in rule.constraints]
    for focus in focus_nodes:
        for constraint, rows in zip(rule.constraints, found, strict=True):
            seen = set()
            for row in rows.get(focus, ()):
                key = tuple(sorted(row.items()))
                if key not in seen:
                    seen.add(key)
                    yield _result(rule, constraint, focus, row)


def _rows(
    constraint: Constraint, focus_nodes: Sequence[Identifier], data: ScratchStore
) -> dict[Identifier, list[Row]]:
    """The constraint's rows for each focus node: IRIs in batches of one query each (the
    engine's cost is mostly per query), other nodes (which VALUES cannot hold, or may hold
    otherwise written) one query each, pre-bound."""
    rows: dict[Identifier, list[Row]] = {}
    iris = [n for n in focus_nodes if isinstance(n, URIRef)] if constraint.batched else []
    for start in range(0, len(iris), _BATCH):
        query = with_values(constraint.select, {"this": iris[start : start + _BATCH]})
        for row in data.select(query):
            rows.setdefault(row["this"], []).append(row)
    batched = set(iris)
    for focus in (n for n in focus_nodes if n not in batched):
        rows[focus] = list(data.select(constraint.select, {"this": focus}))
    return rows


def _result(
    rule: RuleShape, constraint: Constraint, focus: Node, row: Mapping[str, Node]
) -> Result:
    bound = dict(row)
    bound.setdefault("this", focus)
    bound.setdefault("value", focus)
    return Result(
        focus=bound["this"],
        path=bound.get("path"),
        value=bound["value"],
        severity=rule.severity,
        messages=_messages(constraint.messages, bound),
        shape=rule.node,
        component=SH.SPARQLConstraintComponent,
    )


def _messages(messages: Iterable[Literal], bound: Mapping[str, Node]) -> dict[str, str]:
    def fill(found: re.Match[str]) -> str:
        value = bound.get(found.group(1))
        return str(value) if value is not None else found.group(0)

    texts: dict[str, str] = {}
    for message in messages:
        texts.setdefault(message.language or "", _PLACEHOLDER.sub(fill, str(message)))
    return texts
