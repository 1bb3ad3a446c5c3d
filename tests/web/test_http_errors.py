"""Our errors as HTTP: one status per error class, a message as JSON or plain text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from coopgraph import errors
from coopgraph.web.http_errors import status_of


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
