"""coopgraph's own headers: the row cap and truncation of answers, the territory of a write."""

from __future__ import annotations

from pathlib import Path

from conftest import ADMIN_TOKEN, make_settings, running_client

from coopgraph.web.headers import ROW_CAP_HEADER, TERRITORY_HEADER, TRUNCATED_HEADER

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
TWO_ROWS = "SELECT ?n WHERE { VALUES ?n { 1 2 } }"


def test_an_answer_says_the_row_cap_and_when_it_cut() -> None:
    with running_client(make_settings(row_cap=1)) as client:
        cut = client.get("/sparql", params={"query": TWO_ROWS}, headers={"Accept": "text/csv"})
        whole = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert cut.headers[ROW_CAP_HEADER] == "1"
    assert cut.headers[TRUNCATED_HEADER] == "true"
    assert TRUNCATED_HEADER not in whole.headers


def test_a_submission_names_its_territory(tmp_path: Path) -> None:
    settings = make_settings(private_folder=tmp_path / "private")
    with running_client(settings) as client:
        unnamed = client.post("/submissions", content=b"", headers=ADMIN)
    assert unnamed.status_code == 400
    assert TERRITORY_HEADER in unnamed.text
