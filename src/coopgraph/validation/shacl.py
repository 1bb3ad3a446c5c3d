"""SHACL validation: pyshacl behind our own report type (the only pyshacl import).

The SHACL-SPARQL rule shapes run in the store's engine instead (``validation_rules``); pyshacl
checks SHACL Core, on a shapes graph whose property shapes carry their node shape's targets
(``validation_targets``). Both halves see the same data graph; their results are merged.

A submission is validated together with what it needs from the store, never the whole store
(see ``validation_context``). pyshacl receives rdflib graphs only, never strings it would open
as paths or URLs, and never follows ``owl:imports``. Severity: a Violation blocks publication,
a Warning or an Info does not, so a report *conforms* when it holds no Violation.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as QueryResult
from rdflib.term import Node

from coopgraph.errors import RdfSyntaxError
from coopgraph.store import Store
from coopgraph.validation.context import SHAPES_NS, gather_context
from coopgraph.validation.results import (
    SEVERITY_NAMES,
    Labels,
    Location,
    NodeInfo,
    Report,
    Result,
)
from coopgraph.validation.rules import check_rules, split_shapes

INFERENCE = "none"
"""pyshacl's inference: the class hierarchy comes with the ontology's rdfs:subClassOf triples,
so no closure is computed ('rdfs' costs more for the same results; see bench/RESULTS.md)."""

SHAPES_ONTOLOGY = URIRef(str(SHAPES_NS).rstrip("/"))


@dataclass(frozen=True)
class Shapes:
    """The shapes graph and its version (owl:versionInfo of the shapes' owl:Ontology)."""

    graph: Graph
    version: str


_loaded: dict[tuple[tuple[str, float], ...], Shapes] = {}


def load_shapes(folder: Path) -> Shapes:
    """Every Turtle file of ``folder`` as one shapes graph (cached until a file changes)."""
    files = sorted(folder.glob("*.ttl"))
    key = tuple((str(path), path.stat().st_mtime) for path in files)
    if key not in _loaded:
        graph = Graph()
        for path in files:
            graph.parse(path, format="turtle")
        version = graph.value(SHAPES_ONTOLOGY, OWL.versionInfo)
        _loaded[key] = Shapes(graph, str(version) if version is not None else "unversioned")
    return _loaded[key]


class DataGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pyshacl sends the same query text for every focus node of a SPARQL constraint, with the
    node bound by ``initBindings``; rdflib would parse it again each time (tens of ms).
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[str, Query] = {}

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> QueryResult:
        """Run a query, parsing its text only the first time it is seen."""
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def validate(
    submission: Graph,
    store: Store,
    shapes: Shapes,
    locations: Mapping[Node, Location] | None = None,
) -> Report:
    """Validate a submission against the shapes, with what it needs from the store."""
    context = gather_context(submission, store)
    data = DataGraph()
    for triple in submission:
        if triple[1] != SHAPES_NS.inOfficialGeography:
            data.add(triple)
    for triple in context.triples:
        data.add(triple)
    checked = validate_graphs(data, shapes.graph, shapes.version)
    results = _about_submission(checked.results, submission, context.triples)
    nodes = describe_nodes(results, data, context.term_labels, locations or {})
    return Report(results, shacl_graph(results), shapes.version, nodes)


def shacl_graph(results: tuple[Result, ...]) -> Graph:
    """A SHACL validation report graph (sh:ValidationReport) holding these results."""
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    # SHACL's sh:conforms: no result at all (Report.conforms, which allows warnings, is ours).
    graph.add((report, SH.conforms, Literal(not results)))
    add_results(graph, report, results)
    return graph


def add_results(graph: Graph, report: Node, results: Iterable[Result]) -> None:
    """Add these results to the SHACL validation report ``report`` of ``graph``."""
    for result in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        graph.add((node, SH.resultSeverity, SH[result.severity]))
        for predicate, term in (
            (SH.resultPath, result.path),
            (SH.value, result.value),
            (SH.sourceShape, result.shape),
            (SH.sourceConstraintComponent, result.component),
        ):
            if term is not None:
                graph.add((node, predicate, term))
        for language, text in result.messages.items():
            graph.add((node, SH.resultMessage, Literal(text, lang=language or None)))


def _about_submission(
    results: tuple[Result, ...], submission: Graph, context: list[tuple[Node, Node, Node]]
) -> tuple[Result, ...]:
    """Results about what the steward wrote: not about things only read from the store.

    A thing the submission links to is read from the store with its type only, so its own
    shapes would report what its full description (elsewhere) holds.
    """
    described = set(submission.subjects())
    pulled = {triple[0] for triple in context} - described
    return tuple(r for r in results if r.focus not in pulled)


_one_at_a_time = threading.Lock()
"""rdflib parses SPARQL with pyparsing, which is not thread-safe (RDFLib/rdflib#1282): two
validations at once fail at random in pyshacl's SPARQL constraints."""


def validate_graphs(
    data: Graph, shapes: Graph, version: str = "", inference: str = INFERENCE
) -> Report:
    """Validate ready graphs; ``data`` is used in place (SHACL rules may extend it).

    The rule shapes (``validation_rules``) run in the store's engine, the rest in pyshacl.
    """
    split = split_shapes(shapes)
    results_graph = _pyshacl(data, split.core, inference)
    try:
        ruled = check_rules(split.rules, data)
    except RdfSyntaxError:  # a term the engine refuses (rdflib is lax): pyshacl does it all
        results_graph, ruled = _pyshacl(data, shapes, inference), []
    results = sort_results([*read_results(results_graph, shapes), *ruled])
    report = next(results_graph.subjects(RDF.type, SH.ValidationReport))
    if ruled:
        results_graph.set((report, SH.conforms, Literal(False)))
        add_results(results_graph, report, ruled)
    return Report(tuple(results), results_graph, version)


def _pyshacl(data: Graph, shapes: Graph, inference: str) -> Graph:
    with _one_at_a_time:
        _conforms, results_graph, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference=inference,
            advanced=True,
            inplace=True,
            do_owl_imports=False,
        )
    assert isinstance(results_graph, Graph)
    return results_graph


