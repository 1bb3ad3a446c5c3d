"""rdflib_reading: a document read by the engine's parser into rdflib triples, the same
triples as its N-Triples (flatten_rdf) read by rdflib's parser, the way submissions were read
before; syntax errors, caps and blank nodes as for a load."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from coopgraph import formats
from coopgraph.errors import InputError, RdfSyntaxError, TooLarge
from coopgraph.store import flatten_rdf
from coopgraph.store.rdflib_reading import rdflib_triples, read_document
from coopgraph.store.scratch import ScratchStore
from coopgraph.validation.literals import as_written

TURTLE = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:loos ex:name "Loos-en-Gohelle"@fr , "plain" , "typed"^^xsd:string ;
    ex:count 42 ; ex:share 0.5 ; ex:ok true ;
    ex:since "2016-13-45"^^xsd:date ;
    ex:note "line one\\nline \\"two\\"" ;
    ex:part [ ex:name "a blank node" ] .
"""


def test_the_triples_are_those_of_its_n_triples_read_by_rdflib() -> None:
    flat, _ = flatten_rdf(TURTLE.encode(), formats.TURTLE, None, True, None)
    with as_written():
        read = rdflib_triples(TURTLE.encode(), formats.TURTLE, None, None)
        expected = Graph().parse(data=flat, format="nt")
    graph = Graph()
    for triple in read:
        graph.add(triple)
    assert len(read) == len(expected) == 10
    assert isomorphic(graph, expected)
    loos = URIRef("http://example.org/loos")
    assert (loos, URIRef("http://example.org/name"), Literal("typed")) in graph
    assert (
        loos,
        URIRef("http://example.org/since"),
        Literal("2016-13-45", datatype=XSD.date),
    ) in graph


def test_each_distinct_term_is_made_once() -> None:
    read = rdflib_triples(TURTLE.encode(), formats.TURTLE, None, None)
    subjects = {id(s) for s, _, _ in read if isinstance(s, URIRef)}
    assert len(subjects) == 1


def test_each_document_gets_fresh_blank_nodes() -> None:
    document = b"_:b0 <http://example.org/p> <http://example.org/o> ."
    first = rdflib_triples(document, formats.N_TRIPLES, None, None)
    second = rdflib_triples(document, formats.N_TRIPLES, None, None)
    assert isinstance(first[0][0], BNode)
    assert first[0][0] != second[0][0]


def test_relative_iris_are_resolved_and_named_graphs_refused_as_by_flatten_rdf() -> None:
    read = rdflib_triples(b"<a> <b> <c> . <d> <e> <f> .", formats.TRIG, "http://example.org/", None)
    assert {str(s) for s, _, _ in read} == {"http://example.org/a", "http://example.org/d"}
    with pytest.raises(RdfSyntaxError):
        flatten_rdf(b"<g> { <a> <b> <c> }", formats.TRIG, "http://example.org/", True, None)
    with pytest.raises(RdfSyntaxError):
        rdflib_triples(b"<g> { <a> <b> <c> }", formats.TRIG, "http://example.org/", None)


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(RdfSyntaxError) as raised:
        rdflib_triples(b"<a> <b> <c> .\n<a> <b> .\n", formats.TURTLE, "http://example.org/", None)
    assert raised.value.line == 2


def test_past_the_cap_is_too_large() -> None:
    data = "".join(f"<http://example.org/s{n}> <http://example.org/p> {n} .\n" for n in range(5))
    assert len(rdflib_triples(data.encode(), formats.TURTLE, None, 5)) == 5
    with pytest.raises(TooLarge):
        rdflib_triples(data.encode(), formats.TURTLE, None, 4)


def test_the_engine_triples_are_the_rdflib_triples_blank_nodes_included() -> None:
    """A ScratchStore filled with the engine's triples answers as one filled with the rdflib
    triples of the same read: same literals, same blank nodes (rule results name them)."""
    odd = (
        b'<http://example.org/a> <http://example.org/p> "x"@FR-be , '
        b'"01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    with as_written():
        document = read_document(TURTLE.encode() + odd, formats.TURTLE, None, None)
    parsed, converted = ScratchStore(), ScratchStore()
    parsed.add_parsed("urn:test:data", document.engine)
    converted.add_triples("urn:test:data", document.triples)
    query = "SELECT ?s ?p ?o FROM <urn:test:data> WHERE { ?s ?p ?o }"
    rows = {(row["s"], row["p"], row["o"]) for row in parsed.select(query)}
    assert rows == {(row["s"], row["p"], row["o"]) for row in converted.select(query)}
    assert len(document.engine) == len(document.triples) == len(rows) == 12
    blank = {s for s, _, _ in document.triples if isinstance(s, BNode)}
    assert blank
    assert blank == {s for s, _, _ in rows if isinstance(s, BNode)}


def test_a_quoted_triple_is_refused_by_name_in_both_languages() -> None:
    quoted = "<http://example.org/s> <http://example.org/p> <http://example.org/o>"
    star = f"<http://example.org/a> <http://example.org/says> << {quoted} >> .".encode()
    with pytest.raises(InputError) as refused:
        read_document(star, formats.TURTLE, None, None)
    message = str(refused.value)
    assert "quoted triple (RDF-star)" in message
    assert "triplet cité" in message
    assert quoted in message
