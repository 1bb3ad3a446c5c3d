"""schemathesis against the OpenAPI document, calling live servers: no 500 on any operation.

Stateless: every operation, bounded examples each, on an empty store (a path parameter the
document forgets to declare is declared on the test's copy, so that operation is called too,
and the omission is a test of its own). Stateful: a steward's submissions chained to the
reads they make possible (submission status, versions, one version, diff) on a server with
the ontology, shapes and a sample geography; the links are declared here, on the test's copy
of the document, not in the routes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from conftest import LiveServer, StartServer, make_settings
from hypothesis import HealthCheck, settings
from schemathesis.core.transport import Response
from support.steward_content import LOOS, MAX_SUBMISSION_BYTES, content_root, steward_file

from coopgraph.access.keyring import Keyring
from coopgraph.web.app import create_app

pytestmark = pytest.mark.slow

OPENAPI = create_app(make_settings()).openapi()
_PATH_PARAMETER = re.compile(r"\{(\w+)")


def undeclared_path_parameters(document: dict[str, Any]) -> list[str]:
    """``METHOD /path {name}`` for each path template name no parameter of the operation
    declares (schemathesis cannot call such an operation)."""
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            found += [
                f"{method.upper()} {path} {{{name}}}"
                for name in _PATH_PARAMETER.findall(path)
                if name not in declared
            ]
    return found


def with_path_parameters(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document with every undeclared path parameter declared as a string, so
    the operation is still called."""
    complete = copy.deepcopy(document)
    for path, operations in complete["paths"].items():
        for operation in operations.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            operation.setdefault("parameters", []).extend(
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                for name in _PATH_PARAMETER.findall(path)
                if name not in declared
            )
    return complete


schema = schemathesis.openapi.from_dict(with_path_parameters(OPENAPI))


def _no_server_error(response: Response, label: str) -> None:
    """A 5xx other than the documented 503 (deadline, store busy), or a stack trace, fails."""
    assert response.status_code < 500 or response.status_code == 503, (
        f"{label}: {response.status_code} {response.content[:300]!r}"
    )
    body = response.content.decode("utf-8", errors="replace")  # workbooks and zips are binary
    assert "Traceback" not in body, f"{label}: {body[:300]}"


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_500(case: schemathesis.Case[Any], live_server: LiveServer) -> None:
    response = case.call(base_url=live_server.base_url, timeout=30)
    _no_server_error(response, f"{case.method} {case.formatted_path}")


def test_every_path_parameter_is_declared() -> None:
    assert undeclared_path_parameters(OPENAPI) == []


# The stateful run.
SUBMIT = ("/submissions", "post")
STATUS = ("/submissions/{submission}", "get")
VERSIONS = ("/territories/{territory}/versions", "get")
VERSION = ("/territories/{territory}/versions/{number}", "get")
DIFF = ("/territories/{territory}/diff", "get")
SUBMISSION = "$response.header.Location#regex:^/submissions/(.+)$"
"""The id of the submission a 201 names in its Location."""
TERRITORY = "$response.body#/territory#regex:/id/(.+)$"
"""The ``{kind}/{code}`` of the territory a submission's status names."""
FIRST = "$response.body#/versions/0/version"
STEWARD_FILES = ("loos-en-gohelle.ttl", "loos-en-gohelle-v2.ttl", "loos-en-gohelle-broken.ttl")
"""Two files that conform (publish, 201) and one that does not (422 and its report)."""


@dataclass(frozen=True)
class StewardSite:
    """A live server with content loaded, and the Authorization header of Loos's steward."""

    server: LiveServer
    authorization: str


@pytest.fixture(scope="module")
def steward_site(
    start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StewardSite]:
    """A real ``coopgraph serve`` with the ontology, shapes and sample geography, and a token
    for the steward of Loos-en-Gohelle written to its keyring."""
    project = content_root(tmp_path_factory.mktemp("openapi-project"))
    with start_server(
        COOPGRAPH_LOAD_CONTENT="true",
        COOPGRAPH_CONTENT_ROOT=str(project),
        COOPGRAPH_MAX_VALIDATION_BYTES=str(MAX_SUBMISSION_BYTES),
    ) as server:
        secret = Keyring(server.store / "private").create("alice", [LOOS], admin=False)
        yield StewardSite(server, f"Bearer {secret}")


