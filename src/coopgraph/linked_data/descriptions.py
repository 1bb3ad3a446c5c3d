"""What a URI describes: its concise bounded description, what links to it, the ontology.

A document holds the resource's concise bounded description plus the labels of what it links
to (one SELECT, queries/describe.rq); an HTML page also shows what links to the resource (a
second SELECT, queries/incoming.rq). The ontology IRI and its version IRI are answered with
the whole ontology graph.

>>> from coopgraph.store import memory_store
>>> store = memory_store()
>>> store.update("INSERT DATA { <http://ex/a> <http://ex/p> <http://ex/b> }")
>>> resource_exists(store, "http://ex/b"), describe_resource(store, "http://ex/b").is_empty
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS
from rdflib.term import Identifier, Node

from coopgraph.iris import ONTOLOGY_GRAPH, ONTOLOGY_IRI
from coopgraph.linked_data.uris import DocumentFormat, new_graph
from coopgraph.store import Row, Store

INCOMING_SHOWN = 300
"""Most incoming links an HTML page lists (the query asks for one more to know if cut)."""

_QUERIES = Path(__file__).parent / "queries"


@dataclass
class GraphSource:
    """A named graph that holds some of a resource's triples, and where it was loaded from."""

    graph: str
    file: str | None = None
    loaded: str | None = None


@dataclass
class Description:
    """A resource's concise bounded description, labels of what it links to, provenance."""

    iri: URIRef
    graph: Graph
    sources: list[GraphSource] = field(default_factory=list)
    incoming: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    incoming_cut: bool = False

    @property
    def is_empty(self) -> bool:
        """True when the store says nothing about the resource."""
        return (self.iri, None, None) not in self.graph and not self.incoming


@cache
def _query(name: str) -> str:
    return (_QUERIES / name).read_text(encoding="utf-8")


def resource_exists(store: Store, iri: str) -> bool:
    """True when the store holds a triple with ``iri`` as subject or object."""
    return bool(store.select(_query("exists.rq"), {"resource": URIRef(iri)}).rows)


def describe_resource(store: Store, iri: str) -> Description:
    """The description of ``iri``: its CBD, the labels of what it links to, its graphs."""
    resource = URIRef(iri)
    description = Description(resource, new_graph())
    for row in store.select(_query("describe.rq"), {"resource": resource}):
        _add_row(description, row)
    return description


def _add_row(description: Description, row: Row) -> None:
    part = str(row["part"])
    if part == "graph":
        _add_source(description, row)
    elif "o" in row:
        description.graph.add((row["s"], row["p"], row["o"]))


def _add_source(description: Description, row: Row) -> None:
    graph = str(row["s"])
    found = next((s for s in description.sources if s.graph == graph), None)
    if found is None:
        found = GraphSource(graph)
        description.sources.append(found)
    predicate, value = row.get("p"), row.get("o")
    if predicate == DCTERMS.source:
        found.file = str(value)
    elif predicate == DCTERMS.modified:
        found.loaded = str(value)


def add_incoming(store: Store, description: Description) -> None:
    """Add what links to the resource (IRIs only, not rdf:type) and their labels.

    At most :data:`INCOMING_SHOWN` links, sorted by predicate and subject.
    """
    pairs: dict[tuple[URIRef, URIRef], None] = {}
    for row in store.select(_query("incoming.rq"), {"resource": description.iri}):
        subject, predicate = row["s"], row["p"]
        assert isinstance(subject, URIRef)
        assert isinstance(predicate, URIRef)
        pairs[subject, predicate] = None
        if "label" in row:
            description.graph.add((subject, RDFS.label, row["label"]))
    # By predicate, then subject: the query leaves them unordered; past the LIMIT, which
    # links are kept is the engine's choice, stable for one store content.
    kept = sorted(pairs, key=lambda pair: (pair[1], pair[0]))
    description.incoming = kept[:INCOMING_SHOWN]
    description.incoming_cut = len(kept) > INCOMING_SHOWN


def ontology_document(store: Store, document_format: DocumentFormat) -> bytes:
    """The whole ontology graph, as loaded from ontology/, in an RDF format."""
    return store.export_graph(ONTOLOGY_GRAPH, document_format.media_type)


def ontology_versions(store: Store) -> list[str]:
    """The ontology's own IRI and its current version IRI: each answers with the ontology.

    Empty when the store holds no ontology (a store without content). Asked only when a page
    is built: the page cache keeps built pages until the store's next write.
    """
    table = store.select(
        f"SELECT ?version WHERE {{ <{ONTOLOGY_IRI}> a <{OWL.Ontology}> "
        f"OPTIONAL {{ <{ONTOLOGY_IRI}> <{OWL.versionIRI}> ?version }} }}"
    )
    if not table.rows:
        return []
    return [ONTOLOGY_IRI, *(str(row["version"]) for row in table if "version" in row)]


def objects(graph: Graph, subject: Node, predicate: URIRef) -> list[Identifier]:
    """The objects of ``subject predicate ?`` in ``graph``, in a stable order."""
    return sorted(o for o in graph.objects(subject, predicate) if isinstance(o, Identifier))


def is_deprecated(graph: Graph, iri: URIRef) -> bool:
    """True when the description says ``owl:deprecated true``."""
    return any(
        isinstance(v, Literal) and v.toPython() is True for v in graph.objects(iri, OWL.deprecated)
    )
