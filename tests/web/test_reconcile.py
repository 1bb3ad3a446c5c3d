"""/reconcile through the real app: a recorded OpenRefine exchange, the 1.0 draft, refusals."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN_TOKEN, make_settings, running_client
from fastapi.testclient import TestClient
from support.finding_content import make_finding_root
from support.reconciliation_shapes import FOLDER, problems

from coopgraph import iris
from coopgraph.web.routes import reconcile

CG = iris.TERM_BASE
ID = iris.IDENTIFIER_BASE
EXCHANGE = json.loads((FOLDER / "openrefine-3.8-exchange.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app with the ontology, the seed data and a few namesakes of the geography."""
    content: Path = make_finding_root(tmp_path_factory.mktemp("content"))
    with running_client(make_settings(load_content=True, content_root=content)) as client:
        yield client


def _send(web: TestClient, request: dict[str, Any]) -> Any:
    return web.request(
        request["method"],
        request["path"],
        headers=request["headers"],
        content=request.get("body", "").encode("ascii") or None,
    )


@pytest.mark.parametrize("step", EXCHANGE["exchanges"], ids=lambda step: step["name"])
def test_a_recorded_openrefine_exchange_is_answered(web: TestClient, step: dict[str, Any]) -> None:
    response = _send(web, step["request"])
    expect = step["expect"]
    assert response.status_code == expect["status"], response.text
    if "shape" in expect:
        version, kind = expect["shape"]
        assert problems(version, kind, response.json()) == []
    for key, expected in expect.get("first", {}).items():
        assert response.json()[key]["result"][0]["id"] == iris.CANONICAL_BASE + expected, key
    for key in expect.get("matched", []):
        assert response.json()[key]["result"][0]["match"] is True, key
    for text in expect.get("contains", []):
        assert text in response.text
    if "includes" in expect:
        assert expect["includes"] in [item["id"] for item in response.json()["result"]]


def test_the_manifest_names_this_deployment(web: TestClient) -> None:
    document = web.get("/reconcile").json()
    assert document["suggest"]["type"]["service_url"] == "http://testserver/reconcile"
    assert document["view"]["url"] == "http://testserver/reconcile/view?id={{id}}"
    draft = web.get("/reconcile", params={"version": "1.0-draft"}).json()
    assert problems("1.0-draft", "manifest", draft) == []


def test_queries_may_come_by_get_as_0_2_allows(web: TestClient) -> None:
    batch = {"q0": {"query": "Lens", "type": CG + "Commune", "limit": 3}}
    answer = web.get("/reconcile", params={"queries": json.dumps(batch)}).json()
    assert answer["q0"]["result"][0]["id"] == ID + "commune/62498"
    single = web.get("/reconcile", params={"query": "grande synthe"}).json()
    assert single["result"][0]["id"] == ID + "commune/59271"


def test_the_drafts_json_batch_is_answered_in_order(web: TestClient) -> None:
    body = {
        "queries": [
            {
                "type": CG + "Commune",
                "conditions": [{"matchType": "name", "propertyValue": "Lens"}],
            },
            {
                "conditions": [
                    {"matchType": "property", "propertyId": "inseeCode", "propertyValue": "22046"}
                ]
            },
        ]
    }
    response = web.post("/reconcile", json=body)
    assert response.status_code == 200, response.text
    assert problems("1.0-draft", "reconciliation-result-batch", response.json()) == []
    first, second = (r["candidates"][0]["id"] for r in response.json()["results"])
    assert (first, second) == (ID + "commune/62498", ID + "commune/22046")


def test_a_postal_code_reconciles_alone_or_tells_namesakes_apart(web: TestClient) -> None:
    postal = CG + "postalCode"
    batch = {
        "q0": {"query": "", "properties": [{"pid": "postalCode", "v": "62750"}]},
        "q1": {"query": "62300", "type": CG + "Commune"},
        "q2": {"query": "Lens", "properties": [{"pid": postal, "v": 62300}]},
        "q3": {"query": "Lens", "properties": [{"pid": postal, "v": "26210"}]},
    }
    answer = web.post("/reconcile", data={"queries": json.dumps(batch)}).json()
    assert problems("0.2", "reconciliation-result-batch", answer) == []
    loos = answer["q0"]["result"]
    assert [(c["id"], c["match"]) for c in loos] == [(ID + "commune/62528", True)]
    assert [c["name"] for c in answer["q1"]["result"]] == ["Lens", "Éleu-dit-Leauwette"]
    assert answer["q2"]["result"][0]["id"] == ID + "commune/62498"
    assert answer["q2"]["result"][0]["match"] is True
    assert answer["q3"]["result"][0]["id"] == ID + "commune/26162"  # Lens-Lestang, Drôme


