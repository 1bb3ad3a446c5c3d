"""What a validation reports: results, their severities and messages, and the nodes they name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

SEVERITIES = ("Violation", "Warning", "Info")
SEVERITY_NAMES: dict[Node, str] = {
    SH.Violation: "Violation",
    SH.Warning: "Warning",
    SH.Info: "Info",
}
Labels = Mapping[str, str]


@dataclass(frozen=True)
class Location:
    """Where a node is described: a file (or upload) name and a 1-based line."""

    source: str
    line: int


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
