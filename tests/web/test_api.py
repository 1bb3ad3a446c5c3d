"""The domain API over HTTP: OpenAPI from headers, bad values refused, answers hand-checked."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from conftest import REPOSITORY_ROOT, LiveServer, make_settings, running_client
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from pyld import jsonld
from rdflib import Literal, URIRef
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core.result import Ok

from coopgraph.errors import InputError
from coopgraph.questions.parameters import term_of
from coopgraph.questions.stored_queries import HEADER_PREFIXES, Parameter, load_queries
from coopgraph.web.routes import api

FIXTURES = REPOSITORY_ROOT / "tests" / "data" / "fixtures"
ID = "https://w3id.org/coopgraph/id/"
REF = "https://w3id.org/coopgraph/ref/"
LOOS = ID + "commune/62528"
ANALYSES = {"action-effects": "effects", "peer-territories": "peers",
            "cooperation-system": "network"}  # fmt: skip
"""Project queries whose rows an analysis walks; the test content root names it if the
query's own header does not yet."""


def _content_root(folder: Path) -> Path:
    """The project's queries (with their analyses named) in a content root of their own."""
    target = folder / "queries"
    shutil.copytree(REPOSITORY_ROOT / "queries", target)
    for name, analysis in ANALYSES.items():
        path = target / f"{name}.rq"
        text = path.read_text(encoding="utf-8")
        if "#+ analysis:" not in text:
            path.write_text(text.replace("#+ tags:", f"#+ analysis: {analysis}\n#+ tags:", 1))
    for kind in ("ontology", "shapes", "data"):
        (folder / kind).symlink_to(REPOSITORY_ROOT / kind)
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on the project's ontology, shapes, data and queries, in memory."""
    root = _content_root(tmp_path_factory.mktemp("content"))
    settings = make_settings(load_content=True, content_root=root, examples=True)
    with running_client(settings) as client:
        yield client


def rows(client: TestClient, name: str, **params: str) -> list[dict[str, Any]]:
    """The JSON records of one query."""
    response = client.get(f"/api/{name}", params={"lang": "en", "limit": "1000", **params})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def iris(records: list[dict[str, Any]], column: str) -> list[str]:
    """The IRIs of one column, in order."""
    return [r[column]["iri"] for r in records if isinstance(r.get(column), dict)]


# Hand-checked against data/examples and data/seed: one case per competency question.
def test_q1_effects_walk_the_loop(project: TestClient) -> None:
    answer = project.get(
        "/api/action-effects", params={"action": ID + "action/loos-eco-renovation"}
    )
    body = answer.json()
    found = {r["effect"]["iri"]: r for r in body["results"]}
    skills = found[ID + "effect/loos-resident-skills"]
    assert (found[ID + "effect/loos-local-building-jobs"]["depth"], skills["depth"]) == (1, 2)
    loop = {ID + f"effect/loos-{n}" for n in ("resident-skills", "pride-in-mining-heritage",
                                             "participation")}  # fmt: skip
    assert [{e["iri"] for e in cycle} for cycle in body["summary"]["loops"]] == [loop]
    assert body["lang"] == "fr"
    assert skills["effect"]["label"]


def test_q2_integrated_actions(project: TestClient) -> None:
    found = rows(project, "integrated-actions", territory=LOOS)
    counts = {r["action"]["iri"]: r["dimensionCount"] for r in found}
    assert counts[ID + "action/loos-eco-renovation"] == 5


def test_q3_trade_offs(project: TestClient) -> None:
    found = rows(project, "action-trade-offs", territory=LOOS)
    pairs = {(r["positiveEffect"]["iri"], r["negativeEffect"]["iri"]) for r in found}
    assert (ID + "effect/loos-local-building-jobs", ID + "effect/loos-rent-increase") in pairs


def test_q4_transfer_trails(project: TestClient) -> None:
    found = rows(project, "transfer-trails", sourceTerritory=LOOS)
    trail = [r for r in found if r["transfer"]["iri"].endswith("fifty-fifty-loos-to-grande-synthe")]
    assert {r["toTerritory"]["iri"] for r in trail} == {ID + "commune/59271"}
    # Pas-de-Calais holds Loos-en-Gohelle: the same trails start there.
    around = rows(project, "transfer-trails", sourceTerritory=ID + "department/62")
    assert {r["transfer"]["iri"] for r in around} == {r["transfer"]["iri"] for r in found}


