"""Reading a request to a stored query: its parameter values, language, page and format."""

from __future__ import annotations

import pytest
from fastapi import Request

from coopgraph.errors import InputError
from coopgraph.web.api_requests import Options, given_values, read_options


def _request(query: str, accept_language: str = "") -> Request:
    headers = [(b"accept-language", accept_language.encode())] if accept_language else []
    return Request({"type": "http", "method": "GET", "path": "/api/q", "headers": headers,
                    "query_string": query.encode()})  # fmt: skip


def test_the_options_of_a_request() -> None:
    assert read_options(_request("lang=en&limit=5&offset=10&format=csv"), 1000) == Options(
        "en", 5, 10, "csv"
    )
    assert read_options(_request("", "en"), 20) == Options("en", 20, 0, None)
    assert read_options(_request(""), 1000) == Options("fr", 100, 0, None)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("lang=de", "parameter 'lang': 'de' is not one of fr, en"),
        ("limit=0", "parameter 'limit': '0' is not an integer between 1 and 50"),
        ("limit=%C2%B2", "parameter 'limit': '²' is not an integer between 1 and 50"),
        ("offset=-1", "parameter 'offset': '-1' is not an integer between 0 or more"),
    ],
    ids=["lang", "limit-zero", "limit-superscript", "offset"],
)
def test_a_bad_option_is_named(query: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        read_options(_request(query), 50)
    assert str(refused.value) == message


def test_the_given_values_leave_out_the_reserved_names() -> None:
    request = _request("action=http://ex/a&action=http://ex/b&lang=en&limit=3&depth=2")
    assert given_values(request) == {"action": ["http://ex/a", "http://ex/b"], "depth": ["2"]}
