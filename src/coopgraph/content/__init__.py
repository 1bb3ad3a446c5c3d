"""Content: the project's own files in the store. Owns bringing the store up to date with
ontology/, shapes/ and data/ (one named graph each, skipped when unchanged, reasoned after),
and reading an RDF file or a deep JSON-LD / RDF/XML tree safely (``loading``)."""

from coopgraph.content.loading import (
    is_rdf_file,
    read_apart,
    read_rdf_file,
    synchronise,
)

__all__ = [
    "is_rdf_file",
    "read_apart",
    "read_rdf_file",
    "synchronise",
]
