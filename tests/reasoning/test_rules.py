"""The OWL 2 RL rules reasonable lacks, each on its own: what they add to a closure, and
nothing when their axioms are absent or broken."""

from __future__ import annotations

from rdflib.namespace import OWL, RDF, RDFS
from support.owl_reference import case, example

from coopgraph.reasoning.rules import missing
from coopgraph.reasoning.triples import Triples


def _missing(text: str) -> set[tuple[str, str, str]]:
    found = missing(Triples(case(text)))
    return {(str(s).rsplit("/", 1)[-1], str(p).rsplit("/", 1)[-1], str(o)) for s, p, o in found}


def test_a_chain_of_three_properties() -> None:
    found = missing(Triples(case(
        ":p3 owl:propertyChainAxiom ( :p :q :r ) . :a :p :b . :b :q :c . :c :r :d . :c :r :e ."
    )))  # fmt: skip
    assert found == {(example("a"), example("p3"), example("d")),
                     (example("a"), example("p3"), example("e"))}  # fmt: skip


def test_a_broken_chain_derives_nothing() -> None:
    assert missing(Triples(case(":p3 owl:propertyChainAxiom :nolist . :a :p :b ."))) == set()


def test_keys_need_a_shared_value_of_every_key() -> None:
    found = missing(Triples(case(
        ':K owl:hasKey ( :code :year ) . :a a :K ; :code "1" ; :year 1 .'
        ' :b a :K ; :code "1" ; :year 1 , 2 . :c a :K ; :code "1" ; :year 3 .'
        ' :d :code "1" ; :year 1 .'
    )))  # fmt: skip
    assert found == {(example("a"), OWL.sameAs, example("b")),
                     (example("b"), OWL.sameAs, example("a"))}  # fmt: skip


def test_a_qualified_maximum_of_one_counts_the_values_of_its_class() -> None:
    found = missing(Triples(case(
        ':R owl:onProperty :p ; owl:onClass :C ;'
        ' owl:maxQualifiedCardinality "1"^^xsd:nonNegativeInteger .'
        " :x a :R ; :p :a , :b , :c . :a a :C . :b a :C ."
    )))  # fmt: skip
    assert (example("a"), OWL.sameAs, example("b")) in found
    assert not any(example("c") in triple for triple in found)


def test_a_maximum_of_two_derives_nothing() -> None:
    text = (
        ':R owl:onProperty :p ; owl:maxCardinality "2"^^xsd:nonNegativeInteger .'
        " :x a :R ; :p :a , :b ."
    )
    assert missing(Triples(case(text))) == set()


def test_an_enumeration_types_its_members() -> None:
    assert _missing(":C owl:oneOf ( :a :b ) .") == {
        ("a", str(RDF.type).rsplit("/", 1)[-1], "http://example.org/C"),
        ("b", str(RDF.type).rsplit("/", 1)[-1], "http://example.org/C"),
    }


def test_the_schema_rules() -> None:
    found = missing(Triples(case(
        ":p owl:equivalentProperty :q . :q rdfs:subPropertyOf :r . :A rdfs:subClassOf :B ."
        " :B rdfs:subClassOf :A . :I owl:intersectionOf ( :A :C ) . :U owl:unionOf ( :A :C ) ."
    )))  # fmt: skip
    assert (example("p"), RDFS.subPropertyOf, example("q")) in found
    assert (example("q"), RDFS.subPropertyOf, example("p")) in found
    assert (example("A"), OWL.equivalentClass, example("B")) in found
    assert (example("I"), RDFS.subClassOf, example("C")) in found
    assert (example("C"), RDFS.subClassOf, example("U")) in found
    closed = Triples([*case(":p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r ."),
                      (example("p"), RDFS.subPropertyOf, example("r"))])  # fmt: skip
    assert missing(closed) == set()  # what the closure holds is not missing


def test_without_their_axioms_the_rules_add_nothing() -> None:
    assert missing(Triples(case(":a :p :b . :b a :C . :C rdfs:subClassOf :D ."))) == set()
