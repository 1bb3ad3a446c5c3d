"""Persistent URIs: which IRI a URL names, what it describes, in which format, for whom.

linked_data owns the IRI <-> URL path mapping and document formats (uris), the description
of a resource read from the store (descriptions), its view for readers (presentation) and the
documentation of the ontology, the referential and the shapes (documentation), with the SPARQL
of queries/ and the JSON-LD context.jsonld. It imports the foundation, store and content.
"""

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
from coopgraph.linked_data.presentation import PageValue, page_value, resource_page
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
    "Description",
    "DocumentFormat",
    "PageValue",
    "add_incoming",
    "build_documentation_site",
    "canonical_iri",
    "choose_document_format",
    "describe_resource",
    "format_by_suffix",
    "iri_path",
    "jsonld_context_from_store",
    "new_graph",
    "ontology_document",
    "ontology_versions",
    "page_value",
    "render_documentation",
    "render_documentation_index",
    "resource_exists",
    "resource_page",
    "serialise_document",
    "split_suffix",
    "uri_of",
]
