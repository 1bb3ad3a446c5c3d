"""Query limits through the app: every nesting the engine recurses on is counted (a corpus of
each kind, refused deep with a 400 naming the depth, answered or stopped by the deadline at the
deepest allowed, never a crashed worker); invalid UTF-8 is a 400 by GET and by POST; an
answer past the byte cap is cut and says so."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import SHORT_QUERY_TIMEOUT, make_settings, running_client
from fastapi.testclient import TestClient

from coopgraph.errors import RefusedOperation
from coopgraph.sparql_text import check_public
from coopgraph.web.headers import ROW_CAP_HEADER, TRUNCATED_HEADER

P = "<http://example.org/p>"
MAX_NESTING = 200
CORPUS: dict[str, Callable[[int], str]] = {
    "parentheses": lambda n: "SELECT (" + "(" * n + "1" + ")" * n + " AS ?x) {}",
    "braces": lambda n: "SELECT * " + "{ " * n + "}" * n,
    "brackets": lambda n: "SELECT * { ?s ?p " + f"[ {P} " * n + "1" + " ]" * n + " }",
    "not": lambda n: "SELECT (" + "!" * n + "true AS ?x) {}",
    "unary-minus": lambda n: "SELECT (" + "-(" * n + "1" + ")" * n + " AS ?x) {}",
    "inverse": lambda n: "SELECT * { ?s " + "^(" * n + P + ")" * n + " ?o }",
    "quoted-subject": lambda n: (
        "SELECT * { " + "<< " * n + f"?s {P} ?o" + f" >> {P} ?o" * n + " . }"
    ),
    "quoted-object": lambda n: "SELECT * { ?s ?p " + f"<< ?s {P} " * n + "?o" + " >>" * n + " }",
    "triple-function": lambda n: (
        "SELECT (" + f"TRIPLE(?s, {P}, " * n + "1" + ")" * n + " AS ?x) {}"
    ),
    "not-exists": lambda n: "SELECT * { " + "FILTER NOT EXISTS { " * n + "}" * n + " }",
    "function-calls": lambda n: "SELECT (" + "STR(" * n + "1" + ")" * n + " AS ?x) {}",
    "or-chain": lambda n: "SELECT (" + "true || " * n + "true AS ?x) {}",
    "plus-chain": lambda n: "SELECT (" + "1 + " * n + "1 AS ?x) {}",
    "union-chain": lambda n: "SELECT * { " + "{} UNION " * n + "{} }",
    "optional-chain": lambda n: "SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * n + "}",
    "minus-chain": lambda n: "SELECT * { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * n + "}",
    "bind-chain": lambda n: "SELECT * { " + "".join(f"BIND(1 AS ?v{i}) " for i in range(n)) + "}",
    "filter-chain": lambda n: "SELECT * { ?s ?p ?o " + "FILTER(?o) " * n + "}",
    "path-sequence": lambda n: "SELECT * { ?s " + f"{P}/" * n + P + " ?o }",
    "path-alternative": lambda n: "SELECT * { ?s " + f"{P}|" * n + P + " ?o }",
    "sibling-groups": lambda n: "SELECT * { " + "{ ?s ?p ?o } " * n + "}",
    "triple-patterns": lambda n: "SELECT * { " + "?s ?p ?o . " * n + "}",
    "object-lists": lambda n: "SELECT * { ?s ?p " + ", ".join(["?o"] * n) + " }",
    "collection": lambda n: "SELECT * { ?s ?p (" + " 1" * n + " ) }",
    "projection": lambda n: "SELECT " + " ".join(f"(1 AS ?v{i})" for i in range(n)) + " {}",
}
"""Each kind of nesting pyoxigraph 0.5.13 recurses on; at 10,000 levels (within the 1 MiB
query cap) each of them crashed a worker with a stack overflow before it was counted."""
CRASH = "stopped the engine"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app with the default nesting limit and a short deadline."""
    settings = make_settings(max_nesting=MAX_NESTING, query_timeout=SHORT_QUERY_TIMEOUT)
    with running_client(settings) as started:
        yield started


