"""Fuzzing with hypothesis: parse, Graph Store PUT, validate and /sparql never answer 500,
with generators for nesting, entity documents and string doubling. Time-bounded."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.steward_content import content_root

from coopgraph.errors import CoopgraphError
from coopgraph.validation.uploads import Upload, read_submission
from reliability.hostile import deep_nesting, string_doubling

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MEDIA_TYPES = st.sampled_from(
    ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
     "application/trig", "application/n-quads"]
)  # fmt: skip
FRAGMENTS = st.sampled_from(
    ["<http://e/s>", "<http://e/p>", '"x"', "@prefix e: <http://e/> .", "e:a", ".", ";", "[",
     "]", "(", ")", "{", "}", "_:b", "<!DOCTYPE r [<!ENTITY a 'aaaa'>]>", "&a;", '{"@context":',
     '"@id"', "<rdf:RDF>", "\\u0000", "'''", "^^", "@en", "1e999"]
)  # fmt: skip
DOCUMENTS = st.one_of(
    st.binary(max_size=300),
    st.lists(FRAGMENTS, max_size=30).map(lambda parts: " ".join(parts).encode()),
    st.integers(1, 9).map(lambda n: b"<!DOCTYPE r [" + b"<!ENTITY e '&e;&e;'>" * n + b"]>"),
)
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["SELECT", "*", "WHERE", "{", "}", "?s", "?p", "?o", "(", ")",
                              "FILTER", "BIND", "AS", "CONCAT", "OPTIONAL", "UNION", "LIMIT",
                              "1", "SERVICE", "<http://e/>", "GRAPH", "'a'", "VALUES"]),
             max_size=40).map(" ".join),
    st.integers(150, 3000).map(deep_nesting),
    st.integers(1, 40).map(string_doubling),
)  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with the ontology and shapes; 2 s deadline, fair share out of the way."""
    project = content_root(tmp_path_factory.mktemp("fuzz") / "project")
    with running_client(
        make_settings(load_content=True, content_root=project, query_timeout=2.0,
                      fair_share_seconds=100_000, fair_share_heavy_seconds=100_000)
    ) as started:  # fmt: skip
        yield started


@FUZZ
@given(data=DOCUMENTS, media_type=MEDIA_TYPES)
def test_parsing_raises_only_our_errors(data: bytes, media_type: str) -> None:
    with contextlib.suppress(CoopgraphError):
        read_submission([Upload(data, media_type, "fuzz")], limit=100_000)


@FUZZ
@given(data=DOCUMENTS, media_type=MEDIA_TYPES)
def test_graph_store_put_never_answers_500(
    client: TestClient, data: bytes, media_type: str
) -> None:
    response = client.put("/graphs", params={"graph": "http://e/fuzz"}, content=data,
                          headers={"Content-Type": media_type,
                                   "Authorization": f"Bearer {ADMIN_TOKEN}"})  # fmt: skip
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text


@FUZZ
@given(data=DOCUMENTS, media_type=MEDIA_TYPES)
def test_validate_never_answers_500(client: TestClient, data: bytes, media_type: str) -> None:
    response = client.post("/validate", content=data, headers={"Content-Type": media_type})
    assert response.status_code < 500, response.text


@pytest.mark.slow
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(query=QUERIES)
def test_sparql_never_answers_500(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code < 500 or response.status_code == 503, response.text
    assert "Traceback" not in response.text
    assert client.get("/health").status_code == 200
