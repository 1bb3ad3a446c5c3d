"""POST /submissions and the territory routes through the app: statuses, reports, versions,
diffs, rollbacks, and who may write what (reader, other steward, steward, admins); on a live
server, a submission that never waits behind anonymous validations."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import httpx2
import pytest
from conftest import ADMIN_TOKEN, LiveServer, StartServer, make_settings, running_client
from fastapi.testclient import TestClient
from support.steward_content import LILLE, LOOS, ROOT, content_root, steward_file
from support.workbooks import LOOS_ROWS, fill

from coopgraph import formats, iris
from coopgraph.access.keyring import Keyring
from coopgraph.validation import write_template
from coopgraph.validation.excerpts import SHOWN_RESULTS

LOOS_PATH = "/territories/commune/62528"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TRIPLE_CAP = 5_000
"""COOPGRAPH_MAX_TRIPLES of the site: far above every submission here but the one past it."""


@dataclass(frozen=True)
class Site:
    """The app with a private folder, and a bearer header for each kind of caller."""

    client: TestClient
    headers: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app over the ontology and the sample geography, with tokens for every role."""
    folder = tmp_path_factory.mktemp("submissions-web")
    private = folder / "private"
    keyring = Keyring(private)
    secrets = {
        "alice": keyring.create("alice", [LOOS], admin=False),
        "bob": keyring.create("bob", [LILLE], admin=False),
        "root": keyring.create("root", [], admin=True),
        "settings-admin": ADMIN_TOKEN,
    }
    headers = {name: {"Authorization": f"Bearer {s}"} for name, s in secrets.items()}
    settings = make_settings(
        load_content=True,
        content_root=content_root(folder / "project"),
        private_folder=private,
        max_validation_bytes=100_000,
        max_triples=TRIPLE_CAP,
    )
    with running_client(settings) as client:
        yield Site(client, headers | {"reader": {}})


def _submit(
    site: Site, who: str, name: str, territory: str = LOOS, **headers: str
) -> httpx2.Response:
    return site.client.post(
        "/submissions",
        params={"territory": territory},
        content=steward_file(name),
        headers={"Content-Type": "text/turtle", **site.headers[who], **headers},
    )


def _count(site: Site) -> int:
    answer = site.client.get("/sparql", params={"query": COUNT},
                             headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_a_broken_file_gets_422_and_its_report(site: Site) -> None:
    before = _count(site)
    response = site.client.post(
        "/submissions",
        params={"territory": "commune/62528", "lang": "fr"},
        content=steward_file("loos-en-gohelle-broken.ttl"),
        headers={
            "Content-Type": "text/turtle",
            "Accept": "application/json",
            **site.headers["alice"],
        },
    )
    assert response.status_code == 422, response.text
    [result] = response.json()["results"]
    assert result["focusNode"].endswith("effect/test-loos-local-energy")
    assert result["path"] == "https://w3id.org/coopgraph/def/polarity"
    assert result["line"] == 28  # the faulty cg:polarity triple
    assert set(result["messages"]) == {"fr", "en"}
    assert result["message"] == result["messages"]["fr"]
    assert "Location" not in response.headers
    assert _count(site) == before


def test_the_report_comes_in_the_negotiated_format(site: Site) -> None:
    response = _submit(site, "alice", "loos-en-gohelle-broken.ttl", Accept="text/turtle")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/turtle")
    assert "sh:ValidationReport" in response.text


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        (b"<a> <b> .", "text/turtle", 400, "line 1"),
        (b"<a> <b> <c> .", "application/pdf", 415, "application/pdf"),
        (b"#" * 100_001, "text/turtle", 413, "limit is 100000 bytes"),
        (b"# nothing", "text/turtle", 400, "holds no triples"),
    ],
    ids=["unparseable", "unsupported", "too-large", "empty"],
)
def test_bad_input_is_refused_and_nothing_stored(
    site: Site, body: bytes, content_type: str, status: int, words: str
) -> None:
    before = _count(site)
    response = site.client.post(
        "/submissions",
        params={"territory": LOOS},
        content=body,
        headers={"Content-Type": content_type, **site.headers["alice"]},
    )
    assert response.status_code == status, response.text
    assert words in response.text
    assert _count(site) == before


def test_a_territory_must_be_named(site: Site) -> None:
    response = site.client.post("/submissions", content=b"", headers=site.headers["alice"])
    assert response.status_code == 400
    assert "?territory=" in response.text


