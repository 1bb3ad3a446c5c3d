"""The Graph Store HTTP Protocol at /graphs: statuses, refusals, and nothing written on error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient

GRAPH = "http://example.org/graphs-tests/g"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
TURTLE = {"Content-Type": "text/turtle", **ADMIN}
ONE_TRIPLE = b"<http://example.org/s> <http://example.org/p> 1 ."
UPLOAD_LIMIT = 2000


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app with a small upload cap and one graph of one triple."""
    with running_client(make_settings(max_upload_bytes=UPLOAD_LIMIT)) as started:
        response = started.put(
            "/graphs", params={"graph": GRAPH}, content=ONE_TRIPLE, headers=TURTLE
        )
        assert response.status_code in (201, 204), response.text
        yield started


def _graph_text(client: TestClient) -> str:
    response = client.get(
        "/graphs", params={"graph": GRAPH}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200, response.text
    return response.text


def test_an_unknown_graph_is_404(client: TestClient) -> None:
    """GET and HEAD of a graph the store does not hold: 404 naming it."""
    unknown = "http://example.org/graphs-tests/none"
    response = client.get("/graphs", params={"graph": unknown})
    assert response.status_code == 404
    assert unknown in response.text
    assert client.head("/graphs/no/such/graph").status_code == 404


def test_head_has_the_headers_of_get_and_no_body(client: TestClient) -> None:
    """HEAD answers the type and length GET would, without the body."""
    get = client.get("/graphs", params={"graph": GRAPH}, headers={"Accept": "text/turtle"})
    head = client.head("/graphs", params={"graph": GRAPH}, headers={"Accept": "text/turtle"})
    assert head.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == str(len(get.content))
    assert head.content == b""


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdDp0ZXN0"}],
    ids=["no-token", "wrong-token", "basic"],
)
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_without_the_admin_token_are_refused(
    client: TestClient, method: str, headers: dict[str, str]
) -> None:
    """PUT, POST and DELETE without the admin token: 401 or 403, the graph unchanged."""
    before = _graph_text(client)
    response = client.request(
        method,
        "/graphs",
        params={"graph": GRAPH},
        content=b"<http://example.org/x> <http://example.org/y> 2 .",
        headers={"Content-Type": "text/turtle", **headers},
    )
    assert response.status_code in (401, 403)
    assert response.headers.get("www-authenticate", "").startswith("Bearer")
    assert _graph_text(client) == before


def test_malformed_rdf_is_400_with_its_position_and_writes_nothing(client: TestClient) -> None:
    """A PUT of broken Turtle: 400 with line and column; the old graph stays."""
    before = _graph_text(client)
    response = client.put(
        "/graphs", params={"graph": GRAPH}, content=b"<http://example.org/s> <p", headers=TURTLE
    )
    assert response.status_code == 400
    assert "line 1" in response.text
    assert _graph_text(client) == before


def test_an_upload_over_the_cap_is_413_and_writes_nothing(client: TestClient) -> None:
    """An upload past max_upload_bytes: 413 naming the limit, nothing written."""
    before = _graph_text(client)
    big = b"".join(b"<http://example.org/s> <http://example.org/p> %d .\n" % i for i in range(200))
    assert len(big) > UPLOAD_LIMIT
    response = client.put("/graphs", params={"graph": GRAPH}, content=big, headers=TURTLE)
    assert response.status_code == 413
    assert str(UPLOAD_LIMIT) in response.text
    assert _graph_text(client) == before


def test_an_unknown_body_type_is_415(client: TestClient) -> None:
    """A body type that is not RDF: 415 naming it and listing what is read."""
    response = client.put(
        "/graphs",
        params={"graph": GRAPH},
        content=b"a,b",
        headers={"Content-Type": "text/csv", **ADMIN},
    )
    assert response.status_code == 415
    assert "text/csv" in response.text
    assert "text/turtle" in response.text


def test_an_accept_that_is_not_rdf_is_406(client: TestClient) -> None:
    """GET with an Accept naming no RDF type: 406."""
    response = client.get("/graphs", params={"graph": GRAPH}, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_graph_and_default_together_are_400(client: TestClient) -> None:
    """?graph= and ?default name two graphs: refused."""
    response = client.get(f"/graphs?default&graph={GRAPH}")
    assert response.status_code == 400


def _multipart(*parts: bytes) -> tuple[bytes, dict[str, str]]:
    boundary = "coopgraph-test-boundary"
    body = b"".join(
        b'--%s\r\nContent-Disposition: form-data; name="f%d"; filename="f%d.ttl"\r\n'
        b"Content-Type: text/turtle\r\n\r\n%s\r\n" % (boundary.encode(), i, i, part)
        for i, part in enumerate(parts)
    )
    body += b"--%s--\r\n" % boundary.encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}", **ADMIN}


def test_a_multipart_post_merges_every_part(client: TestClient) -> None:
    """POST multipart/form-data: each part's triples are added to the graph."""
    graph = "http://example.org/graphs-tests/multipart"
    body, headers = _multipart(
        b"<http://example.org/a> <http://example.org/p> 1 .",
        b"<http://example.org/b> <http://example.org/p> 2 .",
    )
    response = client.post("/graphs", params={"graph": graph}, content=body, headers=headers)
    assert response.status_code in (200, 201, 204), response.text
    text = client.get(
        "/graphs", params={"graph": graph}, headers={"Accept": "application/n-triples"}
    ).text
    assert "<http://example.org/a>" in text
    assert "<http://example.org/b>" in text


def test_a_multipart_post_with_a_broken_part_writes_nothing(client: TestClient) -> None:
    """One part that does not parse: 400, and the parts before it are not written either."""
    before = _graph_text(client)
    body, headers = _multipart(b"<http://example.org/new> <http://example.org/p> 1 .", b"<broken")
    response = client.post("/graphs", params={"graph": GRAPH}, content=body, headers=headers)
    assert response.status_code == 400
    assert _graph_text(client) == before


def test_put_refuses_multipart(client: TestClient) -> None:
    """PUT replaces a graph with one document: multipart is refused with 415."""
    body, headers = _multipart(b"<http://example.org/a> <http://example.org/p> 1 .")
    response = client.put("/graphs", params={"graph": GRAPH}, content=body, headers=headers)
    assert response.status_code == 415
    assert "POST" in response.text


def test_post_to_the_store_creates_a_graph_at_its_location(client: TestClient) -> None:
    """POST to /graphs itself: 201 and a Location that GET then reads."""
    response = client.post("/graphs", content=ONE_TRIPLE, headers=TURTLE)
    assert response.status_code == 201
    location = response.headers["location"]
    assert client.get("/graphs", params={"graph": location}).status_code == 200


def test_delete_removes_the_graph_then_404(client: TestClient) -> None:
    """DELETE: 204, then GET and DELETE again are 404."""
    graph = "http://example.org/graphs-tests/deleted"
    client.put("/graphs", params={"graph": graph}, content=ONE_TRIPLE, headers=TURTLE)
    assert client.delete("/graphs", params={"graph": graph}, headers=ADMIN).status_code == 204
    assert client.get("/graphs", params={"graph": graph}).status_code == 404
    assert client.delete("/graphs", params={"graph": graph}, headers=ADMIN).status_code == 404
