"""The data graph pyshacl and the rule shapes read: the submission and its context from the
store, without what the submission says itself of the official geography.

A submission of 100k triples takes seconds to copy into another rdflib graph (each triple
added costs some microseconds in rdflib's ``Memory`` store), so a submission read by
``read_submission`` (a :class:`DataGraph`, as is a converted workbook's) is extended in place
for the time of a validation: the context triples it lacks are added, its own
``cgsh:inOfficialGeography`` triples taken out (only the store says which territories are
official), and both undone afterwards. Any other graph is copied as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as QueryResult

from coopgraph.store import EngineTriples
from coopgraph.validation.context import SHAPES_NS, Triple

_MARK = SHAPES_NS.inOfficialGeography


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


@contextlib.contextmanager
def data_graph(
    submission: Graph, context: Iterable[Triple], in_place: bool = True
) -> Iterator[Graph]:
    """The submission with its context and without its own official marks: the submission
    itself, given back as it was on leaving, when it is a DataGraph and ``in_place``; else a
    copy (the caller says not in place when the validation may add triples of its own)."""
    if not in_place or not isinstance(submission, DataGraph):
        yield _copy(submission, context)
        return
    marks = list(submission.triples((None, _MARK, None)))
    for triple in marks:
        submission.remove(triple)
    added = [triple for triple in dict.fromkeys(context) if triple not in submission]
    for triple in added:
        submission.add(triple)
    try:
        yield submission
    finally:
        for triple in added:
            submission.remove(triple)
        for triple in marks:
            submission.add(triple)


def data_triples(
    submission: Iterable[Triple], context: Iterable[Triple], engine: EngineTriples | None = None
) -> tuple[EngineTriples, list[Triple]]:
    """The triples of the data graph, for the rule shapes' engine: the submission's but its
    own official marks, then the context's. The submission's are taken from ``engine`` when
    given (the same triples in the engine's terms, kept from the parse), else as a list of
    rdflib triples (read ten times faster than a graph)."""
    if engine is not None:
        return engine.without(_MARK), list(context)
    return EngineTriples(), [triple for triple in submission if triple[1] != _MARK] + list(context)


def _copy(submission: Graph, context: Iterable[Triple]) -> DataGraph:
    data = DataGraph()
    for triple in submission:
        if triple[1] != _MARK:
            data.add(triple)
    for triple in context:
        data.add(triple)
    return data