def _deepest_allowed(write: Callable[[int], str]) -> int:
    """The most levels of one kind that check_public lets through (by bisection)."""
    allowed, refused = 1, 20_000
    while refused - allowed > 1:
        middle = (allowed + refused) // 2
        try:
            check_public(write(middle), MAX_NESTING)
            allowed = middle
        except RefusedOperation:
            refused = middle
    return allowed


@pytest.mark.parametrize("kind", CORPUS)
def test_deep_nesting_of_each_kind_is_refused_naming_the_depth(
    client: TestClient, kind: str
) -> None:
    query = CORPUS[kind](10_000)
    response = client.post("/sparql", content=query.encode(),
                           headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert response.status_code == 400, response.text[:300]
    assert f"deeper than {MAX_NESTING} levels" in response.text
    assert f"plus de {MAX_NESTING} niveaux" in response.text  # French too


@pytest.mark.parametrize("kind", CORPUS)
def test_the_deepest_allowed_nesting_never_crashes_a_worker(client: TestClient, kind: str) -> None:
    depth = _deepest_allowed(CORPUS[kind])
    response = client.post(
        "/sparql",
        content=CORPUS[kind](depth).encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert CRASH not in response.text
    # An answer, a refusal by the engine (not SPARQL it reads), or the deadline.
    assert response.status_code in (200, 400, 503), response.text[:300]
    assert client.get("/health").status_code == 200


INVALID = b"SELECT * { ?s ?p '\xff\xfe' }"


def test_invalid_utf8_by_get_is_a_400_naming_the_byte(client: TestClient) -> None:
    response = client.get("/sparql?query=SELECT%20*%20%7B%20%3Fs%20%3Fp%20%27%FF%27%20%7D")
    assert response.status_code == 400
    assert "not UTF-8" in response.text
    assert "n'est pas en UTF-8" in response.text
    assert "'query'" in response.text


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/sparql-query", INVALID),
        ("application/x-www-form-urlencoded", b"query=SELECT%20*%20%7B%7D%FF"),
        ("application/x-www-form-urlencoded", b"query=" + INVALID),
    ],
    ids=["raw-query", "percent-escaped-form", "raw-bytes-in-form"],
)
def test_invalid_utf8_by_post_is_a_400(client: TestClient, content_type: str, body: bytes) -> None:
    response = client.post("/sparql", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 400, response.text
    assert "UTF-8" in response.text
    assert "\ufffd" not in response.text


def test_an_answer_past_the_byte_cap_is_cut_with_the_row_caps_headers() -> None:
    """8 rows of 16 KB from a short query, under a 50 KB cap: the rows that fit, and the
    header that says the answer was cut (8 rows of 106 MB were once sent whole)."""
    huge = (
        'SELECT ?v { VALUES ?i { 1 2 3 4 5 6 7 8 } BIND("' + "x" * 1_000 + '" AS ?a) '
        "BIND(CONCAT(?a, ?a, ?a, ?a) AS ?b) BIND(CONCAT(STR(?i), ?b, ?b, ?b, ?b) AS ?v) }"
    )
    with running_client(make_settings(answer_bytes=50_000)) as client:
        cut = client.get("/sparql", params={"query": huge}, headers={"Accept": "text/csv"})
        small = client.get("/sparql", params={"query": "SELECT ?i { VALUES ?i { 1 2 } }"},
                           headers={"Accept": "text/csv"})  # fmt: skip
    assert cut.status_code == 200
    assert len(cut.content) <= 50_000
    assert len(cut.text.splitlines()) == 1 + 3
    assert cut.headers[TRUNCATED_HEADER] == "true"
    assert cut.headers[ROW_CAP_HEADER] == "10000"
    assert TRUNCATED_HEADER not in small.headers