def test_publish_list_diff_read_and_roll_back(site: Site) -> None:
    first = _submit(site, "alice", "loos-en-gohelle.ttl")
    assert first.status_code == 201, first.text
    assert first.json()["conforms"] is True
    second = site.client.post(
        "/submissions",
        files={"file": ("v2.ttl", steward_file("loos-en-gohelle-v2.ttl"), "text/turtle")},
        headers={"Coopgraph-Territory": "id:commune/62528", **site.headers["alice"]},
    )
    assert second.status_code == 201, second.text
    status = site.client.get(second.headers["Location"]).json()
    assert (status["version"], status["by"], status["current"]) == (2, "alice", True)
    assert status["report"]["conforms"] is True
    versions = site.client.get(f"{LOOS_PATH}/versions").json()["versions"]
    assert [(v["version"], v["kind"]) for v in versions] == [(1, "submission"), (2, "submission")]
    changes = site.client.get(f"{LOOS_PATH}/diff", params={"from": 1, "to": 2}).json()
    assert (len(changes["added"]), len(changes["removed"])) == (2, 1)
    patch = site.client.get(f"{LOOS_PATH}/diff", headers={"Accept": "application/rdf-patch"})
    assert patch.text.splitlines()[0].startswith("D ")
    assert patch.text.count("\nA ") == 2
    turtle = site.client.get(f"{LOOS_PATH}/versions/1", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    restored = site.client.post(
        f"{LOOS_PATH}/rollback", params={"to": 1}, headers=site.headers["alice"]
    )
    assert restored.status_code == 201, restored.text
    assert restored.json()["version"] == 3
    again = site.client.get(f"{LOOS_PATH}/diff", params={"from": 1, "to": 3}).json()
    assert again["added"] == again["removed"] == []


def test_unknown_things_are_404(site: Site) -> None:
    assert site.client.get("/submissions/20260101T120000Z-0a1b2c3d").status_code == 404
    assert site.client.get("/submissions/nonsense").status_code == 404
    assert site.client.get("/territories/commune/62528/versions/99").status_code == 404


def _rollback(site: Site, who: str) -> int:
    response = site.client.post(
        f"{LOOS_PATH}/rollback", params={"to": 1}, headers=site.headers[who]
    )
    return response.status_code


def _update(site: Site, who: str) -> int:
    response = site.client.post(
        "/sparql",
        content=b"INSERT DATA { GRAPH <http://example.org/matrix> { <a:a> <a:b> <a:c> } }",
        headers={"Content-Type": "application/sparql-update", **site.headers[who]},
    )
    return response.status_code


def _graph_write(site: Site, who: str) -> int:
    response = site.client.put(
        "/graphs",
        params={"graph": "http://example.org/matrix"},
        content=b"<a:a> <a:b> <a:c> .",
        headers={"Content-Type": "application/n-triples", **site.headers[who]},
    )
    return response.status_code


def _verdict(status: int) -> int | str:
    return "ok" if 200 <= status < 300 else status


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("reader", (401, 401, 401, 401)),
        ("bob", (403, 403, 403, 403)),
        ("alice", ("ok", "ok", 403, 403)),
        ("root", ("ok", "ok", "ok", "ok")),
        ("settings-admin", ("ok", "ok", "ok", "ok")),
    ],
    ids=["reader", "other-steward", "steward", "keyring-admin", "settings-admin"],
)
def test_who_may_write_what(site: Site, who: str, expected: tuple[int | str, ...]) -> None:
    statuses = (
        _submit(site, who, "loos-en-gohelle.ttl").status_code,
        _rollback(site, who),
        _update(site, who),
        _graph_write(site, who),
    )
    assert tuple(_verdict(status) for status in statuses) == expected


def test_a_second_steward_publishes_their_own_territory(site: Site) -> None:
    response = _submit(site, "bob", "lille.ttl", territory=LILLE)
    assert response.status_code == 201, response.text
    refused = _submit(site, "bob", "lille.ttl", territory=LOOS)
    assert refused.status_code == 403
    assert "'bob' may not publish" in refused.text