def _parts_sum(record: dict[str, Any]) -> float:
    """The documented score of a peer, from the parts its record gives."""
    return round(  # type: ignore[no-any-return]
        2 * record["sameType"] + 2 * record["sizeRatio"] + record["sharedSpaces"]
        + record["experiences"] + record["appropriations"] + record["drawnFrom"], 3
    )  # fmt: skip


def test_q5_peers_ranked_with_reasons(project: TestClient) -> None:
    params = {"territory": ID + "commune/76402", "element": REF + "element/fifty-fifty"}
    found = rows(project, "peer-territories", **params)
    by_peer = {r["peer"]["iri"]: r for r in found}
    # Loos-en-Gohelle: the element was drawn from its experience; Grande-Synthe adapted it.
    assert (by_peer[LOOS]["drawnFrom"], by_peer[LOOS]["rank"]) == (1, 1)
    assert by_peer[ID + "commune/59271"]["appropriations"] == 2
    assert [r["rank"] for r in found] == list(range(1, len(found) + 1))
    assert all(r["score"] == _parts_sum(r) for r in found)
    assert found[0]["reasons"][0] == "same kind of territory: +2"
    assert "the element was drawn from its experience: +1" in by_peer[LOOS]["reasons"]


def test_q5_peers_of_any_commune_for_every_element(project: TestClient) -> None:
    # Lens has no territorial collective and took no part in the workshop.
    found = rows(project, "peer-territories", territory=ID + "commune/62498")
    assert found[0]["peer"]["iri"] == LOOS
    assert all(r["score"] == _parts_sum(r) for r in found)


def test_q5_an_abandoned_appropriation_is_no_experience(project: TestClient) -> None:
    loudeac = ID + "epci/200067460"  # appropriated narrative and meaning, then gave it up
    lens = ID + "commune/62498"
    narrative = rows(project, "peer-territories", territory=lens,
                     element=REF + "element/narrative-and-meaning")  # fmt: skip
    involvement = rows(project, "peer-territories", territory=lens,
                       element=REF + "element/inhabitant-involvement")  # fmt: skip
    assert loudeac not in iris(narrative, "peer")
    assert loudeac in iris(involvement, "peer")


def test_a_department_or_a_region_includes_the_places_inside_it(project: TestClient) -> None:
    def actions(territory: str) -> set[str]:
        return set(iris(rows(project, "integrated-actions", territory=territory), "action"))

    loos, pas_de_calais, hauts_de_france = (
        actions(LOOS), actions(ID + "department/62"), actions(ID + "region/32"),
    )  # fmt: skip
    assert ID + "action/loos-eco-renovation" in loos
    assert loos <= pas_de_calais <= hauts_de_france
    assert ID + "action/grande-synthe-shared-gardens" in hauts_de_france - pas_de_calais
    assert actions(ID + "commune/62498") == set()  # Lens, inside neither


def test_q6_cooperation_network(project: TestClient) -> None:
    answer = project.get("/api/cooperation-system", params={"territory": LOOS})
    systems = {r["system"]["iri"] for r in answer.json()["results"]}
    assert ID + "cooperation-system/loos-eco-construction" in systems
    picture = project.get("/api/cooperation-system.svg", params={"territory": LOOS})
    assert picture.headers["content-type"] == "image/svg+xml"


def test_q7_hypothesis_evidence(project: TestClient) -> None:
    found = rows(project, "hypothesis-evidence", hypothesis=REF + "hypothesis/systemic")
    assert (ID + "season/villes-pairs-1", "supports") in {
        (r["item"]["iri"], r["stance"]) for r in found
    }


def test_q8_ecosystem_value(project: TestClient) -> None:
    found = rows(project, "ecosystem-value", ecosystem=ID + "cooperative-ecosystem/loos-food")
    assert set(iris(found, "functionality")) == {REF + "functionality/eating"}


def test_q9_trajectory_in_time_order(project: TestClient) -> None:
    found = rows(project, "territory-trajectory", territory=LOOS)
    assert found[0]["milestone"]["iri"] == ID + "milestone/loos-en-gohelle-gohelliades"
    assert found[0]["start"] == "1984"


def test_q10_engagement(project: TestClient) -> None:
    found = rows(project, "action-engagement", action=ID + "action/loos-fifty-fifty-gardens")
    assert (ID + "person/loos-elected-official", REF + "actor-role/elected-official") in {
        (r["agent"]["iri"], r["role"]["iri"]) for r in found if "role" in r
    }


