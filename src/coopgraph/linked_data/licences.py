"""Each named graph's own licence and sources, for the VoID/DCAT description.

Read from what the graphs say of themselves, never from a list kept in code: a graph's
licence is the ``dcterms:license`` of the dataset it describes itself as (a ``dcat:Dataset``,
``void:Dataset``, ``owl:Ontology`` or ``skos:ConceptScheme`` in the graph: the geography's
Licence Ouverte 2.0, the ontology's and the referential's CC BY 4.0), else the project's
CC BY 4.0; the licence of a document the graph merely cites (the published referential, CC
BY-NC-ND) is not the graph's. Its sources are the IRIs its statements cite with
``dcterms:source``. An inferred graph has the licence and sources of the graph it was inferred
from, and names that graph as its own source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from coopgraph.iris import GRAPH_BASE, INFERRED_BASE
from coopgraph.store import Store

PROJECT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
"""CC BY 4.0: the licence of what coopgraph writes itself."""

_PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_DECLARED = (
    _PREFIXES
    + """SELECT DISTINCT ?graph ?licence WHERE {
  GRAPH ?graph { ?dataset dcterms:license ?licence ; a ?kind }
  VALUES ?kind { dcat:Dataset void:Dataset owl:Ontology skos:ConceptScheme }
  FILTER(isIRI(?licence))
}"""
)
_CITED = (
    _PREFIXES
    + """SELECT DISTINCT ?graph ?source WHERE {
  GRAPH ?graph { ?thing dcterms:source ?source }
  FILTER(isIRI(?source))
}"""
)


@dataclass(frozen=True)
class GraphTerms:
    """Under which licences a graph may be reused, and what it was drawn from."""

    licences: tuple[str, ...]
    sources: tuple[str, ...]


def graph_terms(store: Store, graphs: list[str]) -> dict[str, GraphTerms]:
    """The licences and sources of each of ``graphs`` (two queries over the store)."""
    declared = _by_graph(store, _DECLARED, "licence")
    cited = _by_graph(store, _CITED, "source")
    terms: dict[str, GraphTerms] = {}
    for graph in graphs:
        origin = inferred_from(graph)
        own = origin or graph
        licences = declared.get(own) or [PROJECT_LICENCE]
        sources = cited.get(own, [])
        if origin is not None:
            sources = [origin, *sources]
        terms[graph] = GraphTerms(tuple(licences), tuple(sources))
    return terms


def inferred_from(graph: str) -> str | None:
    """The graph an inferred graph was made from; None for any other graph.

    >>> inferred_from("https://w3id.org/coopgraph/graph/inferred/data/seed/workshop")
    'https://w3id.org/coopgraph/graph/data/seed/workshop'
    >>> inferred_from("https://w3id.org/coopgraph/graph/ontology") is None
    True
    """
    if not graph.startswith(INFERRED_BASE):
        return None
    return GRAPH_BASE + graph.removeprefix(INFERRED_BASE)


def _by_graph(store: Store, query: str, column: str) -> dict[str, list[str]]:
    found: defaultdict[str, list[str]] = defaultdict(list)
    for row in store.select(query):
        found[str(row["graph"])].append(str(row[column]))
    return {graph: sorted(values) for graph, values in found.items()}
