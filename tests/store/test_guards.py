"""What the store refuses before or while an engine reads, and how it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph import formats
from coopgraph.errors import NotAcceptable, RefusedOperation, TooLarge
from coopgraph.store.guards import (
    bulk_loadable,
    capped,
    open_failure,
    rdf_error,
    refuse_doctype,
    required_format,
)


def test_a_doctype_is_refused_in_rdf_xml_only() -> None:
    with pytest.raises(RefusedOperation, match="DOCTYPE"):
        refuse_doctype(b'<?xml version="1.0"?><!doctype rdf [ ]>', is_rdf_xml=True)
    refuse_doctype(b"<!DOCTYPE in a literal>", is_rdf_xml=False)


def test_capped_stops_at_the_first_item_past_the_cap() -> None:
    items = capped(iter(range(10)), 2)
    assert [next(items), next(items)] == [0, 1]
    with pytest.raises(TooLarge, match="more than 2 triples"):
        next(items)


@pytest.mark.parametrize(
    ("data", "media_type", "graph", "expected"),
    [
        (b"<a> <b> <c> .", formats.N_TRIPLES, "http://g", True),
        (b"<a> <b> <c> <g> .", formats.N_QUADS, None, True),
        (b"<a> <b> <c> <g> .", formats.N_QUADS, "http://g", False),
        (b"<a> <b> _:c .", formats.N_TRIPLES, None, False),
        (b"<a> <b> <c> .", formats.TURTLE, None, False),
    ],
    ids=["n-triples", "n-quads", "n-quads-into-a-graph", "blank-nodes", "turtle"],
)
def test_bulk_loadable(data: bytes, media_type: str, graph: str | None, expected: bool) -> None:
    assert bulk_loadable(data, media_type, graph) is expected


def test_a_syntax_error_keeps_its_place() -> None:
    error = SyntaxError("unexpected end")
    error.lineno, error.offset = 3, 7
    converted = rdf_error(error)
    assert (converted.line, converted.column) == (3, 7)
    assert str(converted).startswith("unexpected end")


def test_a_remote_context_is_explained() -> None:
    converted = rdf_error(SyntaxError("LoadDocumentCallback failed"))
    assert "never fetches" in str(converted)
    assert converted.line is None


def test_required_format() -> None:
    assert required_format(formats.TURTLE, "a graph") == formats.TURTLE
    with pytest.raises(NotAcceptable, match="no format for a graph"):
        required_format(None, "a graph")


def test_open_failure_says_what_to_do() -> None:
    locked = open_failure(Path("/srv/store"), OSError("IO error: lock hold by current process"))
    assert "in use by another process" in locked
    other = open_failure(Path("/srv/store"), RuntimeError("Corruption: checksum mismatch"))
    assert other.endswith("Nothing was changed or deleted.")
