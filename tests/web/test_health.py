"""GET /health answers at once while the service is up (503 with the progress while it starts:
tests/web/test_readiness.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from coopgraph.web.routes import health


def test_health_says_ok(client: TestClient) -> None:
    assert [route.path for route in health.router.routes] == ["/health"]  # type: ignore[attr-defined]
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_health_documents_its_503_while_starting() -> None:
    (route,) = health.router.routes
    example = route.responses[503]["content"]["application/json"]["example"]  # type: ignore[attr-defined]
    assert example["status"] == "loading"
    assert set(example["message"]) == {"fr", "en"}
