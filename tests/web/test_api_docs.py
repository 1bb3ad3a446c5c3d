"""The OpenAPI FastAPI cannot infer: stored query parameters, answer types, raw path parameters."""

from __future__ import annotations

from fastapi.testclient import TestClient

from coopgraph.questions import Parameter, load_queries
from coopgraph.questions.stored_queries import read_query
from coopgraph.settings import Settings
from coopgraph.web.api_docs import (
    DEFAULT_LIMIT,
    RESERVED,
    common_docs,
    describe,
    examples_json,
    operation_doc,
    parameter_doc,
    path_parameter_docs,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/coopgraph/id/"


def _parameter(**fields: object) -> Parameter:
    values: dict[str, object] = {
        "name": "p", "kind": "literal", "of_class": None, "scheme": None, "datatype": None,
        "many": False, "required": False, "default": (), "description": None,
    }  # fmt: skip
    return Parameter(**(values | fields))  # type: ignore[arg-type]


def test_a_typed_literal_with_a_default() -> None:
    doc = parameter_doc(_parameter(name="depth", datatype=XSD + "integer", default=("6",)))
    assert doc["schema"] == {"type": "integer", "default": 6}
    assert doc["in"] == "query"
    assert not doc["required"]
    assert doc["description"] == f"A literal of type <{XSD}integer>."


def test_a_list_of_iris_of_a_class() -> None:
    doc = parameter_doc(_parameter(kind="iri", of_class="http://ex/C", many=True, required=True))
    assert doc["schema"] == {"type": "array", "items": {"type": "string", "format": "iri"},
                             "maxItems": 50}  # fmt: skip
    assert (doc["style"], doc["explode"], doc["required"]) == ("form", True, True)
    assert doc["description"].startswith("The IRI of a <http://ex/C>. Repeat")


def test_the_request_parameters_every_query_takes() -> None:
    docs = {d["name"]: d for d in common_docs(500, ["json", "csv"])}
    assert set(docs) == set(RESERVED)
    assert docs["lang"]["schema"]["enum"] == ["fr", "en"]
    assert docs["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500,
                                       "default": DEFAULT_LIMIT}  # fmt: skip
    assert docs["format"]["schema"]["enum"] == ["json", "csv"]


def test_an_operation_of_a_stored_query(settings: Settings, client: TestClient) -> None:
    query = load_queries(settings.content_root / "queries")["action-effects"]
    doc = operation_doc(query, settings.row_cap, graph_shaped=True)
    assert "text/turtle" in doc["responses"]["200"]["content"]
    served = client.get("/openapi.json").json()["paths"]["/api/action-effects"]["get"]
    assert [p["name"] for p in served["parameters"]] == [p["name"] for p in doc["parameters"]]
    assert served["description"] == describe(query, "en")


def test_path_parameters_read_from_the_raw_path() -> None:
    described = {"rest": "The rest.", "suffix": "A suffix."}
    assert path_parameter_docs("/id/{rest:path}", described) == {
        "parameters": [{"name": "rest", "in": "path", "required": True,
                        "schema": {"type": "string"}, "description": "The rest."}]
    }  # fmt: skip
    assert path_parameter_docs("/def", described) == {}


def test_each_parameter_shows_its_value_in_the_query_s_examples() -> None:
    query = read_query(
        "#+ name: sample\n#+ summary: {fr: E, en: E}\n#+ params:\n"
        "#+   - {name: territory, type: iri, required: true}\n"
        "#+   - {name: since, type: literal, datatype: xsd:integer}\n"
        "#+   - {name: tag, type: literal, list: true}\n#+ examples:\n"
        "#+   - {territory: id:commune/62528, since: 2014, tag: [a, b]}\n"
        "#+   - {territory: id:commune/62498}\n"
        "SELECT ?territory ?since ?tag WHERE { ?territory ?since ?tag }\n",
        "sample.rq",
    )
    assert examples_json(query) == [
        {"territory": ID + "commune/62528", "since": "2014", "tag": ["a", "b"]},
        {"territory": ID + "commune/62498"},
    ]
    documented = {p["name"]: p for p in operation_doc(query, 100, False)["parameters"]}
    assert documented["territory"]["examples"] == {
        "example-1": {"value": ID + "commune/62528"},
        "example-2": {"value": ID + "commune/62498"},
    }
    assert documented["since"]["examples"] == {"example-1": {"value": 2014}}
    assert documented["tag"]["examples"] == {"example-1": {"value": ["a", "b"]}}
    assert "examples" not in documented["lang"]
