"""The competency questions: stored queries, their parameters, analyses, findings and pictures.

questions owns queries/*.rq read as typed definitions (stored_queries), parameter values read,
checked and bound (parameters), asking a query within limits (asking), what SPARQL alone does
not do (analyses: effects, transfer, cooperation, with networkx), findings and how they are
written out (findings, renderings) and drawn (pictures, with Graphviz). It imports the
foundation, store and workers.
"""

from coopgraph.questions.analyses import DRAWN_ANALYSES, GRAPH_SHAPED_ANALYSES, check_analysis
from coopgraph.questions.asking import Asked, Limits, ask
from coopgraph.questions.findings import Drawing, Findings
from coopgraph.questions.pictures import drawing_legend, drawing_svg
from coopgraph.questions.renderings import (
    FINDINGS_FORMATS,
    GRAPH_MEDIA_TYPES,
    PLAIN_JSON,
    TABLE_MEDIA_TYPES,
    FindingsPage,
    cell_json,
    findings_csv,
    findings_json,
    findings_media_type,
    findings_rdf,
    findings_sparql_json,
    graph_iris,
    iri_labels,
    iris_of,
    text_table,
)
from coopgraph.questions.stored_queries import (
    HEADER_PREFIXES,
    Parameter,
    StoredQuery,
    load_queries,
)

__all__ = [
    "DRAWN_ANALYSES",
    "FINDINGS_FORMATS",
    "GRAPH_MEDIA_TYPES",
    "GRAPH_SHAPED_ANALYSES",
    "HEADER_PREFIXES",
    "PLAIN_JSON",
    "TABLE_MEDIA_TYPES",
    "Asked",
    "Drawing",
    "Findings",
    "FindingsPage",
    "Limits",
    "Parameter",
    "StoredQuery",
    "ask",
    "cell_json",
    "check_analysis",
    "drawing_legend",
    "drawing_svg",
    "findings_csv",
    "findings_json",
    "findings_media_type",
    "findings_rdf",
    "findings_sparql_json",
    "graph_iris",
    "iri_labels",
    "iris_of",
    "load_queries",
    "text_table",
]
