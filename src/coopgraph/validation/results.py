"""What a validation reports: results, their severities and messages, and the nodes they name.

Results are read here from pyshacl's report graph (``read_results``: pyshacl drops the language
of a message it filled in, which ``message_templates`` recovers), and written here as SHACL
(``shacl_graph``, ``add_result``: the one sh:ValidationResult writer, which the provenance
record uses too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from coopgraph.iris import CONCEPT_BASE, IDENTIFIER_BASE, SHAPE_BASE, TERM_BASE

PREFIXES = {
    "cg": TERM_BASE,
    "cgsh": SHAPE_BASE,
    "ref": CONCEPT_BASE,
    "id": IDENTIFIER_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sh": "http://www.w3.org/ns/shacl#",
}


SEVERITIES = ("Violation", "Warning", "Info")
SEVERITY_NAMES: dict[Node, str] = {
    SH.Violation: "Violation",
    SH.Warning: "Warning",
    SH.Info: "Info",
}
Labels = Mapping[str, str]


@dataclass(frozen=True)
class Location:
    """Where a node or a triple is written: a file (or upload) name, a 1-based line and, where
    known, a 1-based column; in a spreadsheet, the source names the sheet, the line is the row,
    the column its number and ``name`` the column's name."""

    source: str
    line: int
    column: int | None = None
    name: str | None = None


@dataclass(frozen=True)
class Text:
    """One uploaded document as written: a name for messages, its media type, its text."""

    source: str
    media_type: str
    text: str


@dataclass(frozen=True)
class NodeInfo:
    """What a report shows of a focus node: its labels and its types' labels, by language."""

    labels: Labels
    types: tuple[tuple[Node, Labels], ...]
    location: Location | None = None


@dataclass(frozen=True)
class Result:
    """One validation result."""

    focus: Node
    path: Node | None
    value: Node | None
    severity: str
    messages: Labels
    shape: Node | None = None
    component: Node | None = None
    location: Location | None = None
    """Where the result's triple is written in the file sent (``validation.positions``)."""

    @property
    def severity_rank(self) -> int:
        """0 for a Violation, 1 for a Warning, 2 for an Info."""
        return SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 3

    def message(self, language: str) -> str:
        """The message in ``language``, else in English, else any."""
        return pick(self.messages, language)


@dataclass(frozen=True)
class Report:
    """A validation report: results, the SHACL report graph, the shapes' version."""

    results: tuple[Result, ...]
    graph: Graph
    shapes_version: str
    nodes: Mapping[Node, NodeInfo] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """True when no result is a Violation."""
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        """How many results have this severity."""
        return sum(1 for r in self.results if r.severity == severity)


def pick(labels: Labels, language: str) -> str:
    """The text in ``language``, else in English, else untagged, else any; '' if none."""
    for key in (language, "en", ""):
        if key in labels:
            return labels[key]
    return next(iter(labels.values()), "")


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
        add_result(graph, node, result)


def add_result(
    graph: Graph, node: Node, result: Result, *, blank_nodes: bool = True, component: bool = True
) -> None:
    """Describe ``result`` in ``graph`` as the sh:ValidationResult ``node``.

    Without ``blank_nodes``, a focus node, path, value or shape that is a blank node is left out
    (a record any SPARQL server accepts); without ``component``, the constraint component is.
    """
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.resultSeverity, SH[result.severity]))
    for predicate, term in (
        (SH.focusNode, result.focus),
        (SH.resultPath, result.path),
        (SH.value, result.value),
        (SH.sourceShape, result.shape),
        (SH.sourceConstraintComponent, result.component if component else None),
    ):
        if term is not None and (blank_nodes or not isinstance(term, BNode)):
            graph.add((node, predicate, term))
    for language, text in result.messages.items():
        graph.add((node, SH.resultMessage, Literal(text, lang=language or None)))


def named_ancestors(node: Node, data: Graph) -> list[Node]:
    """``node`` if it is an IRI, else the nearest IRIs that hold it through blank nodes."""
    seen: set[Node] = set()
    layer = [node]
    while layer:
        named = [n for n in layer if not isinstance(n, BNode)]
        if named:
            return named
        seen.update(layer)
        layer = [s for n in layer for s in data.subjects(None, n) if s not in seen]
    return []


def compact(term: Node | None) -> str:
    """A term as a prefixed name, ``<IRI>``, ``"literal"@lang`` or ``_:id``.

    >>> compact(Literal("62528"))
    '"62528"'
    >>> from rdflib import URIRef
    >>> compact(URIRef("https://w3id.org/coopgraph/def/dimension"))
    'cg:dimension'
    """
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and "/" not in text[len(namespace) :]:
            return f"{prefix}:{text[len(namespace) :]}"
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"
