"""Our errors as HTTP: one status per error class, a message as JSON or plain text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient
from httpx2 import Response

from coopgraph import errors
from coopgraph.web.http_errors import status_of

COMMUNE = "https://w3id.org/coopgraph/id/commune/62528"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (errors.QuerySyntaxError("x"), 400),
        (errors.RefusedOperation("x"), 400),
        (errors.QueryFailed("x"), 400),
        (errors.NotFound("x"), 404),
        (errors.NotAcceptable("x"), 406),
        (errors.TooLarge("x"), 413),
        (errors.UnsupportedMediaType("x"), 415),
        (errors.Unauthorized("x"), 401),
        (errors.Forbidden("x"), 403),
        (errors.QueryTimeout("x"), 503),
        (errors.StoreError("x"), 503),
        (errors.CoopgraphError("x"), 500),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_each_error_has_its_status(error: errors.CoopgraphError, status: int) -> None:
    """The most specific class decides the status."""
    assert status_of(error) == status


def test_json_clients_get_json_and_others_text(client: TestClient) -> None:
    """Accept application/json: a JSON problem; otherwise the message as plain text."""
    as_json = client.get("/graphs", headers={"Accept": "application/json"})
    assert as_json.status_code == 400
    assert as_json.json()["status"] == 400
    assert "?graph=" in as_json.json()["detail"]
    as_text = client.get("/graphs")
    assert as_text.headers["content-type"].startswith("text/plain")
    assert "?graph=" in as_text.text


def test_401_says_how_to_authenticate(client: TestClient) -> None:
    """A refused write names the Bearer scheme in WWW-Authenticate."""
    response = client.delete("/graphs", params={"graph": "http://example.org/g"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_the_status_is_titled_in_french_and_english(client: TestClient) -> None:
    """The detail names the problem; the title before it says the status in both languages."""
    as_text = client.get("/graphs")
    assert as_text.text.startswith("Requête invalide / Bad request: ")
    as_json = client.get("/graphs", headers={"Accept": "application/json"})
    assert as_json.json()["title"] == "Requête invalide / Bad request"
    refused = client.delete("/graphs", params={"graph": "http://example.org/g"})
    assert refused.text.startswith("Authentification requise / Authentication required: ")


MISSING_DOT = b"""@prefix ex: <http://example.org/> .
ex:a ex:p ex:b
ex:c ex:p ex:d .
"""
"""Turtle whose first statement lacks its '.': the parser notices on line 3, the fault is on 2."""


@pytest.fixture(scope="module")
def steward_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with a private folder, so that /submissions is open to the settings admin."""
    private = tmp_path_factory.mktemp("http-errors") / "private"
    with running_client(make_settings(private_folder=private)) as started:
        yield started


def _send(client: TestClient, path: str, params: dict[str, str], **headers: str) -> Response:
    """POST the Turtle missing a '.' to ``path`` (as the settings admin, for /submissions)."""
    if path == "/submissions":
        params = {"territory": COMMUNE, **params}
        headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
    headers["Content-Type"] = "text/turtle"
    return client.post(path, params=params, content=MISSING_DOT, headers=headers)


@pytest.mark.parametrize("path", ["/validate", "/submissions"])
@pytest.mark.parametrize(
    ("params", "headers"),
    [({"format": "json", "lang": "fr"}, {}),
     ({}, {"Accept": "application/json", "Accept-Language": "fr-FR,fr;q=0.9"})],
    ids=["format-and-lang", "accept-headers"],
)  # fmt: skip
def test_a_parse_error_is_json_in_french_when_asked(
    steward_client: TestClient, path: str, params: dict[str, str], headers: dict[str, str]
) -> None:
    """The 400 is a JSON problem with the line and column of the fault, in French."""
    response = _send(steward_client, path, params, **headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-language"] == "fr"
    problem = response.json()
    assert (problem["line"], problem["column"], problem["noticed_line"]) == (2, 15, 3)
    assert problem["excerpt"] == "ex:a ex:p ex:b"
    assert problem["message"].startswith("il manque probablement un « . » à la fin de cette")
    assert problem["detail"].startswith("body, ligne 2, colonne 15 : il manque")
    assert problem["detail"].count("ligne 2") == 1
    assert "« ex:a ex:p ex:b »" in problem["detail"]


def test_a_parse_error_in_english_as_text(steward_client: TestClient) -> None:
    """?format=text wins over an Accept naming JSON; Accept-Language en gives English."""
    response = _send(
        steward_client, "/validate", {"format": "text"},
        Accept="application/json", **{"Accept-Language": "en"},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == (
        "Requête invalide / Bad request: body, line 2, column 15: a '.' is probably missing at "
        "the end of this line: the parser noticed at line 3, where a new statement starts: "
        "“ex:a ex:p ex:b”\n"
    )


def test_a_parse_error_in_both_languages_when_none_is_asked(steward_client: TestClient) -> None:
    """Neither ?lang= nor Accept-Language: French, then English, each placing the fault once."""
    response = _send(steward_client, "/validate", {})
    assert response.status_code == 400
    assert "Content-Language" not in response.headers
    french, english = response.text.split(" / body, ")
    assert french.count("ligne 2") == 1
    assert english.startswith("line 2, column 15: a '.' is probably missing")


def test_an_error_without_french_words_claims_no_language(client: TestClient) -> None:
    """Only syntax errors are worded in both languages: others say no Content-Language."""
    response = client.get("/graphs", params={"lang": "fr", "format": "json"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert "Content-Language" not in response.headers
    assert "line" not in response.json()
