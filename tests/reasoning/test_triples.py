"""A closure's triples with the lookups the rules make, and RDF lists read from them."""

from __future__ import annotations

from rdflib import BNode
from rdflib.namespace import RDF
from support.owl_reference import case, example

from coopgraph.reasoning.triples import Triples, members


def test_lookups() -> None:
    triples = Triples(case(":a :p :b , :c . :d :p :b . :a :q :e ."))
    assert len(triples) == 4
    assert (example("a"), example("p"), example("c")) in triples
    assert triples.objects(example("a"), example("p")) == {example("b"), example("c")}
    assert triples.subjects(example("p"), example("b")) == {example("a"), example("d")}
    assert sorted(triples.subject_objects(example("q"))) == [(example("a"), example("e"))]
    assert triples.objects(example("z"), example("p")) == set()
    assert triples.subjects(example("z"), example("b")) == set()


def test_members_of_a_list() -> None:
    triples = Triples(case(":x :items ( :a :b :c ) ."))
    (head,) = triples.objects(example("x"), example("items"))
    assert members(triples, head) == [example("a"), example("b"), example("c")]
    assert members(triples, RDF.nil) == []


def test_a_cyclic_or_broken_list_ends() -> None:
    one, two = BNode(), BNode()
    cyclic = Triples([(one, RDF.first, example("a")), (one, RDF.rest, two),
                      (two, RDF.first, example("b")), (two, RDF.rest, one)])  # fmt: skip
    assert members(cyclic, one) == [example("a"), example("b")]
    broken = Triples([(one, RDF.first, example("a"))])
    assert members(broken, one) == []
