"""Reading uploads: size cap, refusals, syntax errors with line and column, where nodes are."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from rdflib import URIRef
from support.steward_content import steward_store

from coopgraph import formats
from coopgraph.errors import (
    InputError,
    RdfSyntaxError,
    RefusedOperation,
    TooLarge,
    UnsupportedMediaType,
)
from coopgraph.validation.uploads import (
    EXCERPT_LENGTH,
    Upload,
    read_files,
    read_submission,
    subject_lines,
)

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
    assert caught.value.column == 11
    assert str(caught.value).startswith("broken.ttl, line 2, column 11: the file ends inside")
    assert str(caught.value).count("line 2") == 1
    assert str(caught.value).endswith(': “ex:a ex:p "open .”')


STEWARD = Path(__file__).parents[1] / "data" / "submissions" / "steward" / "loos-en-gohelle.ttl"


def _without_dot(line: int) -> bytes:
    """The steward's valid file with the '.' at the end of ``line`` taken out."""
    lines = STEWARD.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].endswith(" .\n")
    lines[line - 1] = lines[line - 1][: -len(" .\n")] + "\n"
    return "".join(lines).encode()


def test_a_missing_dot_is_placed_at_the_end_of_its_line_not_where_noticed() -> None:
    """Line 22 ends its statement without '.': the parser notices on line 24 (after a blank
    line), the error names line 22, column 79 and quotes it as written."""
    with pytest.raises(RdfSyntaxError) as caught:
        read_submission([Upload(_without_dot(22), "text/turtle", "loos.ttl")], 10_000)
    error, fault = caught.value, caught.value.fault
    assert fault is not None
    assert (error.line, error.column, fault.noticed, fault.kind) == (22, 79, 24, "missing_dot")
    assert fault.excerpt == '…irie de Loos-en-Gohelle"@fr , "Loos-en-Gohelle town hall"@en'
    french = error.in_language("fr")
    assert french.startswith("loos.ttl, ligne 22, colonne 79 : il manque probablement un « . »")
    assert "l'analyseur s'en est aperçu ligne 24" in french
    assert french.count("22") == 1
    assert error.in_language("en").startswith("loos.ttl, line 22, column 79: a '.' is probably")


@pytest.mark.parametrize(
    ("text", "line", "column", "kind"),
    [
        ("ex:a ex:p ex:b ;\n    ex:q 12\n    ex:r ex:s .\n", 3, 12, "missing_separator"),
        ("ex:a ex:p ex:b # a comment\n# another\n\nex:c ex:p ex:d .\n", 2, 15, "missing_dot"),
        ("ex:a ex:p ex:b ,\nex:c ex:p ex:d .\n", 3, 6, "dot"),
        ("ex:a ex:p ex:b ex:c .\n", 2, 16, "dot"),
        ("ex:a ex:p ex:b\n\n\n", 2, 15, "end"),
        ("ex:a ex:p [ ex:q ex:b\nex:c ex:p ex:d .\n", 2, 22, "bracket"),
    ],
    ids=["indented", "after-comments", "after-comma", "mid-line", "end", "bracket"],
)
def test_where_a_syntax_fault_is_placed(text: str, line: int, column: int, kind: str) -> None:
    data = f"@prefix ex: <http://example.org/> .\n{text}".encode()
    with pytest.raises(RdfSyntaxError) as caught:
        read_submission([Upload(data, "text/turtle", "t.ttl")], 1_000)
    fault = caught.value.fault
    assert fault is not None
    assert (fault.line, fault.column, fault.kind) == (line, column, kind)


def test_a_long_faulty_line_is_quoted_around_the_fault() -> None:
    long_line = "ex:a ex:p " + " , ".join(f'"value {n}"' for n in range(20)) + " ex:b ex:c .\n"
    data = f"@prefix ex: <http://example.org/> .\n{long_line}".encode()
    with pytest.raises(RdfSyntaxError) as caught:
        read_submission([Upload(data, "text/turtle", "t.ttl")], 10_000)
    fault = caught.value.fault
    assert fault is not None
    assert len(fault.excerpt) == EXCERPT_LENGTH + 1  # the cut start is marked
    assert fault.excerpt.startswith("…")
    assert fault.excerpt.endswith("ex:b ex:c .")


def test_a_json_ld_syntax_error_quotes_its_line() -> None:
    document = b'{"@id": "http://example.org/a",\n "http://example.org/p": {"@value": 1, }\n}'
    with pytest.raises(RdfSyntaxError) as caught:
        read_submission([Upload(document, "application/ld+json", "a.jsonld")], 10_000)
    assert caught.value.line == 2
    assert caught.value.in_language("fr").endswith(
        'est interdite en JSON : supprimez-la : « "http://example.org/p": {"@value": 1, } »'
    )


def test_a_file_read_for_the_command_line_is_placed_the_same(tmp_path: Path) -> None:
    path = tmp_path / "loos.ttl"
    path.write_bytes(_without_dot(22))
    with pytest.raises(RdfSyntaxError) as caught:
        read_files([path], 10_000)
    assert (caught.value.line, caught.value.column) == (22, 79)
    assert str(caught.value).startswith(f"{path}, line 22, column 79: ")


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
        read_submission([Upload(b"a,b", "text/x-unknown", "x.txt")], 10_000)


def test_a_csv_that_is_no_sheet_of_the_template_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"x\.csv: no sheet of the template"):
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


def test_the_triple_cap_counts_converted_sheets() -> None:
    rows = "".join(f"Acteur {n},Actor {n},62528\n" for n in range(10))
    table = ("Nom,Name,Territoire\n" * 2 + "nom,name,territoire\nEXEMPLE,,\n" + rows).encode()
    sheet = Upload(table, formats.CSV, "acteurs.csv")
    assert len(read_submission([sheet], 100_000, max_triples=40).graph) == 40
    with pytest.raises(TooLarge, match=r"more than 39 triples.*plus de 39 triplets"):
        read_submission([sheet], 100_000, max_triples=39)


def test_territory_names_are_found_with_the_store() -> None:
    table = b"Nom,Name,Territoire\nNom,Name,Territoire\nnom,name,territoire\nEXEMPLE,,\n"
    sheet = Upload(table + b"Mairie,Town hall,Lile\n", formats.CSV, "acteurs.csv")
    submission = read_submission([sheet], 100_000, store=steward_store())
    [finding] = submission.findings
    assert "id:commune/59350 (Lille)" in finding.message("en")
    assert read_submission([sheet], 100_000).findings == ()
