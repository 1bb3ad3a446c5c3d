"""A SPARQL query on the embedded engine: the values the engine binds, the dataset it reads,
and what its refusals mean. Each function consumes the engine's results before it returns
(they keep RocksDB open), so the store may reopen its engine once every read is over.

The default graph of a query is the union of all graphs unless the request or its FROM names
a dataset.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib.term import Identifier

from coopgraph.errors import QuerySyntaxError
from coopgraph.store.base import Answer, AnswerFormats, Dataset, Table
from coopgraph.store.rdf_io import Result, Term, answer_of, named_node, table_of, to_oxigraph
from coopgraph.store.statements import has_own_dataset


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
    # The request's dataset wins over FROM (Protocol 2.1.4); the union would override FROM.
    graphs: dict[str, Any] = {"use_default_graph_as_union": not has_own_dataset(sparql)}
    if dataset.is_given:
        graphs = {
            "default_graph": [named_node(g) for g in dataset.default_graphs],
            "named_graphs": [named_node(g) for g in dataset.named_graphs],
        }
    try:
        return engine.query(sparql, substitutions=substitutions, base_iri=base_iri, **graphs)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"the query does not parse: {exc}") from exc
    except RuntimeError as exc:  # pyoxigraph binds only variables the SELECT projects
        if not bindings:
            raise
        raise QuerySyntaxError(f"cannot bind ?{', ?'.join(bindings)}: {exc}") from exc
