"""A live server for the steward journeys: the real ontology and shapes, a sample geography."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import LiveServer, StartServer
from support.steward_content import MAX_SUBMISSION_BYTES, content_root


@pytest.fixture(scope="session")
def steward_server(
    start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A real ``coopgraph serve`` that loaded the ontology, shapes and sample geography."""
    project = content_root(tmp_path_factory.mktemp("steward-project"))
    with start_server(
        COOPGRAPH_LOAD_CONTENT="true",
        COOPGRAPH_CONTENT_ROOT=str(project),
        COOPGRAPH_MAX_VALIDATION_BYTES=str(MAX_SUBMISSION_BYTES),
    ) as server:
        yield server