def test_q11_season_participation(project: TestClient) -> None:
    found = rows(project, "season-participation")
    spaces = set(iris(found, "exchangeSpace"))
    assert ID + "exchange-space/villes-pairs-1-inter-territory" in spaces


def test_q12_resources(project: TestClient) -> None:
    found = rows(project, "action-resources", action=ID + "action/loos-fifty-fifty-gardens")
    trust = [r for r in found if r["resource"]["iri"] == ID + "resource/loos-residents-trust"]
    assert [r["kind"]["iri"] for r in trust] == [REF + "resource-kind/trust"]


def test_q13_actions_and_effects_by_theme(project: TestClient) -> None:
    energy = REF + "theme/energy"
    actions = rows(project, "theme-actions", theme=energy, territory=ID + "region/53")
    assert actions
    assert {r["theme"]["iri"] for r in actions} == {energy}
    assert {r["place"]["iri"] for r in actions} == {ID + "commune/22046"}  # Le Mené, Brittany
    effects = rows(project, "theme-effects", theme=energy)
    assert effects
    assert all(r["action"]["iri"] and r["place"]["iri"] for r in effects)


def test_every_project_query_is_covered() -> None:
    numbers = {int(name.split("_")[1][1:]) for name in globals() if name.startswith("test_q")}
    queries = load_queries(REPOSITORY_ROOT / "queries")
    competency = {q.question for q in queries.values() if q.question is not None}
    assert competency == set(range(1, 13)) <= numbers
    assert {"theme-actions", "theme-effects"} <= set(queries)  # test_q13


def test_the_catalogue_lists_each_query_s_examples(project: TestClient) -> None:
    catalogue = project.get("/api/queries").json()["queries"]
    examples = {entry["name"]: entry["examples"] for entry in catalogue}
    assert examples["peer-territories"][0] == {"territory": ID + "commune/62498"}
    assert all(examples.values())


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on the default content: ontology, shapes, geography and data/seed (no examples)."""
    root = _content_root(tmp_path_factory.mktemp("facts"))
    with running_client(make_settings(load_content=True, content_root=root)) as client:
        yield client


EMPTY_ON_THE_SEED: dict[str, str] = {
    "action-engagement": "no sourced statement yet of who took part in an action, in which role",
    "action-resources": "no sourced statement yet of the resources an action mobilises",
    "cooperation-system": "no sourced cooperation system yet",
    "ecosystem-value": "no sourced cooperative ecosystem yet",
    "transfer-trails": "no sourced transfer yet",
}
"""Queries whose examples still find nothing in the sourced data/seed/, and why. Each example
of these must answer no rows (the test turns red when rows appear: then take the query out)."""
EXAMPLES = [
    pytest.param(query.name, example, id=f"{query.name}-{number}")
    for query in load_queries(REPOSITORY_ROOT / "queries").values()
    for number, example in enumerate(query.examples, start=1)
]


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_every_example_answers_rows_on_the_default_content(
    facts: TestClient, name: str, example: dict[str, tuple[str, ...]]
) -> None:
    found = rows(facts, name, **example)  # type: ignore[arg-type]
    if name in EMPTY_ON_THE_SEED:
        assert found == [], f"{name} now has rows: take it out of EMPTY_ON_THE_SEED"
    else:
        assert found, f"{name} {example}: no rows on the default content"


NEW_QUERY = """\
#+ name: labelled-things
#+ summary: {fr: Choses étiquetées, en: Labelled things}
#+ params:
#+   - {name: lang_tag, type: literal, datatype: xsd:string, default: fr}
#+   - {name: thing, type: iri, list: true}
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing ?label WHERE { ?thing rdfs:label ?label FILTER(LANG(?label) = ?lang_tag) }
ORDER BY ?thing
"""
ACTION = ID + "action/test"


@pytest.fixture(scope="module")
def fixture_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on the fixture queries plus one written here, the effects fixture loaded."""
    root = tmp_path_factory.mktemp("fixture-content")
    shutil.copytree(FIXTURES / "queries", root / "queries")
    (root / "queries" / "labelled-things.rq").write_text(NEW_QUERY, encoding="utf-8")
    with running_client(make_settings(content_root=root)) as client:
        loaded = client.put(
            "/graphs", params={"graph": "http://example.org/effects"},
            content=(FIXTURES / "effects.ttl").read_bytes(),
            headers={"Content-Type": "text/turtle", "Authorization": "Bearer test-admin-token"},
        )  # fmt: skip
        assert loaded.status_code == 201, loaded.text
        yield client