def test_the_draft_takes_a_postal_code_as_a_property(web: TestClient) -> None:
    condition = {"matchType": "property", "propertyId": "postalCode", "propertyValue": "62750"}
    body = {"queries": [{"conditions": [condition]}]}
    response = web.post("/reconcile", json=body)
    assert response.status_code == 200, response.text
    (candidate,) = response.json()["results"][0]["candidates"]
    assert (candidate["id"], candidate["match"]) == (ID + "commune/62528", True)


def test_the_postal_code_property_is_suggested_and_previewed(web: TestClient) -> None:
    suggested = web.get("/reconcile/suggest/property", params={"prefix": "postal", "lang": "en"})
    assert CG + "postalCode" in [item["id"] for item in suggested.json()["result"]]
    preview = web.get("/reconcile/preview", params={"id": ID + "commune/62528", "lang": "fr"})
    assert "<p>code postal 62750</p>" in preview.text


def test_a_siren_reconciles_alone_or_tells_namesakes_apart(web: TestClient) -> None:
    siren = CG + "sirenCode"
    batch = {
        "q0": {"query": "", "properties": [{"pid": "sirenCode", "v": "216205286"}]},
        "q1": {"query": "216204982", "type": CG + "Commune"},
        "q2": {"query": "Lens", "properties": [{"pid": siren, "v": "216204982"}]},
        "q3": {"query": "Lens", "properties": [{"pid": siren, "v": 212601629}]},
    }
    answer = web.post("/reconcile", data={"queries": json.dumps(batch)}).json()
    assert problems("0.2", "reconciliation-result-batch", answer) == []
    loos = answer["q0"]["result"]
    assert [(c["id"], c["match"]) for c in loos] == [(ID + "commune/62528", True)]
    assert [c["name"] for c in answer["q1"]["result"]] == ["Lens"]
    assert answer["q1"]["result"][0]["match"] is True
    assert answer["q2"]["result"][0]["id"] == ID + "commune/62498"
    assert answer["q2"]["result"][0]["match"] is True
    lestang = answer["q3"]["result"]
    assert lestang[0]["id"] == ID + "commune/26162"  # Lens-Lestang, Drôme
    assert not any(c["match"] for c in lestang[1:])


def test_the_draft_takes_a_siren_as_a_property(web: TestClient) -> None:
    condition = {"matchType": "property", "propertyId": "sirenCode", "propertyValue": "200054294"}
    body = {"queries": [{"conditions": [condition]}]}
    response = web.post("/reconcile", json=body)
    assert response.status_code == 200, response.text
    (candidate,) = response.json()["results"][0]["candidates"]
    assert (candidate["id"], candidate["match"]) == (ID + "commune/22046", True)  # Le Mené


def test_the_preview_names_the_insee_code_and_the_siren(web: TestClient) -> None:
    lens = ID + "commune/62498"
    french = web.get("/reconcile/preview", params={"id": lens, "lang": "fr"})
    assert "<p>code Insee 62498 · SIREN 216204982</p>" in french.text
    english = web.get("/reconcile/preview", params={"id": lens, "lang": "en"})
    assert "<p>INSEE code 62498 · SIREN 216204982</p>" in english.text


def test_a_name_with_its_departement_in_parentheses(web: TestClient) -> None:
    batch = {"q0": {"query": "Lens (Drôme)", "type": CG + "Commune"}}
    answer = web.post("/reconcile", data={"queries": json.dumps(batch)}).json()
    assert answer["q0"]["result"][0]["id"] == ID + "commune/26162"


def test_actors_actions_and_concepts_are_reconciled_by_label(web: TestClient) -> None:
    batch = {
        "q0": {"query": "Collectif territorial de Grande-Synthe", "type": CG + "Actor"},
        "q1": {
            "query": "Hypothèse systémique",
            "type": "http://www.w3.org/2004/02/skos/core#Concept",
        },
        "q2": {"query": "acteur", "type": "http://www.w3.org/2002/07/owl#Class"},
    }
    answer = web.post("/reconcile", data={"queries": json.dumps(batch)}).json()
    assert answer["q0"]["result"][0]["id"] == ID + "collective/grande-synthe"
    assert answer["q1"]["result"][0]["id"].startswith(iris.CONCEPT_BASE)
    assert answer["q2"]["result"][0]["id"] == CG + "Actor"


