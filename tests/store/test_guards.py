"""What the store refuses before or while an engine reads, and how it reports."""

from __future__ import annotations

import pickle
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


def test_a_syntax_error_keeps_its_place_said_once() -> None:
    error = SyntaxError("Parser error at line 3 column 7: Unexpected end")
    error.lineno, error.offset = 3, 7
    converted = rdf_error(error)
    assert (converted.line, converted.column) == (3, 7)
    assert converted.fault is not None
    assert converted.fault.reason == "Unexpected end"
    assert str(converted).startswith("line 3, column 7: the file ends before its last statement")
    assert str(converted).count("line 3") == 1


@pytest.mark.parametrize(
    ("reason", "kind", "term", "french"),
    [
        ("A dot is expected at the end of statements", "dot", "", "un « . » est attendu ici"),
        ("Quads must be followed by a dot", "dot", "", "un « . » est attendu ici"),
        ("The prefix zz: has not been declared", "prefix", "zz:", "le préfixe zz: n'est pas"),
        ("Unexpected end of file", "unclosed", "", "le fichier se termine à l'intérieur"),
        ("Invalid IRI code point ' '", "iri_character", "U+0020", "le caractère « U+0020 »"),
        (", is not a valid RDF object", "object", ",", ", n'est pas une valeur"),
        ("Trailing commas are not allowed", "trailing_comma", "", "une « , » avant « } »"),
        (
            "a brand new complaint",
            "",
            "",
            "le document ne se lit pas ; l'analyseur dit (en anglais) : a brand new complaint",
        ),
    ],
    ids=["dot", "quad-dot", "prefix", "unclosed", "iri", "object", "comma", "unknown"],
)
def test_a_known_fault_is_named_and_explained_in_french(
    reason: str, kind: str, term: str, french: str
) -> None:
    error = SyntaxError(f"Parser error at line 2 between columns 6 and 10: {reason}")
    error.lineno, error.offset = 2, 6
    converted = rdf_error(error)
    assert converted.fault is not None
    assert (converted.fault.kind, converted.fault.term) == (kind, term)
    assert converted.in_language("fr").startswith(f"ligne 2, colonne 6 : {french}")


def test_a_remote_context_is_explained() -> None:
    converted = rdf_error(SyntaxError("No LoadDocumentCallback has been set"))
    assert "never fetches" in str(converted)
    assert "ne télécharge jamais" in converted.in_language("fr")
    assert converted.line is None


def test_a_syntax_error_crosses_a_process_boundary_whole() -> None:
    """A worker sends its errors back pickled: the fault must come with the message."""
    error = SyntaxError("Parser error at line 2 column 6: The prefix zz: has not been declared")
    error.lineno, error.offset = 2, 6
    converted = rdf_error(error)
    copied = pickle.loads(pickle.dumps(converted))
    assert (copied.fault, copied.line, str(copied)) == (converted.fault, 2, str(converted))


def test_required_format() -> None:
    assert required_format(formats.TURTLE, "a graph") == formats.TURTLE
    with pytest.raises(NotAcceptable, match="no format for a graph"):
        required_format(None, "a graph")


def test_open_failure_says_what_to_do() -> None:
    locked = open_failure(Path("/srv/store"), OSError("IO error: lock hold by current process"))
    assert "in use by another process" in locked
    other = open_failure(Path("/srv/store"), RuntimeError("Corruption: checksum mismatch"))
    assert other.endswith("Nothing was changed or deleted.")