def test_a_large_report_is_bounded_and_says_what_it_left_out(site: Site) -> None:
    actions = "".join(
        f"<https://w3id.org/coopgraph/id/action/test-bare-{n}> a <{iris.TERM_BASE}Action> .\n"
        for n in range(900)
    ).encode()
    response = site.client.post(
        "/submissions",
        params={"territory": LOOS, "format": "json", "lang": "en"},
        content=actions,
        headers={"Content-Type": "text/turtle", **site.headers["alice"]},
    )
    assert response.status_code == 422, response.text
    document = response.json()
    total = sum(document["counts"].values())
    assert total > SHOWN_RESULTS
    assert len(document["results"]) == SHOWN_RESULTS
    assert document["resultsLeftOut"] == total - SHOWN_RESULTS
    assert document["notice"].startswith(f"{total - SHOWN_RESULTS} more result(s) not shown")


def test_a_multipart_submission_is_read_part_by_part(site: Site) -> None:
    response = site.client.post(
        "/submissions",
        params={"territory": LOOS},
        files={"a": ("broken.ttl", steward_file("loos-en-gohelle-broken.ttl"), "text/turtle")},
        headers={"Accept": "application/json", **site.headers["alice"]},
    )
    assert response.status_code == 422, response.text
    [result] = response.json()["results"]
    assert result["line"] == 28


# Spreadsheets (issue 14, point 6): a workbook, a CSV or a zip of CSVs, as /validate reads them.


@pytest.fixture(scope="module")
def loos_workbook() -> bytes:
    """A filled template describing Loos-en-Gohelle, that conforms."""
    return fill(write_template(ROOT, "xlsx"), LOOS_ROWS)


def test_a_workbook_is_published(site: Site, loos_workbook: bytes) -> None:
    response = site.client.post(
        "/submissions",
        params={"territory": LOOS, "format": "json"},
        content=loos_workbook,
        headers={"Content-Type": formats.XLSX, **site.headers["alice"]},
    )
    assert response.status_code == 201, response.text
    version = site.client.get(response.headers["location"]).json()
    published = site.client.get(f"{LOOS_PATH}/versions/{version['version']}",
                                headers={"Accept": formats.N_TRIPLES}).text  # fmt: skip
    action = "<https://w3id.org/coopgraph/id/action/62528-toits-solaires-de-l-eglise>"
    assert f"{action} <http://www.w3.org/ns/prov#atLocation> <{LOOS}> ." in published


def test_a_faulty_workbook_part_is_a_422_at_its_cell(site: Site, loos_workbook: bytes) -> None:
    rows = {**LOOS_ROWS, "effets": [{**LOOS_ROWS["effets"][0], "cg:dimension": "Ecolo"}]}
    before = _count(site)
    response = site.client.post(
        "/submissions",
        params={"territory": LOOS, "format": "json", "lang": "fr"},
        files={
            "f": ("loos.xlsx", fill(write_template(ROOT, "xlsx"), rows), "application/octet-stream")
        },
        headers=site.headers["alice"],
    )
    assert response.status_code == 422, response.text
    [result] = [r for r in response.json()["results"] if r["severity"] == "Violation"]
    assert (result["source"], result["line"], result["column"]) == ("loos.xlsx / effets", 5, 4)
    assert _count(site) == before


def test_an_unknown_territory_name_is_a_422_naming_the_nearest(site: Site) -> None:
    rows = {"acteurs": [{**LOOS_ROWS["acteurs"][0], "territoire": "Los-en-Gohelle"}]}
    response = site.client.post(
        "/submissions",
        params={"territory": LOOS, "format": "json", "lang": "en"},
        content=fill(write_template(ROOT, "xlsx"), rows),
        headers={"Content-Type": formats.XLSX, **site.headers["alice"]},
    )
    assert response.status_code == 422, response.text
    [named] = [r for r in response.json()["results"] if "Los-en-Gohelle" in r["message"]]
    assert (named["source"], named["line"], named["column"]) == ("body / acteurs", 5, 3)
    assert "did you mean id:commune/62528 (Loos-en-Gohelle)?" in named["message"]


