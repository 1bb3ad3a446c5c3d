"""coopgraph never fetches what a request names: SERVICE, LOAD, FROM, JSON-LD contexts and
@import, owl:imports, RDF/XML external entities all point at the canary, which must see
nothing (checked after each test and at the end of the session, in conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient
from support.steward_content import content_root
from typer.testing import CliRunner

from coopgraph.cli.main import app as cli
from reliability.conftest import Canary

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
QUERY = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
UPDATE = {"Content-Type": "application/sparql-update", **ADMIN}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on a store in memory, with the ontology and shapes for /validate."""
    project = content_root(tmp_path_factory.mktemp("outside") / "project")
    with running_client(make_settings(load_content=True, content_root=project)) as started:
        yield started


def rdf_documents(canary: Canary) -> dict[str, tuple[bytes, str]]:
    """RDF documents that would make a careless parser fetch from the canary."""
    context = canary.url("context.jsonld")
    return {
        "json-ld remote @context": (
            f'{{"@context": "{context}", "@id": "http://e/s", "name": "x"}}'.encode(),
            "application/ld+json",
        ),
        "json-ld @context list": (
            f'{{"@context": ["{context}"], "@id": "http://e/s", "name": "x"}}'.encode(),
            "application/ld+json",
        ),
        "json-ld @import": (
            f'{{"@context": {{"@import": "{context}"}}, "@id": "http://e/s"}}'.encode(),
            "application/ld+json",
        ),
        "rdf/xml external entity": (
            f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{canary.url("e")}">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:e="http://e/"><rdf:Description rdf:about="http://e/s"><e:p>&x;</e:p>'
            "</rdf:Description></rdf:RDF>".encode(),
            "application/rdf+xml",
        ),
        "owl:imports": (
            f"<http://e/o> a <http://www.w3.org/2002/07/owl#Ontology> ; "
            f"<http://www.w3.org/2002/07/owl#imports> <{canary.url('o.ttl')}> .".encode(),
            "text/turtle",
        ),
    }


def test_service_is_refused(client: TestClient, canary: Canary) -> None:
    text = f"SELECT * WHERE {{ SERVICE <{canary.url('sparql')}> {{ ?s ?p ?o }} }}"
    response = client.post("/sparql", content=text.encode(), headers=QUERY)
    assert response.status_code == 400
    assert "SERVICE" in response.text


def test_load_is_refused_even_for_the_admin(client: TestClient, canary: Canary) -> None:
    text = f"LOAD <{canary.url('data.ttl')}> INTO GRAPH <http://e/g>"
    response = client.post("/sparql", content=text.encode(), headers=UPDATE)
    assert response.status_code == 400


def test_from_and_dataset_graphs_are_never_fetched(client: TestClient, canary: Canary) -> None:
    text = f"SELECT * FROM <{canary.url('from.ttl')}> WHERE {{ ?s ?p ?o }}"
    assert client.post("/sparql", content=text.encode(), headers=QUERY).status_code == 200
    response = client.get(
        "/sparql",
        params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": canary.url("dataset.ttl")},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name",
    ["json-ld remote @context", "json-ld @context list", "json-ld @import",
     "rdf/xml external entity", "owl:imports"],
)  # fmt: skip
def test_uploads_never_fetch(client: TestClient, canary: Canary, name: str) -> None:
    data, media_type = rdf_documents(canary)[name]
    put = client.put("/graphs", params={"graph": "http://e/g"}, content=data,
                     headers={"Content-Type": media_type, **ADMIN})  # fmt: skip
    validated = client.post("/validate", content=data, headers={"Content-Type": media_type})
    assert put.status_code in (201, 204, 400)
    assert validated.status_code in (200, 400)
    assert "Traceback" not in put.text + validated.text


@pytest.mark.parametrize("command", ["load", "validate"])
def test_the_command_line_never_fetches(tmp_path: Path, canary: Canary, command: str) -> None:
    for number, (data, media_type) in enumerate(rdf_documents(canary).values()):
        suffix = {"application/ld+json": ".jsonld", "application/rdf+xml": ".rdf"}
        path = tmp_path / f"document-{number}{suffix.get(media_type, '.ttl')}"
        path.write_bytes(data)
        result = CliRunner().invoke(cli, [command, str(path), "--store", "memory"])
        assert "Traceback" not in result.output
