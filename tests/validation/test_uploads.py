"""Reading uploads: size cap, refusals, syntax errors with line and column, where nodes are."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from rdflib import URIRef

from coopgraph.errors import RdfSyntaxError, RefusedOperation, TooLarge, UnsupportedMediaType
from coopgraph.validation.uploads import Upload, read_files, read_submission, subject_lines

TURTLE = b"""@prefix ex: <http://example.org/> .

ex:a ex:p ex:b ;
    ex:q "x" .
# a comment
ex:b ex:p [ ex:r 1 ] .
<http://example.org/c> ex:p ex:a .
"""


def test_turtle_is_read_with_the_line_of_each_subject() -> None:
    submission = read_submission([Upload(TURTLE, "text/turtle", "t.ttl")], 10_000)
    assert len(submission.graph) == 5
    lines = {str(node): where.line for node, where in submission.locations.items()}
    assert lines == {"http://example.org/a": 3, "http://example.org/b": 6,
                     "http://example.org/c": 7}  # fmt: skip


def test_several_uploads_make_one_graph_their_blank_nodes_apart() -> None:
    one = Upload(b'_:x <http://example.org/p> "1" .', "application/n-triples", "one.nt")
    two = Upload(b'_:x <http://example.org/p> "2" .', "application/n-triples", "two.nt")
    assert len(set(read_submission([one, two], 1_000).graph.subjects())) == 2


def test_a_submission_past_the_limit_is_too_large_naming_the_limit() -> None:
    with pytest.raises(TooLarge, match="limit is 10 bytes"):
        read_submission([Upload(TURTLE, "text/turtle", "t.ttl")], 10)


def test_a_syntax_error_names_the_file_line_and_column() -> None:
    broken = b'@prefix ex: <http://example.org/> .\nex:a ex:p "open .\n'
    with pytest.raises(RdfSyntaxError) as caught:
        read_submission([Upload(broken, "text/turtle", "broken.ttl")], 1_000)
    assert caught.value.line == 2
    assert caught.value.column is not None
    assert "broken.ttl at line 2" in str(caught.value)


def test_rdf_xml_with_a_doctype_is_refused() -> None:
    xml = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>"""
    with pytest.raises(RefusedOperation, match="DOCTYPE"):
        read_submission([Upload(xml, "application/rdf+xml", "x.rdf")], 10_000)


def test_a_remote_json_ld_context_is_never_fetched() -> None:
    document = b'{"@context": "http://example.org/context.jsonld", "@id": "http://example.org/a"}'
    with pytest.raises(RdfSyntaxError, match="remote"):
        read_submission([Upload(document, "application/ld+json", "x.jsonld")], 10_000)


def test_an_unknown_media_type_is_refused() -> None:
    with pytest.raises(UnsupportedMediaType):
        read_submission([Upload(b"a,b", "text/csv", "x.csv")], 10_000)


def test_files_are_read_by_suffix_gzip_included(tmp_path: Path) -> None:
    packed = tmp_path / "t.ttl.gz"
    packed.write_bytes(gzip.compress(TURTLE))
    assert len(read_files([packed], 10_000).graph) == 5


def test_subject_lines_follow_prefixes_and_statement_ends() -> None:
    text = "PREFIX ex: <http://e/>\nex:a ex:p ex:b ,\n  ex:c .\nex:d ex:p 1 .\n"
    assert list(subject_lines(text)) == [(URIRef("http://e/a"), 2), (URIRef("http://e/d"), 4)]


def test_the_triple_cap_counts_every_upload_while_parsing() -> None:
    line = b"<http://example.org/s%d> <http://example.org/p> [ <http://example.org/q> 1 ] .\n"
    one = Upload(b"".join(line % n for n in range(30)), "text/turtle", "one.ttl")
    two = Upload(b"".join(line % n for n in range(30, 50)), "text/turtle", "two.ttl")
    assert len(read_submission([one, two], 100_000, max_triples=100).graph) == 100
    with pytest.raises(TooLarge, match=r"more than 99 triples.*plus de 99 triplets"):
        read_submission([one, two], 100_000, max_triples=99)
    five = b"".join(b"<http://e/s> <http://e/p> <http://e/o%d> .\n" % n for n in range(5))
    lines = Upload(five, "application/n-triples", "five.nt")
    with pytest.raises(TooLarge, match="COOPGRAPH_MAX_TRIPLES"):
        read_submission([lines, lines], 100_000, max_triples=9)
