"""What a SPARQL query answered, read from a W3C expected-results file, from pyoxigraph or
from an HTTP answer, and compared as the W3C harnesses compare answers.

SELECT answers are multisets of solutions, equal up to a renaming of blank nodes (in order
when the query sorts and the expected file is ordered); ASK answers are booleans; CONSTRUCT
and DESCRIBE answers are graphs, equal when isomorphic (rdflib.compare). CSV, which loses
datatypes, compares as text, blank nodes as ``_:``. Literals are kept as written (rdflib's
normalisation of lexical forms is off while reading), so ``"01"^^xsd:integer`` is not
``"1"^^xsd:integer``, as RDF term equality says.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from rdflib.query import Result
from rdflib.term import Identifier, Node

RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_RDF_SUFFIXES = {".ttl": "turtle", ".rdf": "xml", ".nt": "nt"}

Row = frozenset[tuple[str, Identifier]]


@dataclass(frozen=True)
class Solutions:
    """A SELECT answer: its variables and its rows (the bound variables of each solution)."""

    variables: frozenset[str]
    rows: tuple[Row, ...]
    ordered: bool = True
    """False when the source says nothing of the order (a result set graph without index)."""


@dataclass(frozen=True)
class Text:
    """A CSV answer: its header and rows as strings, blank node labels made ``_:``."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Outcome = Solutions | bool | Graph | Text


@contextmanager
def literals_as_written() -> Iterator[None]:
    """rdflib keeps lexical forms as written while this runs (no ``"01"`` made ``"1"``)."""
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def sorts(query: str) -> bool:
    """True when the query (comment lines aside) has ORDER BY."""
    lines = (line for line in query.splitlines() if not line.lstrip().startswith("#"))
    return bool(_ORDER_BY.search("\n".join(lines)))


def _plain(term: Node) -> Identifier:
    """An rdflib term as RDF 1.1 says it: a simple literal typed xsd:string."""
    if isinstance(term, Literal):
        if term.language:
            return Literal(str(term), lang=term.language, normalize=False)
        return Literal(str(term), datatype=term.datatype or XSD.string, normalize=False)
    assert isinstance(term, URIRef | BNode), f"not an RDF term: {term!r}"
    return term


def _from_oxigraph(term: object) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal), f"not a term of this suite: {term!r}"
    if term.language:
        return Literal(term.value, lang=term.language, normalize=False)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def _graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    for subject, predicate, value in triples:
        graph.add((_plain(subject), _plain(predicate), _plain(value)))
    return graph


def from_oxigraph(result: object) -> Outcome:
    """A pyoxigraph answer (or parsed results file) as an outcome."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = tuple(
            frozenset((n, _from_oxigraph(s[n])) for n in names if s[n] is not None) for s in result
        )
        return Solutions(frozenset(names), rows)
    assert isinstance(result, ox.QueryTriples), f"not a query answer: {result!r}"
    with literals_as_written():
        return _graph(
            (_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object))
            for t in result
        )


def read_csv(data: str) -> Text:
    """CSV results as text, columns in the order of their names (``SELECT *`` leaves the
    order to the engine); a blank node's label says nothing across answers."""
    lines = list(csv.reader(io.StringIO(data)))
    header = lines[0] if lines else []
    order = sorted(range(len(header)), key=lambda column: header[column])
    rows = tuple(
        tuple("_:" if row[c].startswith("_:") else row[c] for c in order) for row in lines[1:]
    )
    return Text(tuple(header[c] for c in order), rows)


def _present(node: Node | None) -> Node:
    assert node is not None, "a result set binding without a value"
    return node


def _result_set(graph: Graph, answer: Node) -> Outcome:
    """A result set written as RDF (the W3C result-set vocabulary)."""
    boolean = graph.value(answer, RS.boolean)
    if isinstance(boolean, Literal):
        return bool(boolean.toPython())
    indexed: list[tuple[int, Row]] = []
    rows: list[tuple[int, Row]] = []
    for solution in graph.objects(answer, RS.solution):
        row = frozenset(
            (str(graph.value(b, RS.variable)), _plain(_present(graph.value(b, RS.value))))
            for b in graph.objects(solution, RS.binding)
        )
        index = graph.value(solution, RS["index"])
        (indexed if index is not None else rows).append((int(str(index or 0)), row))
    ordered = tuple(row for _, row in sorted(indexed, key=lambda pair: pair[0]))
    names = frozenset(str(v) for v in graph.objects(answer, RS.resultVariable))
    return Solutions(names, ordered + tuple(row for _, row in rows), ordered=not rows)


