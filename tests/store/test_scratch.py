"""ScratchStore: triples given as rdflib terms, queried through FROM, blank nodes named as
given, generalised RDF left out, terms the engine refuses told."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from coopgraph import formats
from coopgraph.errors import InputError
from coopgraph.store.rdflib_reading import read_document
from coopgraph.store.scratch import EngineTriples, ScratchStore

GRAPH = "urn:test:data"
QUERY = f"SELECT ?s ?p ?o FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}"


def test_the_rows_hold_the_terms_given() -> None:
    blank, thing, name = BNode(), URIRef("urn:thing"), URIRef("urn:name")
    odd = Literal("2016-13-45", datatype=XSD.date)
    engine = ScratchStore()
    engine.add_triples(GRAPH, [(blank, name, Literal("b", lang="fr")), (thing, name, odd)])
    rows = {(row["s"], row["p"], row["o"]) for row in engine.select(QUERY)}
    assert rows == {(blank, name, Literal("b", lang="fr")), (thing, name, odd)}


def test_bindings_and_the_graph_named_in_from() -> None:
    engine = ScratchStore()
    engine.add_triples(GRAPH, [(URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b"))])
    bound = engine.select(
        f"SELECT ?s ?o FROM <{GRAPH}> WHERE {{ ?s <urn:p> ?o }}", {"s": URIRef("urn:a")}
    )
    assert [row["o"] for row in bound] == [URIRef("urn:b")]
    assert engine.select(f"SELECT ?s FROM <{GRAPH}x> WHERE {{ ?s ?p ?o }}").rows == []


def test_generalised_rdf_is_left_out() -> None:
    engine = ScratchStore()
    engine.add_triples(
        GRAPH,
        [
            (Literal("x"), URIRef("urn:p"), URIRef("urn:b")),
            (URIRef("urn:a"), BNode(), URIRef("urn:b")),
            (URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")),
        ],
    )
    assert len(engine.select(QUERY).rows) == 1


def test_a_term_the_engine_refuses_is_told() -> None:
    with pytest.raises(InputError):
        ScratchStore().add_triples(GRAPH, [(URIRef("urn:a b"), URIRef("urn:p"), Literal(1))])


def test_triples_the_engine_parsed_go_in_as_they_are_but_those_left_out() -> None:
    data = b"_:x <urn:p> <urn:b> .\n_:x <urn:mark> true .\n<urn:a> <urn:p> _:x .\n"
    document = read_document(data, formats.TURTLE, None, None)
    engine = ScratchStore()
    engine.add_parsed(GRAPH, document.engine.without(URIRef("urn:mark")))
    rows = {(row["s"], row["p"], row["o"]) for row in engine.select(QUERY)}
    assert rows == {t for t in document.triples if t[1] != URIRef("urn:mark")}
    assert len(rows) == 2
    both = EngineTriples.joined([document.engine, document.engine.without(URIRef("urn:p"))])
    assert len(both) == 4
