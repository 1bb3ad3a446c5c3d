"""Every IRI coopgraph mints, defined once: the persistent base, its namespaces, the named graphs.

Everything coopgraph names lives under :data:`CANONICAL_BASE` (see ontology/README.md): the
ontology's terms under ``def/``, the referential's concepts under ``ref/``, identified things
(territories, submissions, tokens) under ``id/``, the shapes under ``shapes/``, and the named
graphs of the store under ``graph/``.

>>> ONTOLOGY_GRAPH
'https://w3id.org/coopgraph/graph/ontology'
>>> INFERRED_BASE + (DATA_GRAPH_BASE + "seed/workshop").removeprefix(GRAPH_BASE)
'https://w3id.org/coopgraph/graph/inferred/data/seed/workshop'
>>> SUBMISSION_GRAPH_BASE + "commune/62528"
'https://w3id.org/coopgraph/graph/submission/commune/62528'
"""

from __future__ import annotations

CANONICAL_BASE = "https://w3id.org/coopgraph/"
"""The persistent base of every IRI coopgraph mints (see ontology/README.md)."""

# Namespaces under the base: what their IRIs name.
ONTOLOGY_IRI = CANONICAL_BASE + "def"
"""The ontology itself (``owl:Ontology``)."""
TERM_BASE = CANONICAL_BASE + "def/"
"""The ontology's classes and properties (prefix ``cg:``)."""
CONCEPT_BASE = CANONICAL_BASE + "ref/"
"""The referential's concepts and schemes (prefix ``ref:``)."""
IDENTIFIER_BASE = CANONICAL_BASE + "id/"
"""Identified things: territories (``id/commune/62528``), submissions, tokens (prefix ``id:``)."""
SHAPE_BASE = CANONICAL_BASE + "shapes/"
"""The SHACL shapes and their versions (prefix ``cgsh:``)."""
SUBMISSION_BASE = IDENTIFIER_BASE + "submission/"
"""One publication's activity, ``id/submission/<submission>``."""
TOKEN_BASE = IDENTIFIER_BASE + "token/"
"""The agent behind a token, ``id/token/<name>``."""
API_BASE = CANONICAL_BASE + "api/"
"""The stored queries' answers, ``api/<query>``; ``api/<query>#<variable>`` names one column,
the property of each row of a JSON-LD answer."""

# The named graphs of the store.
GRAPH_BASE = CANONICAL_BASE + "graph/"
"""Every named graph coopgraph writes."""
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
"""The ontology, loaded from ontology/."""
SHAPES_GRAPH = GRAPH_BASE + "shapes"
"""The SHACL shapes, loaded from shapes/."""
CATALOG_GRAPH = GRAPH_BASE + "catalog"
"""The checksum of each loaded content file: what to load again."""
DATA_GRAPH_BASE = GRAPH_BASE + "data/"
"""One graph per file of data/: ``graph/data/<path without suffix>``."""
EXAMPLES_GRAPH_BASE = GRAPH_BASE + "examples/"
"""One graph per file of data/examples/, loaded on demand only (illustrative, not facts):
``graph/examples/<path under data/examples without suffix>``."""
GEOGRAPHY_GRAPH_BASE = DATA_GRAPH_BASE + "geography/"
"""The official geography, from data/geography/."""
INFERRED_BASE = GRAPH_BASE + "inferred/"
"""One inferred graph per source graph: ``graph/inferred/<source path>``."""
SUBMISSION_GRAPH_BASE = GRAPH_BASE + "submission/"
"""One graph per territory's published description: ``graph/submission/<kind>/<code>``."""
PROVENANCE_GRAPH = GRAPH_BASE + "provenance"
"""The graph holding every publication's record."""
VALIDATION_REPORT_GRAPH = GRAPH_BASE + "validation-report"
"""Where a report's SHACL triples are written out, in a scratch store."""
MERGE_GRAPH = GRAPH_BASE + "merge"
"""One scratch graph a content folder's files are merged into (their own graphs refused)."""
REGISTRY_GRAPH = GRAPH_BASE + "registry"
"""The remote store's own graph: which graphs are coopgraph's, and the write counter."""
DEFAULT_GRAPH = GRAPH_BASE + "default"
"""Where a remote store keeps what coopgraph calls the default graph."""
STAGING_BASE = GRAPH_BASE + "staging/"
"""Graphs a large replacement is written into before it is moved into place."""
NO_GRAPH = GRAPH_BASE + "none"
"""A graph that never exists: an empty dataset, where a server would read an empty list as
'every graph'."""