def read_results(report: Graph, shapes: Graph | None = None) -> list[Result]:
    """Our results from a SHACL validation report graph, sorted by focus node then severity."""
    templates = message_templates(shapes) if shapes is not None else []
    return sort_results(
        _result(report, node, templates) for node in report.objects(None, SH.result)
    )


def sort_results(results: Iterable[Result]) -> list[Result]:
    """Results sorted by focus node, then severity, then path."""
    return sorted(results, key=lambda r: (str(r.focus), r.severity_rank, str(r.path)))


Template = tuple[re.Pattern[str], str]


def message_templates(shapes: Graph) -> list[Template]:
    """Each language-tagged sh:message of the shapes as a pattern, {?var} matching anything.

    pyshacl drops the language tag of a message once it has put values in its {?var}
    placeholders; the templates tell which language such a message was written in.
    """
    templates = []
    for message in shapes.objects(None, SH.message):
        if isinstance(message, Literal) and message.language:
            parts = re.split(r"\{[?$]\w+\}", str(message))
            pattern = re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)
            templates.append((pattern, message.language))
    return templates


def _result(report: Graph, node: Node, templates: Sequence[Template]) -> Result:
    focus = report.value(node, SH.focusNode)
    severity = report.value(node, SH.resultSeverity)
    return Result(
        focus=focus if focus is not None else BNode(),
        path=report.value(node, SH.resultPath),
        value=report.value(node, SH.value),
        severity=SEVERITY_NAMES.get(severity, str(severity)) if severity else "Violation",
        messages=_labels(report.objects(node, SH.resultMessage), templates),
        shape=report.value(node, SH.sourceShape),
        component=report.value(node, SH.sourceConstraintComponent),
    )


def _labels(literals: Iterable[Node], templates: Sequence[Template] = ()) -> dict[str, str]:
    labels: dict[str, str] = {}
    for literal in literals:
        language = literal.language if isinstance(literal, Literal) else None
        text = str(literal)
        if not language:
            language = next((lang for pattern, lang in templates if pattern.fullmatch(text)), "")
        labels.setdefault(language, text)
    return labels


def describe_nodes(
    results: tuple[Result, ...],
    data: Graph,
    term_labels: Mapping[Node, Labels],
    locations: Mapping[Node, Location],
) -> dict[Node, NodeInfo]:
    """Label, types and location of each focus node, for reports."""
    nodes: dict[Node, NodeInfo] = {}
    for focus in {r.focus for r in results}:
        types = tuple(
            (kind, term_labels.get(kind, {}))
            for kind in sorted(data.objects(focus, RDF.type), key=str)
        )
        labels = _labels(data.objects(focus, RDFS.label))
        nodes[focus] = NodeInfo(labels, types, _locate(focus, data, locations))
    return nodes


def _locate(node: Node, data: Graph, locations: Mapping[Node, Location]) -> Location | None:
    """Where a node is described; for a blank node, where the node that holds it is."""
    seen: set[Node] = set()
    while node not in locations and isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(data.subjects(None, node), None)
        if parent is None:
            return None
        node = parent
    return locations.get(node)
