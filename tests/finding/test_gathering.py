"""What the index reads of the store: names, codes, types closed upward, parents."""

from __future__ import annotations

from support.content_store import content_store
from support.finding_content import full_index

from coopgraph import iris
from coopgraph.finding.gathering import Entry, gather_entries, superclass_closure
from coopgraph.store import memory_store

CG = iris.TERM_BASE
ID = iris.IDENTIFIER_BASE


def test_a_commune_has_its_names_codes_population_and_places() -> None:
    lens = full_index().find(ID + "commune/62498")
    assert lens is not None
    assert lens.names["fr"] == "Lens"
    assert lens.codes == {"62498", "216204982"}  # its INSEE code and its SIREN
    assert lens.population > 30_000
    assert {ID + "department/62", ID + "epci/246200364"} <= lens.parents
    assert CG + "Commune" in lens.types


def test_types_are_closed_under_subclass_without_reasoning() -> None:
    entries, superclasses = gather_entries(content_store())  # no inferred graph in this store
    collective = next(e for e in entries if e.iri == ID + "collective/grande-synthe")
    assert CG + "Actor" not in collective.types  # a territorial collective, asserted
    assert CG + "Actor" in collective.kinds
    assert CG + "Territory" in superclasses[CG + "Commune"]


def test_shapes_and_graphs_are_left_out() -> None:
    index = full_index()
    assert not any(e.iri.startswith((iris.SHAPE_BASE, iris.GRAPH_BASE)) for e in index.entries)


def test_only_labelled_things_are_entries() -> None:
    store = memory_store()
    store.load(
        b'<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .\n'
        b'<http://example.org/a> <http://www.w3.org/2004/02/skos/core#altLabel> "Ay" .\n'
        b'<http://example.org/b> <https://w3id.org/coopgraph/def/inseeCode> "99999" .\n',
        "application/n-triples",
        "http://example.org/g",
    )
    entries, _ = gather_entries(store)
    assert [e.iri for e in entries] == ["http://example.org/a"]
    assert entries[0].labels == {"A", "Ay"}
    assert entries[0].names == {"en": "A"}  # an alternative label is not a name


def test_names_fall_back_across_languages() -> None:
    entry = Entry("http://example.org/x", names={"en": "Thing"})
    assert entry.name("fr") == "Thing"
    assert Entry("http://example.org/y").name("fr") == "http://example.org/y"


def test_the_closure_follows_chains_and_survives_cycles() -> None:
    closure = superclass_closure(iter([("a", "b"), ("b", "c"), ("c", "a"), ("d", "d")]))
    assert closure["a"] == {"b", "c"}
    assert "d" not in closure


def test_postal_codes_are_kept_apart_from_the_official_codes() -> None:
    index = full_index()
    loos, paris = index.find(ID + "commune/62528"), index.find(ID + "commune/75056")
    assert loos is not None
    assert paris is not None
    assert (loos.codes, loos.postal_codes) == ({"62528", "216205286"}, {"62750"})
    assert len(paris.postal_codes) == 21  # 75001 to 75020, and 75116
