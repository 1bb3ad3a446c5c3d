"""The lexer that reads SPARQL before the engine: keywords, nesting, refusals, USING."""

from __future__ import annotations

import pytest

from coopgraph.errors import RefusedOperation
from coopgraph.sparql_text import check_public, iri_ref, keywords, nesting_depth, with_using


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * { ?s ?p ?o }", ["SELECT"]),
        ("select * { ?s ?p 'SERVICE' }", ["SELECT"]),
        ('SELECT * { ?s ?p """LOAD\nSERVICE""" }', ["SELECT"]),
        ("SELECT * { ?s <http://ex/SERVICE> ?o }", ["SELECT"]),
        ("SELECT * { ?s ?p ?o } # LOAD <http://ex>", ["SELECT"]),
        ("SELECT * { ?s ex:SERVICE ?o }", ["SELECT"]),
        ("SELECT ?service { ?service ?p ?o }", ["SELECT"]),
        ("SELECT * { SERVICE <http://ex> { ?s ?p ?o } }", ["SELECT", "SERVICE"]),
        ('ASK { FILTER(regex("a\\"b", "x")) }', ["ASK", "FILTER", "REGEX"]),
    ],
    ids=[
        "plain",
        "in-single-quotes",
        "in-long-string",
        "in-iri",
        "in-comment",
        "prefixed-name",
        "variable",
        "real-service",
        "escaped-quote",
    ],
)
def test_keywords_skip_strings_iris_and_comments(text: str, expected: list[str]) -> None:
    assert keywords(text) == expected


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", 1),
        ("SELECT * { { ?s ?p ?o FILTER((1)) } }", 4),
        ("SELECT * { ?s ?p '{{{{' } # ((((", 1),
        ("SELECT * { ?s ?p [ ?q ( 1 2 ) ] }", 3),
        ("SELECT * { } } } {", 1),
        ("", 0),
    ],
    ids=["flat", "nested", "brackets-in-string-and-comment", "mixed", "unbalanced", "empty"],
)
def test_nesting_depth(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "SELECT * {\n  SERVICE <http://ex/sparql> { ?s ?p ?o }\n}",
            "SERVICE (at line 2, column 3)",
        ),
        ("LOAD <http://ex/data.ttl>", "LOAD (at line 1, column 1)"),
        ("SELECT * { service <http://ex/> { } }", "SERVICE (at line 1, column 12)"),
    ],
    ids=["service", "load", "lower-case"],
)
def test_check_public_refuses_federation_with_its_position(text: str, where: str) -> None:
    with pytest.raises(RefusedOperation) as caught:
        check_public(text, max_nesting=200)
    assert str(caught.value).startswith(where)
    assert "not allowed" in str(caught.value)


def test_check_public_allows_federation_when_told() -> None:
    check_public("SELECT * { SERVICE <http://ex/> { ?s ?p ?o } }", 200, allow_federation=True)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s ?p 'SERVICE LOAD' }",
        "SELECT * { ?s <http://ex/LOAD> ?o } # SERVICE",
        "SELECT ?load { ?load ?p ?o }",
    ],
    ids=["in-string", "in-iri-and-comment", "variable"],
)
def test_check_public_lets_mentions_pass(text: str) -> None:
    check_public(text, max_nesting=200)


def test_check_public_refuses_deep_nesting_where_it_starts() -> None:
    text = "SELECT * " + "{" * 5 + "}" * 5
    check_public(text, max_nesting=5)
    with pytest.raises(RefusedOperation, match=r"deeper than 4 levels \(at line 1, column 14\)"):
        check_public(text, max_nesting=4)


G = "http://example.org/g"
N = "http://example.org/n"


@pytest.mark.parametrize(
    ("update", "default", "named", "expected"),
    [
        (
            "INSERT { ?s ?p 1 } WHERE { ?s ?p 0 }",
            (G,),
            (),
            f"INSERT {{ ?s ?p 1 }} USING <{G}> WHERE {{ ?s ?p 0 }}",
        ),
        (
            "DELETE { ?s ?p 0 } INSERT { ?s ?p 1 } WHERE { ?s ?p 0 }",
            (G,),
            (N,),
            f"DELETE {{ ?s ?p 0 }} INSERT {{ ?s ?p 1 }} USING <{G}> USING NAMED <{N}> "
            "WHERE { ?s ?p 0 }",
        ),
        (
            "INSERT { ?s ?p 1 } WHERE { ?s ?p 0 } ;\nINSERT { ?s ?p 2 } WHERE { ?s ?p 1 }",
            (G,),
            (),
            f"INSERT {{ ?s ?p 1 }} USING <{G}> WHERE {{ ?s ?p 0 }} ;\n"
            f"INSERT {{ ?s ?p 2 }} USING <{G}> WHERE {{ ?s ?p 1 }}",
        ),
        (
            "INSERT { ?s ?p 'WHERE' } WHERE { ?s ?p 0 }",
            (G,),
            (),
            f"INSERT {{ ?s ?p 'WHERE' }} USING <{G}> WHERE {{ ?s ?p 0 }}",
        ),
        (
            "INSERT DATA { <http://a> <http://b> 1 }",
            (),
            (),
            "INSERT DATA { <http://a> <http://b> 1 }",
        ),
    ],
    ids=[
        "default",
        "default-and-named",
        "two-operations",
        "word-in-string",
        "none",
    ],
)
def test_with_using(
    update: str, default: tuple[str, ...], named: tuple[str, ...], expected: str
) -> None:
    assert with_using(update, default, named) == expected


@pytest.mark.parametrize(
    "update",
    [
        f"INSERT {{ ?s ?p 1 }} USING <{G}> WHERE {{ ?s ?p 0 }}",
        f"WITH <{G}> INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p 0 }}",
    ],
    ids=["using", "with"],
)
def test_with_using_refuses_an_update_with_its_own_dataset(update: str) -> None:
    with pytest.raises(RefusedOperation, match="may not be combined"):
        with_using(update, (N,), ())


def test_with_using_refuses_delete_where_rather_than_ignore_the_graphs() -> None:
    with pytest.raises(RefusedOperation, match=r"DELETE WHERE .* cannot take using-graph-uri"):
        with_using("DELETE WHERE { ?s ?p 0 }", (G,), ())


@pytest.mark.parametrize(
    "iri",
    ["http://ex/a b", "http://ex/<a>", "no-scheme", ""],
    ids=["space", "angle", "scheme", "empty"],
)
def test_iri_ref_refuses_what_could_break_out(iri: str) -> None:
    with pytest.raises(RefusedOperation, match="not a valid IRI"):
        iri_ref(iri)


def test_with_using_refuses_a_graph_iri_that_could_break_out() -> None:
    with pytest.raises(RefusedOperation, match="not a valid IRI"):
        with_using("INSERT { ?s ?p 1 } WHERE { ?s ?p 0 }", ("http://g> } DROP ALL ; <x:",), ())
