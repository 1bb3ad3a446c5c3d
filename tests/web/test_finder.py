"""What the search and reconciliation routes share: types, counts, page links."""

from __future__ import annotations

import pytest

from coopgraph.errors import InputError
from coopgraph.web.finder import page_of, read_count, type_iri


def test_types_may_be_written_short() -> None:
    assert type_iri("Commune") == "https://w3id.org/coopgraph/def/Commune"
    assert type_iri("skos:Concept") == "http://www.w3.org/2004/02/skos/core#Concept"
    assert type_iri("http://example.org/T") == "http://example.org/T"
    with pytest.raises(InputError, match="unknown prefix"):
        type_iri("ex:T")


def test_counts_are_checked() -> None:
    assert read_count("3", "limit", 1, 5) == 3
    for bad in ("0", "6", "-1", "x", ""):
        with pytest.raises(InputError, match="'limit' must be an integer from 1 to 5"):
            read_count(bad, "limit", 1, 5)


def test_pages_are_on_this_deployment() -> None:
    assert page_of("", "https://w3id.org/coopgraph/id/commune/62498") == "/id/commune/62498"
    assert page_of("https://x.org/cg", "https://w3id.org/coopgraph/ref/é") == (
        "https://x.org/cg/ref/%C3%A9"
    )
    assert page_of("", "http://example.org/elsewhere") is None