def _operation(document: dict[str, Any], where: tuple[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][where[0]][where[1]]
    return found


def _link(document: dict[str, Any], target: tuple[str, str], **parameters: str) -> dict[str, Any]:
    return {"operationId": _operation(document, target)["operationId"], "parameters": parameters}


def _add_links(
    document: dict[str, Any], source: tuple[str, str], status: str, **links: dict[str, Any]
) -> None:
    response = _operation(document, source)["responses"].setdefault(status, {"description": ""})
    response.setdefault("links", {}).update(links)


def workflow_document(openapi: dict[str, Any], authorization: str) -> dict[str, Any]:
    """The server's document, narrowed to the submission workflow, with its links declared:
    submit -> status -> versions -> one version, and diff; the submission's body is one of
    the steward's files, its territory and token those of the steward."""
    document = copy.deepcopy(openapi)
    document["paths"] = {
        path: {method: operations[method]}
        for path, operations in document["paths"].items()
        for method in operations
        if (path, method) in (SUBMIT, STATUS, VERSIONS, VERSION, DIFF)
    }
    files = [steward_file(name).decode("utf-8") for name in STEWARD_FILES]
    submit = _operation(document, SUBMIT)
    submit["requestBody"] = {
        "required": True,
        "content": {"text/turtle": {"schema": {"type": "string", "enum": files}}},
    }
    for parameter in submit["parameters"]:
        if parameter["name"] == "territory":
            parameter["schema"] = {"type": "string", "enum": [LOOS, "commune/62528"]}
            parameter["required"] = True
        if parameter["name"] == "authorization":
            parameter["schema"] = {"type": "string", "enum": [authorization]}
            parameter["required"] = True
    _add_links(document, SUBMIT, "201",
               ReadStatus=_link(document, STATUS, **{"path.submission": SUBMISSION}))  # fmt: skip
    _add_links(
        document, STATUS, "200",
        ListVersions=_link(document, VERSIONS, **{"path.territory": TERRITORY}),
        ReadVersion=_link(document, VERSION, **{"path.territory": TERRITORY,
                                                "path.number": "$response.body#/version"}),
        Diff=_link(document, DIFF, **{"path.territory": TERRITORY,
                                      "query.to": "$response.body#/version"}),
    )  # fmt: skip
    _add_links(
        document, VERSIONS, "200",
        ReadFirst=_link(document, VERSION, **{"path.territory": "$request.path.territory",
                                              "path.number": FIRST}),
        DiffFromFirst=_link(document, DIFF, **{"path.territory": "$request.path.territory",
                                               "query.from": FIRST}),
    )  # fmt: skip
    return document


@dataclass
class Seen:
    """What the stateful run met, for the assertions after it."""

    statuses: dict[str, list[int]]
    published: set[str]


def test_stateful_submit_then_read_never_answers_500(steward_site: StewardSite) -> None:
    openapi = httpx.get(f"{steward_site.server.base_url}/openapi.json", timeout=30).json()
    workflow = schemathesis.openapi.from_dict(
        workflow_document(openapi, steward_site.authorization)
    )
    seen = Seen({}, set())
    base_url = steward_site.server.base_url

    class Workflow(workflow.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
            return {"base_url": base_url, "timeout": 60}

        def validate_response(
            self, response: Response, case: schemathesis.Case[Any], *args: Any, **kwargs: Any
        ) -> None:
            label = f"{case.method} {case.formatted_path} {case.query}"
            seen.statuses.setdefault(case.operation.path, []).append(response.status_code)
            _no_server_error(response, label)
            if case.operation.path == SUBMIT[0] and response.status_code == 201:
                location = response.headers["location"][0]
                seen.published.add(re.sub("^/submissions/", "", location))
            if case.operation.path == STATUS[0] and case.path_parameters["submission"] in (
                seen.published
            ):
                assert response.status_code == 200, f"{label}: published, yet {response.text}"

    Workflow.run(
        settings=settings(
            max_examples=25,
            stateful_step_count=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    # The run went past the submission: published, then read by the links.
    assert seen.published
    for path in (STATUS[0], VERSIONS[0], VERSION[0], DIFF[0]):
        assert 200 in seen.statuses.get(path, []), (path, seen.statuses)