def read_expected(path: Path) -> Outcome:
    """The expected answer of a test, from its .srx, .srj, .tsv, .csv, .ttl or .rdf file."""
    if path.suffix == ".csv":
        return read_csv(path.read_text(encoding="utf-8"))
    if path.suffix not in _RDF_SUFFIXES:
        results_format = ox.QueryResultsFormat.from_extension(path.suffix[1:])
        assert results_format is not None, f"no results format for {path}"
        return from_oxigraph(ox.parse_query_results(path=str(path), format=results_format))
    with literals_as_written():
        graph = Graph().parse(path, format=_RDF_SUFFIXES[path.suffix], publicID=path.as_uri())
    answer = graph.value(None, RDF.type, RS.ResultSet, any=True)
    return _result_set(graph, answer) if answer is not None else _graph(graph)


def read_answer(body: bytes, media_type: str) -> Outcome:
    """An HTTP answer of /sparql, read by rdflib as a client reads it."""
    if media_type == "text/csv":
        return read_csv(body.decode("utf-8"))
    with literals_as_written():
        if media_type == "application/n-triples":
            return _graph(Graph().parse(data=body, format="nt"))
        assert media_type == "application/sparql-results+json", f"unexpected {media_type}"
        result = Result.parse(io.BytesIO(body), format="json")
        if result.type == "ASK":
            return bool(result.askAnswer)
        names = [str(v) for v in result.vars or ()]
        rows = tuple(
            frozenset((str(k), _plain(v)) for k, v in binding.items() if v is not None)
            for binding in result.bindings
        )
    return Solutions(frozenset(names), rows)


def _has_blank_nodes(solutions: Solutions) -> bool:
    return any(isinstance(value, BNode) for row in solutions.rows for _, value in row)


def _encoded(solutions: Solutions, ordered: bool) -> Graph:
    """Solutions as a graph, one blank node each, so that isomorphism finds one renaming of
    blank nodes for the whole answer."""
    graph = Graph()
    if ordered:
        numbered = [(row, RS["index"], index) for index, row in enumerate(solutions.rows)]
    else:  # identical rows stay identical under any renaming: one node, with their count
        numbered = [(row, RS["count"], n) for row, n in Counter(solutions.rows).items()]
    for row, predicate, number in numbered:
        node = BNode()
        graph.add((node, predicate, Literal(number)))
        for name, value in row:
            graph.add((node, URIRef(f"urn:x-variable:{name}"), value))
    return graph


def _shown(rows: Iterable[object]) -> str:
    return "\n  ".join(str(sorted(row) if isinstance(row, frozenset) else row) for row in rows)


def _rows_differ(expected: tuple[object, ...], actual: tuple[object, ...], ordered: bool) -> bool:
    return expected != actual if ordered else Counter(expected) != Counter(actual)


def _solutions_differ(expected: Solutions, actual: Solutions, ordered: bool) -> str | None:
    if expected.variables != actual.variables:
        return f"variables {sorted(actual.variables)}, expected {sorted(expected.variables)}"
    ordered = ordered and expected.ordered
    if _has_blank_nodes(expected) or _has_blank_nodes(actual):
        if isomorphic(_encoded(expected, ordered), _encoded(actual, ordered)):
            return None
    elif not _rows_differ(expected.rows, actual.rows, ordered):
        return None
    missing = Counter(expected.rows) - Counter(actual.rows)
    extra = Counter(actual.rows) - Counter(expected.rows)
    return (
        f"{len(actual.rows)} solutions, expected {len(expected.rows)}"
        f"{' (in order)' if ordered else ''}; missing:\n  {_shown(missing.elements())}"
        f"\nunexpected:\n  {_shown(extra.elements())}"
    )


def without_duplicates(outcome: Outcome) -> Outcome:
    """The outcome with each solution once (REDUCED leaves their count free)."""
    if isinstance(outcome, Solutions):
        return Solutions(outcome.variables, tuple(dict.fromkeys(outcome.rows)), outcome.ordered)
    return outcome


def difference(expected: Outcome, actual: Outcome, ordered: bool) -> str | None:
    """None when ``actual`` is the answer ``expected`` says; else what differs."""
    if type(expected) is not type(actual):
        return f"a {type(actual).__name__} answer, expected a {type(expected).__name__}"
    if isinstance(expected, Solutions):
        assert isinstance(actual, Solutions)
        return _solutions_differ(expected, actual, ordered)
    if isinstance(expected, Graph):
        assert isinstance(actual, Graph)
        if isomorphic(expected, actual):
            return None
        ours, theirs = actual.serialize(format="nt"), expected.serialize(format="nt")
        return f"graphs differ; answered:\n{ours}\nexpected:\n{theirs}"
    if isinstance(expected, Text):
        assert isinstance(actual, Text)
        if expected.header == actual.header and not _rows_differ(
            expected.rows, actual.rows, ordered
        ):
            return None
    elif expected == actual:
        return None
    return f"answered {actual!r}, expected {expected!r}"
