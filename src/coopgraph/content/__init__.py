"""Content: the project's own files in the store. Owns bringing the store up to date with
ontology/, shapes/ and data/ (one named graph each, skipped when unchanged, reasoned after),
how far that has gone (``progress``: each step in French and English, the share done), and
reading an RDF file or a deep JSON-LD / RDF/XML tree safely (``loading``), and loading
only what a validation needs into a store in memory (``validation_needs``)."""

from coopgraph.content.loading import (
    SyncReport,
    is_rdf_file,
    read_apart,
    read_rdf_file,
    synchronise,
)
from coopgraph.content.progress import Advance, Listener
from coopgraph.content.validation_needs import load_validation_needs

__all__ = [
    "Advance",
    "Listener",
    "SyncReport",
    "is_rdf_file",
    "load_validation_needs",
    "read_apart",
    "read_rdf_file",
    "synchronise",
]