def test_openapi_lists_every_stored_query_with_typed_parameters(project: TestClient) -> None:
    paths = project.get("/openapi.json").json()["paths"]
    for name, query in load_queries(REPOSITORY_ROOT / "queries").items():
        documented = {p["name"]: p for p in paths[f"/api/{name}"]["get"]["parameters"]}
        for parameter in query.parameters:
            schema = documented[parameter.name]["schema"]
            expected = "integer" if parameter.datatype and "integer" in parameter.datatype else (
                "string")  # fmt: skip
            if parameter.many:  # a list parameter: repeated in the query string
                assert schema.get("type") == "array", (name, parameter.name, schema)
                assert documented[parameter.name]["explode"] is True
                schema = schema["items"]
            assert schema.get("type") == expected, (name, parameter.name, schema)
            assert documented[parameter.name]["required"] == parameter.required
        assert {"lang", "limit", "offset", "format"} <= set(documented)


def test_a_new_query_file_is_a_new_endpoint(fixture_client: TestClient) -> None:
    assert "/api/labelled-things" in fixture_client.get("/openapi.json").json()["paths"]
    found = rows(fixture_client, "labelled-things", lang_tag="en")
    assert [r["label"] for r in found][:2] == ["Test action", "Local jobs"]
    names = [q["name"] for q in fixture_client.get("/api/queries").json()["queries"]]
    assert names == ["effect-chains", "labelled-things"]


def test_list_parameters_take_repeated_values(fixture_client: TestClient) -> None:
    things = [ID + "effect/e2", ID + "effect/e1"]
    found = rows(fixture_client, "labelled-things", thing=things)  # type: ignore[arg-type]
    assert [r["thing"]["iri"] for r in found] == sorted(things)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "parameter 'action' is required"),
        ({"action": '"> } ; DROP ALL ; #'}, "parameter 'action'"),
        ({"action": ID + "effect/e1"}, "is not an instance of"),
        ({"action": ACTION, "depth": "1; DROP ALL"}, "parameter 'depth'"),
        ({"action": ACTION, "limit": "0"}, "parameter 'limit'"),
        ({"action": ACTION, "offset": "-1"}, "parameter 'offset'"),
        ({"action": ACTION, "lang": "de"}, "parameter 'lang'"),
        ({"action": ACTION, "format": "xml"}, "parameter 'format'"),
        ({"action": ACTION, "actor": ACTION}, "unknown parameter 'actor'"),
        # Found by schemathesis: '\u00b2' (superscript two) passes str.isdigit, not int();
        # int() refuses 4301 digits; an Arabic-Indic digit passes \\d and int(), not xsd:integer.
        ({"action": ACTION, "limit": "\u00b2"}, "parameter 'limit'"),
        ({"action": ACTION, "offset": "9" * 5000}, "parameter 'offset'"),
        ({"action": ACTION, "depth": "\u0661"}, "parameter 'depth'"),
    ],
    ids=[
        "required",
        "injection",
        "class",
        "integer",
        "limit",
        "offset",
        "lang",
        "format",
        "unknown",
        "superscript-limit",
        "long-offset",
        "arabic-indic-depth",
    ],
)
def test_bad_parameters_are_400_naming_them(
    fixture_client: TestClient, params: dict[str, str], message: str
) -> None:
    response = fixture_client.get("/api/effect-chains", params=params)
    assert response.status_code == 400
    assert message in response.text
    assert fixture_client.get("/api/effect-chains.svg", params=params).status_code in (200, 400)


@pytest.mark.parametrize(
    ("datatype", "good", "bad"),
    [("date", "2024-02-29", "2023-02-29"), ("date", "2024-02-29", "9" * 5000 + "-01-01"),
     ("dateTime", "2024-01-01T23:00:00", "2024-01-01T25:00:00"), ("gYear", "2024", "9" * 5000),
     ("integer", "3", "\u0663")],
)  # fmt: skip
def test_a_literal_of_the_right_shape_must_also_be_a_value(
    datatype: str, good: str, bad: str
) -> None:
    since = Parameter("since", "literal", datatype=HEADER_PREFIXES["xsd"] + datatype)
    assert term_of(since, good) == Literal(good, datatype=URIRef(HEADER_PREFIXES["xsd"] + datatype))
    with pytest.raises(InputError, match=f"parameter 'since': .* is not a valid xsd:{datatype}"):
        term_of(since, bad)


