"""Each graph's own licence and sources, read from what the graph says of itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coopgraph import formats
from coopgraph.iris import GEOGRAPHY_GRAPH_BASE, INFERRED_BASE, ONTOLOGY_GRAPH, SHAPES_GRAPH
from coopgraph.linked_data import PROJECT_LICENCE, GraphTerms, graph_terms
from coopgraph.linked_data.licences import inferred_from
from coopgraph.store import Store, memory_store

ETALAB = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
NPM = "https://www.npmjs.com/package/@etalab/decoupage-administratif/v/6.0.0"
GEOGRAPHY = GEOGRAPHY_GRAPH_BASE + "geography-2026"
SEED = "https://w3id.org/coopgraph/graph/data/seed/workshop"
INFERRED_SEED = INFERRED_BASE + "data/seed/workshop"
PREFIXES = """@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix dataset: <https://w3id.org/coopgraph/id/dataset/> .
@prefix document: <https://w3id.org/coopgraph/id/document/> .
@prefix action: <https://w3id.org/coopgraph/id/action/> .
@prefix commune: <https://w3id.org/coopgraph/id/commune/> .
"""
GRAPHS = {
    GEOGRAPHY: f"""dataset:geography-2026 a dcat:Dataset , void:Dataset ;
        dcterms:license <{ETALAB}> ; dcterms:source <{NPM}> .
        commune:62528 dcterms:title "Loos-en-Gohelle" .""",
    ONTOLOGY_GRAPH: """<https://w3id.org/coopgraph/def> a owl:Ontology ;
        dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
        dcterms:source <https://fabriquedestransitions.net/> .
        <https://w3id.org/coopgraph/ref/themes> a skos:ConceptScheme ;
        dcterms:source <https://www.ieefc.eu/> .""",
    SEED: """action:a dcterms:source document:a , document:b , "a note" .
        document:b a cg:Document ;
        dcterms:license <https://creativecommons.org/licenses/by-nc-nd/4.0/> .""",
    INFERRED_SEED: """action:a a cg:Action .""",
    SHAPES_GRAPH: """<https://w3id.org/coopgraph/shapes> a owl:Ontology .""",
}


@pytest.fixture(scope="module")
def terms() -> Iterator[dict[str, GraphTerms]]:
    store: Store = memory_store()
    for graph, turtle in GRAPHS.items():
        store.load((PREFIXES + turtle).encode(), formats.TURTLE, graph)
    yield graph_terms(store, store.graph_names())
    store.close()


def test_the_geography_has_its_own_licence_and_source(terms: dict[str, GraphTerms]) -> None:
    assert terms[GEOGRAPHY] == GraphTerms((ETALAB,), (NPM,))


def test_the_ontology_has_the_licence_it_declares_and_every_source_it_cites(
    terms: dict[str, GraphTerms],
) -> None:
    assert terms[ONTOLOGY_GRAPH] == GraphTerms(
        (PROJECT_LICENCE,), ("https://fabriquedestransitions.net/", "https://www.ieefc.eu/")
    )


def test_a_cited_document_s_licence_is_not_the_graph_s(terms: dict[str, GraphTerms]) -> None:
    documents = (
        "https://w3id.org/coopgraph/id/document/a",
        "https://w3id.org/coopgraph/id/document/b",
    )
    assert terms[SEED] == GraphTerms((PROJECT_LICENCE,), documents)  # a literal is no source


def test_an_inferred_graph_follows_its_source(terms: dict[str, GraphTerms]) -> None:
    assert terms[INFERRED_SEED].licences == terms[SEED].licences
    assert terms[INFERRED_SEED].sources == (SEED, *terms[SEED].sources)


def test_a_graph_that_cites_nothing_has_the_project_s_licence(terms: dict[str, GraphTerms]) -> None:
    assert terms[SHAPES_GRAPH] == GraphTerms((PROJECT_LICENCE,), ())


def test_only_inferred_graphs_are_inferred_from_another() -> None:
    assert inferred_from(INFERRED_BASE + "ontology") == ONTOLOGY_GRAPH
    assert inferred_from(SEED) is None
