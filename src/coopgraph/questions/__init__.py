"""The competency questions: stored queries, their parameters, analyses, findings and pictures.

questions owns queries/*.rq read as typed definitions (stored_queries), parameter values read,
checked and bound (parameters), asking a query within limits (asking), what SPARQL alone does
not do (analyses: effects, transfer, cooperation, with networkx), findings and how they are
written out (findings, renderings; compact JSON-LD in jsonld_findings, with pyld) and drawn
(pictures, with Graphviz; diagrams, fixed DOT text that other packages write, laid out as SVG),
and what is known of one territory gathered from several of them (territories,
territory_view). It imports the foundation, store and workers.
"""

from coopgraph.questions.analyses import DRAWN_ANALYSES, GRAPH_SHAPED_ANALYSES, check_analysis
from coopgraph.questions.asking import Asked, Limits, ask
from coopgraph.questions.diagrams import dot_svg
from coopgraph.questions.findings import Drawing, Findings, Record
from coopgraph.questions.jsonld_findings import JsonLdSite, findings_jsonld, graph_jsonld
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
from coopgraph.questions.territories import (
    TerritoryOverview,
    gather_territory,
    is_territory,
    territory_overview,
    territory_queries,
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
    "JsonLdSite",
    "Limits",
    "Parameter",
    "Record",
    "StoredQuery",
    "TerritoryOverview",
    "ask",
    "cell_json",
    "check_analysis",
    "dot_svg",
    "drawing_legend",
    "drawing_svg",
    "findings_csv",
    "findings_json",
    "findings_jsonld",
    "findings_media_type",
    "findings_rdf",
    "findings_sparql_json",
    "gather_territory",
    "graph_iris",
    "graph_jsonld",
    "iri_labels",
    "iris_of",
    "is_territory",
    "load_queries",
    "territory_overview",
    "territory_queries",
    "text_table",
]
