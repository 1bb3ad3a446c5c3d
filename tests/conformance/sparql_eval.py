"""Reading the W3C SPARQL 1.0 and 1.1 evaluation manifests into tests, and their expected
results into outcomes that compare as the W3C harnesses compare them.

A query test names its query, the files of its default graph (qt:data) and of its named
graphs (qt:graphData, each named by its file IRI), and its expected result. An update test
names its request and the graphs before and after (ut:data, ut:graphData with the graph's
name as rdfs:label). The manifests are read where they are, never copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from conformance.w3c import SHARED

EVAL = SHARED / "conformance" / "sparql-eval" / "sparql"
SPARQL10 = EVAL / "sparql10"
SPARQL11 = EVAL / "sparql11"
QUERY_MANIFESTS = (
    SPARQL10 / "manifest-evaluation.ttl",
    SPARQL11 / "manifest-sparql11-query.ttl",
    SPARQL11 / "manifest-sparql11-results.ttl",
)
UPDATE_MANIFESTS = (SPARQL11 / "manifest-sparql11-update.ttl",)
ABSENT_REASON = (
    f"the W3C SPARQL evaluation tests are absent: {EVAL.resolve()} does not exist "
    "(clone ../shared beside the checkout to run the conformance tests)"
)

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
_QUERY_TYPES = (MF.QueryEvaluationTest, MF.CSVResultFormatTest)
# Every FROM of the suite's evaluation queries names its graph as <IRI> (checked by a test).
_FROM = re.compile(r"\bFROM\s+(NAMED\s+)?<([^>]*)>", re.IGNORECASE)


@dataclass(frozen=True)
class QueryTest:
    """One query evaluation test: its id, query, graphs and expected result file."""

    id: str
    query: Path
    data: tuple[Path, ...]
    graph_data: tuple[Path, ...]
    result: Path
    lax: bool = False
    """True when the count of duplicates is free (REDUCED: mf:LaxCardinality)."""

    @property
    def text(self) -> str:
        """The query text."""
        return self.query.read_text(encoding="utf-8")

    def from_graphs(self) -> tuple[Path, ...]:
        """The files the query's FROM and FROM NAMED name (resolved against the query file):
        the W3C harnesses load them as the graphs of those names."""
        names = [match.group(2) for match in _FROM.finditer(_without_comments(self.text))]
        return tuple(dict.fromkeys(self.query.parent / name for name in names))


@dataclass(frozen=True)
class GraphState:
    """A store's content: the files of its default graph, and named graphs by name."""

    default: tuple[Path, ...]
    named: tuple[tuple[str, Path], ...]


@dataclass(frozen=True)
class UpdateTest:
    """One update evaluation test: its id, request, the store before and after."""

    id: str
    request: Path
    before: GraphState
    after: GraphState


def iri(path: Path) -> str:
    """A file's IRI, as the manifests resolve it (``file:///...``)."""
    return path.resolve().as_uri()


def _without_comments(text: str) -> str:
    """The query without its ``#`` comment lines (enough for the suite's FROM clauses)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _path(node: Node) -> Path:
    assert isinstance(node, URIRef), f"not an IRI: {node}"
    assert node.startswith("file://"), f"not a file: {node}"
    return Path(node.removeprefix("file://"))


def _test_id(entry: Node, manifest: Path) -> str:
    """``sparql10/basic#base-prefix-1``: where the manifest is, and the entry's own name."""
    local = str(entry).rpartition("#")[2] or str(entry).rpartition("/")[2]
    return f"{manifest.parent.resolve().relative_to(EVAL.resolve()).as_posix()}#{local}"


def _files(graph: Graph, subject: Node, predicate: URIRef) -> tuple[Path, ...]:
    return tuple(sorted(_path(o) for o in graph.objects(subject, predicate)))


def _state(graph: Graph, subject: Node) -> GraphState:
    named = []
    for data in graph.objects(subject, UT.graphData):
        file, label = graph.value(data, UT.graph), graph.value(data, RDFS.label)
        assert file is not None, f"graph data without a file: {data}"
        assert label is not None, f"graph data without a label: {data}"
        named.append((str(label), _path(file)))
    return GraphState(_files(graph, subject, UT.data), tuple(sorted(named)))


def _entries(path: Path) -> tuple[Graph, list[tuple[Node, Path]]]:
    """The manifest's graph and its entries (each with its manifest), with those of the
    manifests it includes."""
    graph = Graph().parse(path, format="turtle", publicID=iri(path))
    entries: list[tuple[Node, Path]] = []
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for listed in graph.objects(manifest, MF.entries):
            entries.extend((entry, path) for entry in Collection(graph, listed))
        for included in graph.objects(manifest, MF.include):
            for child in Collection(graph, included):
                child_graph, child_entries = _entries(_path(child))
                graph += child_graph
                entries.extend(child_entries)
    return graph, entries


def read_query_tests(path: Path) -> list[QueryTest]:
    """The query evaluation tests a manifest lists or includes, in order."""
    graph, entries = _entries(path)
    tests = []
    for entry, manifest in entries:
        if not any((entry, RDF.type, kind) in graph for kind in _QUERY_TYPES):
            continue
        action, result = graph.value(entry, MF.action), graph.value(entry, MF.result)
        query = graph.value(action, QT.query)
        assert action is not None, f"{entry} has no action"
        assert query is not None, f"{entry} has no query"
        assert result is not None, f"{entry} has no result"
        data = _files(graph, action, QT.data)
        named = _files(graph, action, QT.graphData)
        test_id = _test_id(entry, manifest)
        lax = (entry, MF.resultCardinality, MF.LaxCardinality) in graph
        tests.append(QueryTest(test_id, _path(query), data, named, _path(result), lax))
    return tests


def read_update_tests(path: Path) -> list[UpdateTest]:
    """The update evaluation tests a manifest lists or includes, in order."""
    graph, entries = _entries(path)
    tests = []
    for entry, manifest in entries:
        if (entry, RDF.type, MF.UpdateEvaluationTest) not in graph:
            continue
        action, result = graph.value(entry, MF.action), graph.value(entry, MF.result)
        request = graph.value(action, UT.request)
        assert action is not None, f"{entry} has no action"
        assert request is not None, f"{entry} has no request"
        assert result is not None, f"{entry} has no result"
        before, after = _state(graph, action), _state(graph, result)
        tests.append(UpdateTest(_test_id(entry, manifest), _path(request), before, after))
    return tests


def cases(tests: list[QueryTest] | list[UpdateTest], marks: dict[str, str]) -> list[object]:
    """Parameters for pytest with the test id; those in ``marks`` expected to fail (strict)
    for the reason given there; one skip, with the reason, when the suite is absent."""
    if not EVAL.is_dir():
        return [pytest.param(None, id="w3c-suite-absent", marks=pytest.mark.skip(ABSENT_REASON))]
    return [
        pytest.param(
            test,
            id=test.id,
            marks=[pytest.mark.xfail(reason=marks[test.id], strict=True)]
            if test.id in marks
            else [],
        )
        for test in tests
    ]
