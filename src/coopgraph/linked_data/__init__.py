"""Persistent URIs: which IRI a URL names, what it describes, in which format, for whom.

linked_data owns the IRI <-> URL path mapping and document formats (uris), the description
of a resource read from the store (descriptions), its view for readers (presentation) and the
documentation of the ontology, the referential and the shapes (documentation), and each
graph's licence and sources (licences), a class's instances a page at a time (browsing) and
a concept scheme's A-Z index and tree (schemes), with the SPARQL of queries/ and the JSON-LD
context.jsonld. It imports the foundation, store and content.
"""

from coopgraph.linked_data.browsing import (
    PAGE_SIZE,
    InstancePage,
    class_instances,
    is_class,
    page_number,
)
from coopgraph.linked_data.descriptions import (
    INCOMING_SHOWN,
    Description,
    add_incoming,
    describe_resource,
    ontology_document,
    ontology_versions,
    resource_exists,
)
from coopgraph.linked_data.documentation import (
    DOCUMENTATION_KINDS,
    build_documentation_site,
    jsonld_context_from_store,
    render_documentation,
    render_documentation_index,
)
from coopgraph.linked_data.licences import PROJECT_LICENCE, GraphTerms, graph_terms
from coopgraph.linked_data.presentation import PageValue, page_value, resource_page
from coopgraph.linked_data.schemes import (
    SCHEME_VIEWS,
    SchemeConcepts,
    TreeNode,
    is_scheme,
    scheme_concepts,
    scheme_index,
    scheme_tree,
)
from coopgraph.linked_data.uris import (
    DOCUMENT_FORMATS,
    HTML_DOCUMENT,
    NAMESPACES,
    DocumentFormat,
    canonical_iri,
    choose_document_format,
    format_by_suffix,
    iri_path,
    new_graph,
    serialise_document,
    split_suffix,
    uri_of,
)

__all__ = [
    "DOCUMENTATION_KINDS",
    "DOCUMENT_FORMATS",
    "HTML_DOCUMENT",
    "INCOMING_SHOWN",
    "NAMESPACES",
    "PAGE_SIZE",
    "PROJECT_LICENCE",
    "SCHEME_VIEWS",
    "Description",
    "DocumentFormat",
    "GraphTerms",
    "InstancePage",
    "PageValue",
    "SchemeConcepts",
    "TreeNode",
    "add_incoming",
    "build_documentation_site",
    "canonical_iri",
    "choose_document_format",
    "class_instances",
    "describe_resource",
    "format_by_suffix",
    "graph_terms",
    "iri_path",
    "is_class",
    "is_scheme",
    "jsonld_context_from_store",
    "new_graph",
    "ontology_document",
    "ontology_versions",
    "page_number",
    "page_value",
    "render_documentation",
    "render_documentation_index",
    "resource_exists",
    "resource_page",
    "scheme_concepts",
    "scheme_index",
    "scheme_tree",
    "serialise_document",
    "split_suffix",
    "uri_of",
]