@pytest.mark.parametrize(
    ("send", "status", "words"),
    [
        (lambda w: w.post("/reconcile", data={"queries": "{"}), 400, ("JSON valide", "valid JSON")),
        (
            lambda w: w.post("/reconcile", data={"other": "x"}),
            400,
            ("« queries » manque", "'queries' is missing"),
        ),
        (
            lambda w: w.post(
                "/reconcile", content=b"[]", headers={"Content-Type": "application/json"}
            ),
            400,
            ('{"queries"', "must be a JSON object"),
        ),
        (
            lambda w: w.post("/reconcile", data={"queries": '{"q0": {"query": "a", "limit": -1}}'}),
            400,
            ("q0.limit :", "q0.limit:"),
        ),
        (
            lambda w: w.get("/reconcile", params={"version": "9"}),
            400,
            ("version « 9 »", "version '9'"),
        ),
        (lambda w: w.get("/reconcile/suggest/colour"), 404, ("« colour »", "'colour'")),
        (
            lambda w: w.get("/reconcile/suggest/entity", params={"prefix": "a", "cursor": "x"}),
            400,
            ("« cursor »", "'cursor'"),
        ),
        (lambda w: w.get("/reconcile/preview"), 400, ("« id » manque", "'id' is missing")),
        (
            lambda w: w.get("/reconcile/preview", params={"id": "https://example.org/x"}),
            404,
            ("ne connaît pas", "does not know"),
        ),
        (
            lambda w: w.get("/reconcile/view", params={"id": "https://evil.example/"}),
            404,
            ("ne connaît pas", "does not know"),
        ),
    ],
    ids=[
        "bad-json",
        "no-queries",
        "draft-not-object",
        "bad-limit",
        "bad-version",
        "bad-kind",
        "bad-cursor",
        "no-id",
        "unknown-id",
        "no-open-redirect",
    ],
)
def test_bad_input_is_a_clear_4xx_in_both_languages(
    web: TestClient, send: Any, status: int, words: tuple[str, str]
) -> None:
    response = send(web)
    assert response.status_code == status, response.text
    for word in words:
        assert word in response.text


def test_view_sends_to_the_page(web: TestClient) -> None:
    response = web.get(
        "/reconcile/view", params={"id": ID + "commune/62498"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/id/commune/62498"


def test_the_preview_is_a_small_card(web: TestClient) -> None:
    response = web.get("/reconcile/preview", params={"id": ID + "commune/62498", "lang": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "32\u202f920 inhabitants" in response.text
    assert 'href="/id/commune/62498?lang=en"' in response.text


def test_the_index_follows_a_write(web: TestClient) -> None:
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    turtle = f'<http://example.org/newtown> {label} "Nouvelleville"@fr .'
    put = web.put(
        "/graphs",
        params={"graph": "http://example.org/finding-test"},
        content=turtle.encode(),
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    assert put.status_code in (201, 204), put.text
    deadline = time.monotonic() + 60
    found: list[Any] = []
    while time.monotonic() < deadline and not found:
        found = web.get("/reconcile", params={"query": "nouvelleville"}).json()["result"]
        time.sleep(0.2)
    assert found
    assert found[0]["id"] == "http://example.org/newtown"


def test_the_router_is_the_reconciliation_endpoint() -> None:
    assert reconcile.router.prefix == "/reconcile"


def test_a_multipart_form_is_read_like_a_plain_one(web: TestClient) -> None:
    batch = json.dumps({"q0": {"query": "Lens", "type": CG + "Commune"}})
    response = web.post("/reconcile", files={"queries": (None, batch)})
    assert response.status_code == 200, response.text
    assert response.json()["q0"]["result"][0]["id"] == ID + "commune/62498"


def test_a_batch_past_the_cap_is_a_413(web: TestClient) -> None:
    huge = "queries=" + "x" * (reconcile.MAX_BODY + 1)
    response = web.post(
        "/reconcile",
        content=huge.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert "the batch exceeds" in response.text
