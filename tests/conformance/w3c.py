"""Reading the W3C SPARQL 1.1 protocol manifests (HTTP-in-RDF) into runnable HTTP exchanges.

The manifests live in ../shared/conformance beside the checkout and are read where they are,
never copied. A test is a list of requests, each with the statuses, result format, boolean or
graph its response must have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS
from rdflib.term import Node

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SPARQL11 = SHARED / "conformance" / "sparql11" / "sparql" / "sparql11"
ABSENT_REASON = (
    f"the W3C test suite is absent: {SPARQL11.resolve()} does not exist "
    "(clone ../shared beside the checkout to run the conformance tests)"
)

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

_NAMED_STATUSES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}


@dataclass(frozen=True)
class Expected:
    """What a response must be: one of ``statuses`` (a code, or 2, 3, 4 for a class)."""

    statuses: tuple[int, ...]
    result_format: str | None = None
    boolean: bool | None = None
    content_type: str | None = None
    body: str | None = None
    location_variable: str | None = None

    def allows(self, status: int) -> bool:
        """True when ``status`` is one of the expected codes or classes."""
        return any(status == code or status // 100 == code for code in self.statuses)


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected: Expected


@dataclass(frozen=True)
class W3cTest:
    """One manifest entry: its local name, title, the graphs to load first, its exchanges."""

    name: str
    title: str
    exchanges: tuple[Exchange, ...]
    graph_data: tuple[tuple[Path, str], ...] = field(default=())


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return next(iter(graph.objects(subject, predicate)), None)


def _text(graph: Graph, subject: Node, predicate: URIRef) -> str | None:
    value = _one(graph, subject, predicate)
    return None if value is None else str(value)


def _headers(graph: Graph, subject: Node) -> dict[str, str]:
    listed = _one(graph, subject, HT.headers)
    if listed is None:
        return {}
    return {
        str(_text(graph, header, HT.fieldName)): str(_text(graph, header, HT.fieldValue))
        for header in Collection(graph, listed)
    }


def _body(graph: Graph, subject: Node) -> tuple[str | None, str]:
    body = _one(graph, subject, HT.body)
    if body is None:
        return None, "utf-8"
    return _text(graph, body, CNT.chars), _text(graph, body, CNT.characterEncoding) or "utf-8"


def _status(code: Node) -> int:
    name = str(code).removeprefix(str(HTS))
    if name.startswith("StatusCode"):
        return int(name.removeprefix("StatusCode")[0])
    return _NAMED_STATUSES[name]


def _expected(graph: Graph, response: Node) -> Expected:
    boolean = _one(graph, response, MF.expectedBoolean)
    body, _ = _body(graph, response)
    return Expected(
        statuses=tuple(sorted(_status(s) for s in graph.objects(response, MF.expectedStatus))),
        result_format=_text(graph, response, MF.expectedFormat),
        boolean=boolean.toPython() if isinstance(boolean, Literal) else None,
        content_type=_headers(graph, response).get("content-type"),
        body=body,
        location_variable=_text(graph, response, MF.expectedLocation),
    )


def _exchange(graph: Graph, request: Node) -> Exchange:
    chars, encoding = _body(graph, request)
    response = _one(graph, request, HT.resp)
    assert response is not None, f"request {request} has no ht:resp"
    return Exchange(
        method=str(_text(graph, request, HT.methodName)),
        path=str(_text(graph, request, HT.absolutePath)),
        headers=_headers(graph, request),
        body=None if chars is None else chars.encode(encoding),
        expected=_expected(graph, response),
    )


def _graph_data(graph: Graph, test: Node) -> tuple[tuple[Path, str], ...]:
    loaded = []
    for data in graph.objects(test, UT.graphData):
        file = _one(graph, data, UT.graph)
        label = _text(graph, data, RDFS.label)
        assert isinstance(file, URIRef)
        assert label is not None
        loaded.append((Path(file.removeprefix("file://")), label))
    return tuple(sorted(loaded))


def _test(graph: Graph, entry: Node) -> W3cTest:
    action = _one(graph, entry, MF.action)
    requests = _one(graph, action, HT.requests) if action is not None else None
    assert requests is not None, f"{entry} has no ht:requests"
    return W3cTest(
        name=str(entry).rpartition("#")[2],
        title=str(_text(graph, entry, MF.name)),
        exchanges=tuple(_exchange(graph, r) for r in Collection(graph, requests)),
        graph_data=_graph_data(graph, entry),
    )


def read_manifest(path: Path) -> list[W3cTest]:
    """The tests a manifest lists in ``mf:entries``, in order."""
    graph = Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
    manifest = URIRef(path.resolve().as_uri())
    entries = _one(graph, manifest, MF.entries)
    assert entries is not None, f"{path} lists no mf:entries"
    return [_test(graph, entry) for entry in Collection(graph, entries)]


def cases(*manifests: Path) -> list[object]:
    """Parameters for pytest, one a manifest test with its name as id; one skip if absent."""
    if not SPARQL11.is_dir():
        return [pytest.param(None, id="w3c-suite-absent", marks=pytest.mark.skip(ABSENT_REASON))]
    return [pytest.param(t, id=t.name) for m in manifests for t in read_manifest(m)]


def substitute(text: str, variables: dict[str, str]) -> str:
    """``text`` with each template variable (``$LOCATION$``) replaced by its value."""
    for name, value in variables.items():
        text = text.replace(name, value)
    return text
