"""What reasoning would derive from a submission, on a real store, before anything is written:
what the store's types entail anyway is left out, what the submission makes it say is kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from support.steward_content import LOOS, steward_file, steward_store

from coopgraph import iris
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.submissions.derivations import derived_triples, mentioned_types

GRAPH = iris.SUBMISSION_GRAPH_BASE + "grouping/test-derivations"
CG = iris.TERM_BASE


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    """The ontology and the sample geography."""
    opened = steward_store()
    yield opened
    opened.close()


def _turtle(text: str | bytes) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_the_types_of_what_a_submission_mentions(store: EmbeddedStore) -> None:
    found = mentioned_types(store, _turtle(steward_file("loos-en-gohelle.ttl")), GRAPH)
    assert (URIRef(LOOS), RDF.type, URIRef(CG + "Commune")) in found
    assert (URIRef(CG + "Action"), RDF.type, OWL.Class) in found


def test_what_the_store_entails_anyway_is_not_derived(store: EmbeddedStore) -> None:
    before = store.count()
    derived = derived_triples(store, GRAPH, _turtle(steward_file("loos-en-gohelle.ttl")))
    assert store.count() == before
    about = set(derived.subjects())
    assert URIRef(LOOS) not in about  # a prov:Location, a cg:Territory: true without it
    assert URIRef(CG + "Action") not in about
    effect = URIRef(iris.IDENTIFIER_BASE + "effect/test-loos-local-energy")
    action = URIRef(iris.IDENTIFIER_BASE + "action/test-loos-solar-roofs")
    assert (action, URIRef(CG + "hasEffect"), effect) not in derived  # asserted
    assert (effect, URIRef(CG + "effectOf"), action) not in derived  # asserted too


def test_what_a_submission_makes_reasoning_say_is_kept(store: EmbeddedStore) -> None:
    alias = URIRef(iris.IDENTIFIER_BASE + "place/alias")
    data = f'<{alias}> <{OWL.sameAs}> <{LOOS}> ; <{RDFS.label}> "Annexe"@fr .'
    derived = derived_triples(store, GRAPH, _turtle(data))
    assert (URIRef(LOOS), OWL.sameAs, alias) in derived
    assert Literal("Annexe", lang="fr") in set(derived.objects(URIRef(LOOS), RDFS.label))


def test_what_another_graph_already_says_is_not_new(store: EmbeddedStore) -> None:
    epci = iris.IDENTIFIER_BASE + "epci/246200364"
    derived = derived_triples(store, GRAPH, _turtle(f"<{epci}> <{CG}hasPart> <{LOOS}> ."))
    assert (URIRef(LOOS), URIRef(CG + "isPartOf"), URIRef(epci)) not in derived  # geography
