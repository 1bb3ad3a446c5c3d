"""SPARQL text: the lexer (keywords, nesting, refusals, USING) and the one writer of terms and
VALUES blocks, checked against a real engine."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from coopgraph.errors import InputError, QuerySyntaxError, RefusedOperation
from coopgraph.sparql_text import (
    VARIABLE_NAME,
    check_public,
    iri_ref,
    keywords,
    nesting_depth,
    term_text,
    variables,
    where_offset,
    with_bindings,
    with_using,
    with_values,
)
from coopgraph.store.embedded import EmbeddedStore


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
        ("SELECT * { { ?s ?p ?o FILTER((1)) } }", 5),
        ("SELECT * { ?s ?p '{{{{' } # ((((", 1),
        ("SELECT * { ?s ?p [ ?q ( 1 2 ) ] }", 3),
        ("SELECT * { } } } {", 2),
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


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("SELECT (!!!true AS ?x) {}", 4),
        ("SELECT * { ?s ^(^(<http://p>)) ?o }", 5),
        ("SELECT * { << << ?s ?p ?o >> ?p ?o >> ?p ?o . }", 3),
        ("SELECT * { {} UNION {} UNION {} }", 6),
        ("SELECT * { ?s ?p ?o OPTIONAL { ?a ?b ?c } OPTIONAL { ?a ?b ?c } }", 5),
        ("SELECT * { ?s ?p ?o FILTER(?o > '1'^^<http://t>) }", 4),
        ("SELECT * { VALUES (?a ?b) { (1 2) (3 4) (5 6) (7 8) } }", 4),
        ("SELECT * { ?s ?p ?o FILTER(?o IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)) }", 5),
    ],
    ids=["not", "inverse", "quoted-triples", "union", "optional", "datatype", "values", "in"],
)
def test_nesting_counts_what_the_engine_nests_and_not_flat_data(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_triple_patterns_and_collection_items_count_lightly() -> None:
    assert nesting_depth("SELECT * { " + "?s ?p ?o . " * 1_000 + "}") == 101
    assert nesting_depth("SELECT * { ?s ?p (" + " 1" * 1_000 + " ) }") == 102
    with pytest.raises(RefusedOperation, match="plus de 200 niveaux"):
        check_public("SELECT * { " + "?s ?p ?o . " * 3_000 + "}", max_nesting=200)


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "{ ?s ?p ?o }"),
        ("SELECT * { ?s ?p ?o }", "{ ?s ?p ?o }"),
        ("PREFIX a: <http://ex/{x}> SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "{ ?s ?p ?o }"),
        ("# {\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p '{' }", "{ ?s ?p '{' }"),
        ("ASK { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ],
    ids=["select", "no-where", "braces-in-iri", "construct", "ask"],
)
def test_values_go_first_in_the_outer_where(text: str, expected: str) -> None:
    assert text[where_offset(text) - 1 :] == expected


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_string_is_one_literal(value: str) -> None:
    store = EmbeddedStore.in_memory()
    rows = store.select(f"SELECT ?v WHERE {{ VALUES ?v {{ {term_text(Literal(value))} }} }}")
    assert rows.rows == [{"v": Literal(value)}]


@pytest.mark.parametrize(
    "term",
    [
        Literal(3),
        Literal(2.5),
        Literal(True),
        Literal("rue", lang="fr"),
        Literal("2024-02-29", datatype=XSD.date),
        Literal('multi\nline "quoted" \\ text\r'),
        URIRef("https://w3id.org/coopgraph/id/commune/62528"),
    ],
    ids=["integer", "double", "boolean", "language", "date", "escapes", "iri"],
)
def test_a_written_term_is_read_back_as_the_same_term(term: Literal | URIRef) -> None:
    store = EmbeddedStore.in_memory()
    rows = store.select(f"SELECT ?v WHERE {{ VALUES ?v {{ {term_text(term)} }} }}")
    assert rows.rows == [{"v": term}]


def test_a_term_keeps_its_datatype_as_given() -> None:
    assert term_text(Literal("x")) == '"x"'
    assert term_text(Literal("x", datatype=XSD.string)) == f'"x"^^<{XSD.string}>'


@pytest.mark.parametrize(
    ("term", "message"),
    [
        (BNode("b0"), "blank node"),
        (URIRef("http://ex/a b"), "not a valid IRI"),
        (Literal("1", datatype=URIRef("http://ex/a> } DROP ALL #")), "not a valid IRI"),
    ],
    ids=["blank-node", "bad-iri", "bad-datatype"],
)
def test_term_text_refuses_what_it_cannot_write(
    term: BNode | URIRef | Literal, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        term_text(term)


def test_values_of_several_variables_join_as_one_solution() -> None:
    store = EmbeddedStore.in_memory()
    text = with_bindings(
        "SELECT ?a ?b WHERE { BIND(1 AS ?x) }", {"a": Literal("a"), "b": URIRef("http://ex/b")}
    )
    assert store.select(text).rows == [{"a": Literal("a"), "b": URIRef("http://ex/b")}]


def test_values_of_one_variable_are_alternatives() -> None:
    store = EmbeddedStore.in_memory()
    text = with_values("SELECT ?a WHERE { }", {"a": (Literal(1), Literal(2))})
    assert sorted(str(row["a"]) for row in store.select(text)) == ["1", "2"]


def test_values_bind_before_grouping() -> None:
    store = EmbeddedStore.in_memory()
    store.update("INSERT DATA { <http://ex/a> <http://ex/p> 1, 2 . <http://ex/b> <http://ex/p> 3 }")
    query = "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s"
    rows = store.select(with_bindings(query, {"s": URIRef("http://ex/a")})).rows
    assert rows == [{"s": URIRef("http://ex/a"), "n": Literal(2)}]


def test_no_values_leave_the_text_as_it_is() -> None:
    assert with_values("DESCRIBE <http://ex/a>", {}) == "DESCRIBE <http://ex/a>"


@pytest.mark.parametrize(
    ("text", "values", "message"),
    [
        ("DESCRIBE <http://ex/a>", {"a": (Literal(1),)}, "no WHERE group"),
        ("SELECT * { ?s ?p ?o }", {"a b": (Literal(1),)}, "not a SPARQL variable name"),
    ],
    ids=["no-group", "bad-name"],
)
def test_with_values_refuses_what_it_cannot_bind(
    text: str, values: dict[str, tuple[Literal, ...]], message: str
) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        with_values(text, values)


def test_the_lexer_reads_variables_by_the_one_name_pattern() -> None:
    names = variables("SELECT ?s $été ?_1 { ?s <http://ex/?p> '?q' } # ?r")
    assert names == {"s", "été", "_1"}
    assert all(VARIABLE_NAME.fullmatch(name) for name in names)
    assert not VARIABLE_NAME.fullmatch("an-action")


@pytest.mark.parametrize(
    "text",
    [
        'PREFIX ex: <http://x/> SELECT * { VALUES (?a ?b) { (ex:a" x") } '
        'SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } } # "',
        "SELECT * { BIND(1 AS ?z) # x\r SERVICE <http://e/> { ?a ?b ?c } \n }",
        "SELECT * { \\u0053ERVICE <http://e/> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o } # service " + "x" * 40_000,
        "SELECT * { ?s ?p ?o . ?s ?p 'not valid SPARQL' 'service' }",
    ],
    ids=["issue-lexer-confusion", "comment-ended-by-cr", "u-escape", "too-long", "unparsable"],
)
def test_check_public_refuses_what_a_real_parser_cannot_clear(text: str) -> None:
    with pytest.raises(RefusedOperation, match="SERVICE") as caught:
        check_public(text, max_nesting=200)
    assert "n'est pas permis" in str(caught.value)  # French too


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX cg: <https://w3id.org/coopgraph/def/> SELECT * { ?s a cg:ServiceOffer }",
        "SELECT * { ?s ?p 'caf\\u00e9' }",
        "SELECT * { ?s ?p ?o } # Service\r\n",
        "INSERT DATA { <http://e/a> <http://e/p> 'download' }",
    ],
    ids=["prefixed-name", "u-escape-without-keyword", "comment-crlf", "update"],
)
def test_check_public_parses_mentions_and_lets_them_run(text: str) -> None:
    check_public(text, max_nesting=200)


def test_a_long_query_that_mentions_load_in_a_name_is_not_refused() -> None:
    """pyparsing recursed past Python's default limit on a 100-triple query: the parse failed
    and the query was refused although it holds no SERVICE or LOAD."""
    triples = "\n".join(f"?s ex:p{i} ?o{i} ." for i in range(300))
    text = f"PREFIX ex: <http://example.org/download/>\nSELECT * WHERE {{\n{triples}\n}}"
    check_public(text, 200)
    with pytest.raises(RefusedOperation):
        check_public(text.replace("}", "SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"), 200)