def test_formats_and_pages(fixture_client: TestClient) -> None:
    params = {"action": ACTION, "limit": "2", "offset": "2", "lang": "en"}
    page = fixture_client.get("/api/effect-chains", params=params)
    body = page.json()
    assert [r["effect"]["label"] for r in body["results"]] == ["Land take", "Participation"]
    assert 'rel="next"' in page.headers["link"]
    assert "offset=4" in body["links"]["next"]
    assert "offset=0" in body["links"]["previous"]
    table = fixture_client.get("/api/effect-chains", params=params, headers={"Accept": "text/csv"})
    assert next(csv.reader(io.StringIO(table.text)))[:2] == ["effect", "effectLabel"]
    turtle = fixture_client.get("/api/effect-chains", params={**params, "format": "turtle"})
    assert "cg:leadsTo" in turtle.text
    assert '"Land take"@en' in turtle.text
    results = fixture_client.get(
        "/api/effect-chains", params=params, headers={"Accept": "application/sparql-results+json"}
    )
    assert results.json()["head"]["vars"][0] == "effect"
    refused = fixture_client.get(
        "/api/effect-chains", params=params, headers={"Accept": "image/png"}
    )
    assert refused.status_code == 406


def test_pictures_page_shows_the_svg(fixture_client: TestClient) -> None:
    page = fixture_client.get("/pictures/effect-chains", params={"action": ACTION, "lang": "en"})
    assert page.status_code == 200
    assert "<svg" in page.text
    assert "Social ties" in page.text
    empty = fixture_client.get("/pictures/effect-chains")
    assert empty.status_code == 400
    assert "is required" in empty.text


def _operations(live_server: LiveServer) -> list[APIOperation[Any, Any, Any, Any]]:
    """The live server's /api/ operations, from its own OpenAPI document."""
    schema = schemathesis.openapi.from_url(f"{live_server.base_url}/openapi.json")
    found = schema.include(path_regex=r"^/api/").get_all_operations()
    return [result.ok() for result in found if isinstance(result, Ok)]


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_fuzzed_parameters_never_get_a_server_error(
    live_server: LiveServer, mode: GenerationMode
) -> None:
    operations = _operations(live_server)
    assert len(operations) >= 13  # 12 queries and the catalogue (and pictures)

    for operation in operations:

        @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis.settings(max_examples=15, deadline=None, database=None,
                             suppress_health_check=list(HealthCheck))  # fmt: skip
        def never_500(case: Case[Any]) -> None:
            response = case.call(base_url=live_server.base_url, timeout=30)
            # 503 with Retry-After is the documented deadline answer (a loaded machine).
            deadline = response.status_code == 503 and "retry-after" in response.headers
            assert response.status_code < 500 or deadline, (case.path, case.query, response.text)
            assert "Traceback" not in response.text

        try:
            never_500()
        except hypothesis.errors.Unsatisfiable:  # nothing to break: e.g. no typed parameter
            assert mode == GenerationMode.NEGATIVE


@pytest.mark.parametrize(
    ("name", "header", "reserved"),
    [
        ("lang-param", "#+ params:\n#+   - {name: lang, type: iri}\n", "lang"),
        ("queries", "", "queries"),
    ],
    ids=["reserved-parameter", "reserved-name"],
)
def test_a_query_taking_a_reserved_name_is_refused(
    tmp_path: Path, name: str, header: str, reserved: str
) -> None:
    (tmp_path / "queries").mkdir()
    text = f"#+ name: {name}\n#+ summary: {{fr: R, en: R}}\n{header}SELECT * {{ ?lang ?p ?o }}\n"
    (tmp_path / "queries" / f"{name}.rq").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=f"'{reserved}' is reserved by the API"):
        api.load(make_settings(content_root=tmp_path))


# JSON-LD answers and list parameters (#16, point 7).
CONTEXT_URL = "http://testserver/context.jsonld"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
FIRST_EXAMPLES = [
    pytest.param(query.name, query.examples[0], id=query.name)
    for query in load_queries(REPOSITORY_ROOT / "queries").values()
]


@pytest.fixture(scope="module")
def context_loader(facts: TestClient) -> Callable[..., dict[str, Any]]:
    """A JSON-LD document loader serving the app's own /context.jsonld, nothing else."""
    context = facts.get("/context.jsonld").json()

    def load(url: str, options: Any = None) -> dict[str, Any]:
        assert url == CONTEXT_URL, f"the document names another context: {url}"
        return {"contextUrl": None, "documentUrl": url, "document": context}

    return load


