"""A SPARQL query on the embedded engine: the values the engine binds, the dataset it reads,
and what its refusals mean. Each function consumes the engine's results before it returns
(they keep RocksDB open), so the store may reopen its engine once every read is over.

The default graph of a query is the RDF merge of all graphs (merged_graphs.py) unless the
request or its FROM names a dataset; a list of default graphs is read as their merge too.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
from rdflib.term import Identifier

from coopgraph.errors import QuerySyntaxError
from coopgraph.store.base import Answer, AnswerFormats, Dataset, Table
from coopgraph.store.merged_graphs import Graphs, listed_dataset, union_dataset
from coopgraph.store.merging import is_hidden
from coopgraph.store.rdf_io import Result, Term, answer_of, table_of, to_oxigraph
from coopgraph.store.statements import has_own_dataset, own_dataset, with_base


def answer_query(
    engine: ox.Store,
    sparql: str,
    formats: AnswerFormats,
    dataset: Dataset = Dataset(),
    row_cap: int | None = None,
    base_iri: str | None = None,
    bindings: Mapping[str, Identifier] | None = None,
) -> Answer:
    """Run a query and serialise its answer in the negotiated format."""
    return answer_of(_run(engine, sparql, dataset, bindings, base_iri), formats, row_cap)


def select_query(
    engine: ox.Store, sparql: str, bindings: Mapping[str, Identifier] | None = None
) -> Table:
    """Run a SELECT with engine-bound variables."""
    result = _run(engine, sparql, bindings=bindings)
    if not isinstance(result, ox.QuerySolutions):
        raise QuerySyntaxError("expected a SELECT query")
    return table_of(result)


def ask_query(
    engine: ox.Store, sparql: str, bindings: Mapping[str, Identifier] | None = None
) -> bool:
    """Run an ASK with engine-bound variables."""
    result = _run(engine, sparql, bindings=bindings)
    if not isinstance(result, ox.QueryBoolean):
        raise QuerySyntaxError("expected an ASK query")
    return bool(result)


def _run(
    engine: ox.Store,
    sparql: str,
    dataset: Dataset = Dataset(),
    bindings: Mapping[str, Identifier] | None = None,
    base_iri: str | None = None,
) -> Result:
    substitutions: dict[ox.Variable, Term | ox.Triple] = {
        ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()
    }
    engine, sparql, graphs = _dataset_of(engine, sparql, dataset, base_iri)
    try:
        return engine.query(sparql, substitutions=substitutions, base_iri=base_iri, **graphs)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"the query does not parse: {exc}") from exc
    except RuntimeError as exc:  # pyoxigraph binds only variables the SELECT projects
        if not bindings:
            raise
        raise QuerySyntaxError(f"cannot bind ?{', ?'.join(bindings)}: {exc}") from exc


def _dataset_of(
    engine: ox.Store, sparql: str, dataset: Dataset, base_iri: str | None
) -> tuple[ox.Store, str, Graphs]:
    """The engine, query text and dataset keywords a query runs with: the request's dataset
    wins over FROM (Protocol 2.1.4); FROM of one graph is left to the engine."""
    if not dataset.is_given and has_own_dataset(sparql):
        own, rest = own_dataset(with_base(sparql, base_iri))
        hidden = any(is_hidden(g) for g in (*own.default_graphs, *own.named_graphs))
        if len(own.default_graphs) < 2 and not hidden:  # FROM <a> FROM <a> is ours too
            return engine, sparql, {}
        sparql, dataset = rest, own
    if not dataset.is_given:
        return engine, sparql, union_dataset(engine)
    chosen, graphs = listed_dataset(engine, dataset)
    return chosen, sparql, graphs
