"""Reading SPARQL Protocol requests: parameters, bodies, charsets, update datasets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient

from coopgraph.errors import InputError, TooLarge, UnsupportedMediaType
from coopgraph.web.sparql_protocol import MAX_PARTS, read_rdf_documents

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
EX = "http://example.org/"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app on an empty store in memory."""
    with running_client(make_settings()) as started:
        yield started


def _ask(client: TestClient, query: str) -> bool:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    answer: bool = response.json()["boolean"]
    return answer


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("/sparql?update=CLEAR%20ALL", "POST"),
        ("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", "'query'"),
        ("/sparql?query=ASK%7B%7D&update=CLEAR%20ALL", "not both"),
        (f"/sparql?query=ASK%7B%7D&using-graph-uri={EX}g", "using-graph-uri"),
    ],
    ids=["update-by-get", "query-twice", "query-and-update", "using-on-a-query"],
)
def test_malformed_requests_are_400_naming_the_problem(
    client: TestClient, url: str, needle: str
) -> None:
    """Each protocol mistake gets 400 with a message that names it."""
    response = client.get(url)
    assert response.status_code == 400
    assert needle in response.text


def test_a_form_post_with_the_query_in_the_url_is_400(client: TestClient) -> None:
    """A form POST carries its query in the body only."""
    response = client.post("/sparql?query=ASK%7B%7D", data={"query": "ASK {}"})
    assert response.status_code == 400


def test_a_dataset_on_an_update_is_400(client: TestClient) -> None:
    """default-graph-uri belongs to queries; an update names its graphs with using-graph-uri."""
    response = client.post(
        f"/sparql?default-graph-uri={EX}g",
        content=b"CLEAR ALL",
        headers={"Content-Type": "application/sparql-update", **ADMIN},
    )
    assert response.status_code == 400
    assert "default-graph-uri" in response.text


def test_a_charset_other_than_utf8_is_415(client: TestClient) -> None:
    """A body declared UTF-16: 415 naming the charset."""
    response = client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert response.status_code == 415
    assert "UTF-16" in response.text


def test_a_body_that_is_not_utf8_is_400_with_the_byte(client: TestClient) -> None:
    """Undeclared bytes that are not UTF-8: 400 naming the offending byte's offset."""
    response = client.post(
        "/sparql", content=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400
    assert "byte 6" in response.text


def test_using_graph_uri_sets_the_dataset_of_an_update(client: TestClient) -> None:
    """using-graph-uri: the WHERE of the update reads that graph only."""
    setup = (
        f"INSERT DATA {{ GRAPH <{EX}g1> {{ <{EX}a> <{EX}p> 1 }} "
        f"GRAPH <{EX}g2> {{ <{EX}b> <{EX}p> 2 }} }}"
    )
    update = f"INSERT {{ GRAPH <{EX}copy> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}"
    headers = {"Content-Type": "application/sparql-update", **ADMIN}
    assert client.post("/sparql", content=setup.encode(), headers=headers).status_code == 204
    response = client.post(
        "/sparql", params={"using-graph-uri": f"{EX}g1"}, content=update.encode(), headers=headers
    )
    assert response.status_code == 204, response.text
    assert _ask(client, f"ASK {{ GRAPH <{EX}copy> {{ <{EX}a> ?p 1 }} }}")
    assert not _ask(client, f"ASK {{ GRAPH <{EX}copy> {{ <{EX}b> ?p 2 }} }}")


def test_relative_iris_resolve_against_the_endpoint(client: TestClient) -> None:
    """The base IRI of queries and updates is the endpoint URL."""
    update = f"INSERT DATA {{ GRAPH <{EX}base> {{ <{EX}s> <{EX}p> <relative> }} }}"
    headers = {"Content-Type": "application/sparql-update", **ADMIN}
    assert client.post("/sparql", content=update.encode(), headers=headers).status_code == 204
    endpoint = str(client.base_url) + "/sparql"
    expected = endpoint.rsplit("/", 1)[0] + "/relative"
    assert _ask(client, f"ASK {{ ?s ?p <{expected}> }}")
    assert _ask(client, "ASK { ?s ?p <relative> }")


def test_an_upload_is_one_document_or_the_parts_of_a_multipart_post() -> None:
    turtle = b"<http://ex/a> <http://ex/b> <http://ex/c> ."
    assert read_rdf_documents("text/turtle; charset=utf-8", turtle, multipart=False) == [
        (turtle, "text/turtle")
    ]
    boundary = "cut"
    body = (
        f"--{boundary}\r\nContent-Type: application/n-triples\r\n\r\n".encode() + turtle
        + f"\r\n--{boundary}\r\nContent-Type: text/turtle\r\n\r\n".encode() + turtle
        + f"\r\n--{boundary}--\r\n".encode()
    )  # fmt: skip
    parts = read_rdf_documents(f"multipart/form-data; boundary={boundary}", body, multipart=True)
    assert [media_type for _, media_type in parts] == ["application/n-triples", "text/turtle"]
    with pytest.raises(UnsupportedMediaType, match="accepted on POST only"):
        read_rdf_documents(f"multipart/form-data; boundary={boundary}", body, multipart=False)


@pytest.mark.parametrize(
    ("method", "where"),
    [("GET", "URL"), ("POST", "form")],
)
def test_a_percent_escaped_query_that_is_not_utf8_is_400_with_the_byte(
    client: TestClient, method: str, where: str
) -> None:
    """%FF in a query is refused naming the byte, never replaced with U+FFFD and run."""
    if method == "GET":
        response = client.get("/sparql?query=ASK%7B%7D%FF")
    else:
        response = client.post(
            "/sparql",
            content=b"query=ASK%7B%7D%FF",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert response.status_code == 400
    assert f"the parameter 'query' of the {where} is not UTF-8" in response.text
    assert "byte 5" in response.text


def test_a_multipart_body_past_the_part_limit_is_refused_before_it_is_decoded() -> None:
    part = b"--cut\r\nContent-Type: text/turtle\r\n\r\n\r\n"
    body = part * (MAX_PARTS + 1) + b"--cut--\r\n"
    with pytest.raises(TooLarge, match=f"the limit is {MAX_PARTS}"):
        read_rdf_documents("multipart/form-data; boundary=cut", body, multipart=True)
    with pytest.raises(InputError, match="names no boundary"):
        read_rdf_documents("multipart/form-data", body, multipart=True)
