"""A class's instances a page at a time: counted and sorted in the store, each once, labelled
in the page's language, subclasses' instances included when a graph types them."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from coopgraph.errors import InputError, NotFound
from coopgraph.linked_data import PAGE_SIZE, class_instances, is_class, page_number
from coopgraph.linked_data.browsing import InstancePage
from coopgraph.store import Store, memory_store

EX = "http://example.org/browse/"
PLACE = EX + "Place"
NAMES = [f"Place {n:03d}" for n in range(230)]
"""Instances with one plain label; with the few below, more than two pages."""


@pytest.fixture(scope="module")
def store() -> Store:
    """Places with plain labels, accented and bilingual ones, one without a label, a blank
    node, and an instance of a subclass typed in another graph (as the inferred graphs do)."""
    opened = memory_store()
    rows = [f'<{EX}p{n}> a <{PLACE}> ; rdfs:label "{name}" .' for n, name in enumerate(NAMES)]
    opened.update(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"INSERT DATA {{ GRAPH <{EX}g> {{ {' '.join(rows)} "
        f'<{EX}evry> a <{PLACE}> ; rdfs:label "Évry" . '
        f'<{EX}eu> a <{PLACE}> ; rdfs:label "Eu" . '
        f'<{EX}ouest> a <{PLACE}> ; skos:prefLabel "Zone ouest"@fr , "A west zone"@en . '
        f"<{EX}nameless> a <{PLACE}> . "
        f"[] a <{PLACE}> . "
        f'<{EX}hamlet> a <{EX}Hamlet> ; rdfs:label "Hameau" . }} '
        f"GRAPH <{EX}inferred> {{ <{EX}hamlet> a <{PLACE}> }} }}"
    )
    return opened


def _all_pages(store: Store, lang: str) -> list[str]:
    first = class_instances(store, PLACE, lang, "", 1)
    found = [value.href or "" for value in first.instances]
    for page in range(2, first.pages + 1):
        found += [
            value.href or "" for value in class_instances(store, PLACE, lang, "", page).instances
        ]
    return found


def test_count_pages_and_ranks(store: Store) -> None:
    first = class_instances(store, PLACE, "fr", "", 1)
    assert first.total == len(NAMES) + 5  # the blank node is not listed
    assert first.pages == 3
    assert len(first.instances) == PAGE_SIZE
    assert (first.first, first.last) == (1, PAGE_SIZE)
    third = class_instances(store, PLACE, "fr", "", 3)
    assert (third.first, third.last) == (201, first.total)


def test_every_instance_once_across_pages(store: Store) -> None:
    found = _all_pages(store, "fr")
    assert len(found) == len(set(found)) == len(NAMES) + 5
    assert EX + "hamlet" in found  # typed with the class by another graph


def test_sorted_by_label_accents_folded(store: Store) -> None:
    labels = [v.text for v in class_instances(store, PLACE, "fr", "", 1).instances]
    assert labels[:3] == ["Eu", "Évry", "Hameau"]
    assert labels[3:6] == ["Place 000", "Place 001", "Place 002"]


def test_labels_and_order_in_the_page_language(store: Store) -> None:
    french = [v.text for v in class_instances(store, PLACE, "fr", "", 3).instances]
    english = [v.text for v in class_instances(store, PLACE, "en", "", 1).instances]
    assert "Zone ouest" in french
    assert "A west zone" not in french
    assert english[0] == "A west zone"
    last = class_instances(store, PLACE, "fr", "", 3).instances[-1]
    assert last.href == EX + "nameless"  # no label: last, shown by its IRI


def test_a_page_past_the_last_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="has no page 4: it has 3"):
        class_instances(store, PLACE, "fr", "", 4)


def test_an_empty_class_has_one_empty_page(store: Store) -> None:
    empty = class_instances(store, EX + "Nothing", "fr", "", 1)
    assert (empty.total, empty.pages, empty.instances, empty.first) == (0, 1, [], 0)


@pytest.mark.parametrize("raw", ["0", "-1", "x", "1.5", "²", " 2"], ids=repr)
def test_page_numbers_refused(raw: str) -> None:
    with pytest.raises(InputError, match=r"n'est pas un numéro de page.*is not a page number"):
        page_number(raw)


def test_the_ranks_of_a_page() -> None:
    assert (InstancePage(2, 150, []).pages, InstancePage(1, 0, []).pages) == (2, 1)
    assert (InstancePage(2, 150, []).first, InstancePage(2, 150, []).last) == (0, 0)


def test_page_numbers_read() -> None:
    assert (page_number(None), page_number(""), page_number("12")) == (1, 1, 12)


def test_what_is_a_class() -> None:
    owl = URIRef("http://www.w3.org/2002/07/owl#Class")
    rdfs = URIRef("http://www.w3.org/2000/01/rdf-schema#Class")
    assert is_class([owl])
    assert is_class([URIRef(EX + "X"), rdfs])
    assert not is_class([URIRef(EX + "X")])
