"""GET /health answers at once while the service is up."""

from __future__ import annotations

from fastapi.testclient import TestClient

from coopgraph.web.routes import health


def test_health_says_ok(client: TestClient) -> None:
    assert [route.path for route in health.router.routes] == ["/health"]  # type: ignore[attr-defined]
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
