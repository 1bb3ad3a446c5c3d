"""questions"""

from coopgraph.questions.analyses import DRAWN, GRAPH_SHAPED, check
from coopgraph.questions.asking import Asked, Limits, ask, ask_text, option_values
from coopgraph.questions.findings import Drawing
from coopgraph.questions.pictures import legend, svg
from coopgraph.questions.renderings import (
    FORMAT_NAMES,
    GRAPH_TYPES,
    JSON,
    TABLE_TYPES,
    Page,
    cell_json,
    graph_iris,
    iris_of,
    labels,
    media_type,
    to_csv,
    to_json,
    to_rdf,
    to_sparql_json,
)
from coopgraph.questions.stored_queries import (
    LANGUAGES,
    PREFIXES,
    Parameter,
    StoredQuery,
    load_queries,
)

__all__ = [
    "DRAWN",
    "FORMAT_NAMES",
    "GRAPH_SHAPED",
    "GRAPH_TYPES",
    "JSON",
    "LANGUAGES",
    "PREFIXES",
    "TABLE_TYPES",
    "Asked",
    "Drawing",
    "Limits",
    "Page",
    "Parameter",
    "StoredQuery",
    "ask",
    "ask_text",
    "cell_json",
    "check",
    "graph_iris",
    "iris_of",
    "labels",
    "legend",
    "load_queries",
    "media_type",
    "option_values",
    "svg",
    "to_csv",
    "to_json",
    "to_rdf",
    "to_sparql_json",
]