def test_sheets_past_the_triple_cap_are_a_413_and_nothing_stored(site: Site) -> None:
    rows = [f"Acteur {n},Actor {n},62528" for n in range(TRIPLE_CAP // 3 + 10)]
    table = "\n".join(["Nom,Name,Territoire", "nom,name,territoire", "nom,name,territoire",
                       "EXEMPLE,,", *rows]).encode()  # fmt: skip
    before = _count(site)
    response = site.client.post(
        "/submissions",
        params={"territory": LOOS},
        files={"f": ("acteurs.csv", table, "text/csv")},
        headers=site.headers["alice"],
    )
    assert response.status_code == 413, response.text
    assert f"more than {TRIPLE_CAP} triples" in response.text
    assert f"plus de {TRIPLE_CAP} triplets" in response.text
    assert _count(site) == before


# Token holders first (issue 17, point 12): on a live server, a steward's submission answers
# while anonymous /validate uploads hold every worker they may hold.

VALIDATION_TIMEOUT = 30.0
"""Far above a steward's submission (owlrl runs twice on a fresh server: seconds on a loaded
machine), so the submission is seen to answer while both validations still run."""
SLOW_ACTIONS = 40_000
"""Bare actions: about a minute of validation, so each upload holds its worker to the
deadline."""


@pytest.fixture(scope="module")
def steward_server(
    start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, str]]:
    """A live server over the sample geography, two shared validation workers and one kept
    for token holders (the defaults), and a Loos-en-Gohelle steward's token."""
    folder = tmp_path_factory.mktemp("priority")
    private = folder / "private"
    token = Keyring(private).create("alice", [LOOS], admin=False)
    environment = {
        "COOPGRAPH_LOAD_CONTENT": "true",
        "COOPGRAPH_CONTENT_ROOT": str(content_root(folder / "project")),
        "COOPGRAPH_PRIVATE_FOLDER": str(private),
        "COOPGRAPH_VALIDATION_TIMEOUT": str(VALIDATION_TIMEOUT),
    }
    with start_server(**environment) as server:
        yield server, token


def _anonymous_validation(base_url: str) -> httpx.Response:
    body = "".join(
        f"<https://w3id.org/coopgraph/id/action/test-slow-{n}> a <{iris.TERM_BASE}Action> .\n"
        for n in range(SLOW_ACTIONS)
    ).encode()
    return httpx.post(f"{base_url}/validate", content=body,
                      headers={"Content-Type": "text/turtle"}, timeout=120)  # fmt: skip


def test_a_submission_answers_while_two_anonymous_validations_hold_their_workers(
    steward_server: tuple[LiveServer, str],
) -> None:
    server, token = steward_server
    with ThreadPoolExecutor(max_workers=2) as pool:
        anonymous = [pool.submit(_anonymous_validation, server.base_url) for _ in range(2)]
        time.sleep(2)  # both uploads sent and validating
        assert not any(upload.done() for upload in anonymous)
        started = time.monotonic()
        submission = httpx.post(
            f"{server.base_url}/submissions",
            params={"territory": LOOS},
            content=steward_file("loos-en-gohelle.ttl"),
            headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {token}"},
            timeout=120,
        )
        took = time.monotonic() - started
        still_validating = [not upload.done() for upload in anonymous]
        ended = [upload.result() for upload in anonymous]
    assert submission.status_code == 201, submission.text
    assert still_validating == [True, True]
    assert took < VALIDATION_TIMEOUT / 2
    # Both held a shared worker until the deadline: too large to validate in that time.
    assert [response.status_code for response in ended] == [413, 413]
    assert "COOPGRAPH_VALIDATION_TIMEOUT" in ended[0].text


ALIKE_BLANK_NODES = b"".join(
    b"<https://w3id.org/coopgraph/id/organisation/test-loos-town-hall> "
    b"<http://www.w3.org/2000/01/rdf-schema#seeAlso> "
    b'[ <http://www.w3.org/2000/01/rdf-schema#label> "x"@fr ] .\n'
    for _ in range(50)
)
"""50 identical blank nodes: canonical labelling of them took minutes in the server process."""


def test_alike_blank_nodes_get_an_answer_while_health_answers(
    steward_server: tuple[LiveServer, str],
) -> None:
    server, token = steward_server
    with ThreadPoolExecutor(max_workers=1) as pool:
        started = time.monotonic()
        pending = pool.submit(
            httpx.post,
            f"{server.base_url}/submissions",
            params={"territory": LOOS},
            content=steward_file("loos-en-gohelle.ttl") + ALIKE_BLANK_NODES,
            headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {token}"},
            timeout=120,
        )
        health = []
        while not pending.done() and time.monotonic() - started < 60:
            health.append(httpx.get(f"{server.base_url}/health", timeout=5).status_code)
            time.sleep(0.5)
        submission = pending.result()
        took = time.monotonic() - started
    assert submission.status_code in (201, 413, 422), submission.text
    assert took < 30
    assert health
    assert set(health) == {200}
