"""schemathesis against the OpenAPI document, calling a live server: no 500 on any operation.
Bounded examples per operation."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from conftest import LiveServer, make_settings
from hypothesis import HealthCheck, settings

from coopgraph.web.app import create_app

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_dict(create_app(make_settings()).openapi())


@pytest.mark.xfail(
    reason="found 2026-11-25, not yet fixed: GET /def, /def/^, /def.^, /id/^, /ref/^, /shapes/^ "
    "answer 500 on a store without content (routes/resources.py)",
    strict=False,
)
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_500(case: schemathesis.Case[Any], live_server: LiveServer) -> None:
    response = case.call(base_url=live_server.base_url, timeout=30)
    assert response.status_code < 500 or response.status_code == 503, (
        f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
    )
    assert "Traceback" not in response.text
