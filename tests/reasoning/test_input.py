"""Reasoning again after a text-only change reuses what the engine derived, and gives exactly what
a reasoning from scratch gives; any other change, or an owl:sameAs, is reasoned again."""

from __future__ import annotations

import time

import pytest
from rdflib import Graph
from support.steward_content import steward_store
from support.submission_state import document

from coopgraph import formats, iris
from coopgraph.reasoning import input as reasoning_input
from coopgraph.reasoning import owl_rl as reasoning
from coopgraph.reasoning.schema import schema_of
from coopgraph.store.embedded import EmbeddedStore

SOURCE = "https://w3id.org/coopgraph/graph/submission/grouping/memo"
TERRITORY = "grouping/memo"
SAME_AS = b"""
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/a> owl:sameAs <http://example.org/b> ; rdfs:label "LABEL"@en .
"""

CODE = b'<http://example.org/t> <https://w3id.org/coopgraph/def/inseeCode> "%s" .'


def _inferred(store: EmbeddedStore, data: bytes) -> set[str]:
    store.replace_graph(SOURCE, data, formats.TURTLE)
    reasoning.materialise(store, SOURCE)
    exported = store.export_graph(reasoning.inferred_graph_name(SOURCE), formats.N_TRIPLES)
    return set(exported.decode().splitlines()) - {""}


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The ontology and the sample geography, in memory, reasoned over once already."""
    reasoned = steward_store()
    _inferred(reasoned, document(TERRITORY, 0, 0))
    return reasoned


@pytest.mark.parametrize(
    "data",
    [
        document(TERRITORY, 0, 1),  # a label changed: reused
        document(TERRITORY, 0, 2).replace(b"polarity:positive", b"polarity:negative"),
        document(TERRITORY, 0, 3).replace(b'"2013"^^xsd:gYear', b'"2014"^^xsd:gYear'),
    ],
    ids=["label", "iri", "typed-literal"],
)
def test_reasoning_again_equals_reasoning_from_scratch(store: EmbeddedStore, data: bytes) -> None:
    assert _inferred(store, data) == _inferred(steward_store(), data)


def test_an_owl_same_as_is_reasoned_again(store: EmbeddedStore) -> None:
    before = _inferred(store, SAME_AS.replace(b"LABEL", b"Old"))
    after = _inferred(store, SAME_AS.replace(b"LABEL", b"New"))
    assert '<http://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "Old"@en .' in (
        before
    )
    assert '<http://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "New"@en .' in (
        after
    )


def _digest(data: bytes, schema: Graph) -> str:
    source = Graph().parse(data=data, format="turtle")
    return reasoning_input.digest(source, schema, Graph(), "schema")


def test_the_digest_masks_free_text_only(store: EmbeddedStore) -> None:
    schema = schema_of(
        Graph().parse(data=store.export_graph(iris.ONTOLOGY_GRAPH, formats.N_TRIPLES), format="nt")
    )
    base = document(TERRITORY, 0, 0)
    assert _digest(base, schema) == _digest(document(TERRITORY, 5, 5), schema)
    assert _digest(base, schema) != _digest(base.replace(b"@fr", b"@de"), schema)
    assert _digest(base, schema) != _digest(base.replace(b"positive", b"negative"), schema)
    # cg:inseeCode has a domain in the ontology: its values are not free text
    assert _digest(CODE % b"62528", schema) != _digest(CODE % b"59350", schema)


ALIKE = "@prefix ex: <http://example.org/> .\n" + 'ex:t ex:has [ ex:p "x" ] .\n' * 50
"""50 identical blank nodes: rdflib's canonical labelling took minutes over them."""


def test_alike_blank_nodes_are_digested_at_once() -> None:
    started = time.monotonic()
    _digest(ALIKE.encode(), Graph())
    assert time.monotonic() - started < 5


def test_a_few_blank_nodes_give_the_same_digest_however_parsed() -> None:
    few = ("@prefix ex: <http://example.org/> .\n" + 'ex:t ex:has [ ex:p "x" ] .\n' * 3).encode()
    assert _digest(few, Graph()) == _digest(few, Graph())
    assert _digest(few, Graph()) != _digest(few.replace(b"ex:t", b"ex:u"), Graph())
