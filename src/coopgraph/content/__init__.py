"""content"""

from coopgraph.content.loading import (
    DATA_GRAPH_BASE,
    ONTOLOGY_GRAPH,
    SHAPES_GRAPH,
    is_rdf_file,
    read_apart,
    read_rdf_file,
    synchronise,
)

__all__ = [
    "DATA_GRAPH_BASE",
    "ONTOLOGY_GRAPH",
    "SHAPES_GRAPH",
    "is_rdf_file",
    "read_apart",
    "read_rdf_file",
    "synchronise",
]