def _solutions(expanded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of an expanded result set, in their order."""
    page = next(node for node in expanded if RS + "ResultSet" in node.get("@type", ()))
    rows = page.get(RS + "solution", [])
    return sorted(rows, key=lambda row: row[RS + "index"][0]["@value"])


@pytest.mark.parametrize(("name", "example"), FIRST_EXAMPLES)
def test_every_query_answers_compact_jsonld_with_the_project_context(
    facts: TestClient,
    context_loader: Callable[..., dict[str, Any]],
    name: str,
    example: dict[str, tuple[str, ...]],
) -> None:
    params: dict[str, Any] = {**example, "lang": "en", "limit": "1000"}
    answer = facts.get(f"/api/{name}", params=params, headers={"Accept": "application/ld+json"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/ld+json")
    document = answer.json()
    named = facts.get(f"/api/{name}", params={**params, "format": "jsonld"})
    assert named.text.replace("&format=jsonld", "") == answer.text  # its @id names its URL
    context = document["@context"]
    assert (context if isinstance(context, str) else context[0]) == CONTEXT_URL
    expanded = jsonld.expand(document, {"documentLoader": context_loader})
    records = rows(facts, name, **example)  # type: ignore[arg-type]
    assert not records or '"id:' in answer.text  # IRIs compacted with the project's prefixes
    if isinstance(context, str):  # graph-shaped: the effect graph, in the ontology's terms
        quads = jsonld.to_rdf(document, {"documentLoader": context_loader,
                                         "format": "application/n-quads"})  # fmt: skip
        assert "<https://w3id.org/coopgraph/def/hasEffect>" in quads
        return
    solutions = _solutions(expanded)
    assert len(solutions) == len(records)
    for record, solution in zip(records, solutions, strict=True):
        iri_cells = {k: v["iri"] for k, v in record.items() if isinstance(v, dict) and "iri" in v}
        prefix = f"https://w3id.org/coopgraph/api/{name}#"
        found = {k: solution[prefix + k][0].get("@id") for k in iri_cells}
        assert found == iri_cells


def _readme_example() -> str:
    """The README's request repeating `dimension`, as a path and query."""
    readme = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"curl '(http://127\.0\.0\.1:8000(/api/[^']*dimension=[^']*))'", readme)
    assert found is not None, "README shows no request repeating dimension"
    return found.group(2)


def test_the_readme_example_repeating_dimension_answers(facts: TestClient) -> None:
    path = _readme_example()
    assert path.count("dimension=") == 2
    answer = facts.get(path, headers={"Accept": "application/ld+json"})
    assert answer.status_code == 200, answer.text
    records = facts.get(path + "&lang=en").json()["results"]
    dimensions = {record["dimension"]["iri"] for record in records}
    assert dimensions == {REF + "effect-dimension/social", REF + "effect-dimension/economic"}
    one = facts.get(path.rsplit("&dimension=", 1)[0]).json()["results"]
    assert {record["dimension"]["iri"] for record in one} == {REF + "effect-dimension/social"}


def test_repeated_territories_answer_the_rows_of_each(facts: TestClient) -> None:
    grande_synthe, loos = ID + "commune/59271", LOOS
    each = [rows(facts, "theme-actions", territory=t) for t in (grande_synthe, loos)]
    both = rows(facts, "theme-actions", territory=[grande_synthe, loos])  # type: ignore[arg-type]
    assert all(each)
    assert sorted(map(str, both)) == sorted(map(str, each[0] + each[1]))


def test_a_parameter_that_takes_one_value_refuses_two(facts: TestClient) -> None:
    action = ID + "action/grande-synthe-urban-farms"
    answer = facts.get("/api/action-effects", params={"action": [action, action + "-x"]})
    assert answer.status_code == 400
    assert "Requête invalide / Bad request" in answer.text
    assert "parameter 'action' takes one value, 2 were given" in answer.text


def test_the_catalogue_says_which_parameters_take_lists(facts: TestClient) -> None:
    catalogue = facts.get("/api/queries").json()["queries"]
    lists = {q["name"]: {p["name"] for p in q["parameters"] if p["list"]} for q in catalogue}
    assert lists["action-effects"] == {"dimension"}
    assert lists["theme-actions"] == lists["theme-effects"] == {"theme", "territory"}
    assert lists["transfer-trails"] == {"sourceTerritory", "targetTerritory", "element"}
    assert lists["peer-territories"] == set()
    examples = {q["name"]: q["examples"] for q in catalogue}
    assert len(examples["action-effects"][2]["dimension"]) == 2
