"""The OpenAPI descriptions FastAPI cannot infer: each stored query's endpoint, generated from
its header, and the path parameters a handler reads from the raw path itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coopgraph.languages import LANGUAGES
from coopgraph.questions import (
    FINDINGS_FORMATS,
    GRAPH_MEDIA_TYPES,
    HEADER_PREFIXES,
    TABLE_MEDIA_TYPES,
    Parameter,
    StoredQuery,
)

DEFAULT_LIMIT = 100
RESERVED = ("lang", "limit", "offset", "format")
"""Request parameters of every query endpoint; no stored query parameter may take these."""
_XSD = HEADER_PREFIXES["xsd"]
_SCHEMAS: dict[str, dict[str, Any]] = {
    _XSD + "integer": {"type": "integer"},
    _XSD + "decimal": {"type": "number"},
    _XSD + "double": {"type": "number"},
    _XSD + "boolean": {"type": "boolean"},
    _XSD + "date": {"type": "string", "format": "date"},
    _XSD + "dateTime": {"type": "string", "format": "date-time"},
    _XSD + "gYear": {"type": "string", "pattern": r"^-?\d{4,}$"},
}


def _value_schema(parameter: Parameter) -> dict[str, Any]:
    if parameter.kind == "literal":
        return dict(_SCHEMAS.get(parameter.datatype or "", {"type": "string"}))
    return {"type": "string", "format": "iri"}


def _typed(schema: dict[str, Any], value: str) -> Any:
    if schema["type"] == "integer":
        return int(value)
    if schema["type"] == "number":
        return float(value)
    if schema["type"] == "boolean":
        return value in ("true", "1")
    return value


def _explanation(parameter: Parameter, lang: str) -> str:
    given = (parameter.description or {}).get(lang, "")
    if parameter.kind == "concept":
        kind = f"A concept of the scheme <{parameter.scheme}>."
    elif parameter.kind == "iri":
        kind = f"The IRI of a <{parameter.of_class}>." if parameter.of_class else "An IRI."
    else:
        kind = f"A literal of type <{parameter.datatype or _XSD + 'string'}>."
    several = " Repeat the parameter for several values." if parameter.many else ""
    return " ".join(part for part in (given, kind + several) if part)


def examples_json(query: StoredQuery) -> list[dict[str, str | list[str]]]:
    """The query's example requests, each parameter -> value (a list for a list parameter)."""
    many = {p.name for p in query.parameters if p.many}
    return [
        {name: list(values) if name in many else values[0] for name, values in example.items()}
        for example in query.examples
    ]


def _parameter_examples(query: StoredQuery, parameter: Parameter) -> dict[str, Any]:
    """The OpenAPI ``examples`` of one parameter: its value in each example that gives it,
    typed as its schema says."""
    schema = _value_schema(parameter)
    found = {
        f"example-{number}": {
            "value": [_typed(schema, v) for v in values] if parameter.many
            else _typed(schema, values[0])
        }
        for number, example in enumerate(query.examples, start=1)
        if (values := example.get(parameter.name))
    }  # fmt: skip
    return {"examples": found} if found else {}


def parameter_doc(parameter: Parameter) -> dict[str, Any]:
    """One stored-query parameter as an OpenAPI query parameter."""
    schema = _value_schema(parameter)
    if parameter.default:
        defaults = [_typed(schema, value) for value in parameter.default]
        schema["default"] = defaults if parameter.many else defaults[0]
    if parameter.many:
        schema = {"type": "array", "items": schema, "maxItems": 50}
    return {
        "name": parameter.name,
        "in": "query",
        "required": parameter.required,
        "description": _explanation(parameter, "en"),
        "schema": schema,
        **({"style": "form", "explode": True} if parameter.many else {}),
    }


def common_docs(row_cap: int, media_names: list[str]) -> list[dict[str, Any]]:
    """The request parameters every query endpoint takes: language, page, format."""
    return [
        {"name": "lang", "in": "query", "description": "Language of labels (else "
         "Accept-Language).", "schema": {"type": "string", "enum": list(LANGUAGES)}},
        {"name": "limit", "in": "query", "description": "Records per page.",
         "schema": {"type": "integer", "minimum": 1, "maximum": row_cap,
                    "default": DEFAULT_LIMIT}},
        {"name": "offset", "in": "query", "description": "Records to skip.",
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
        {"name": "format", "in": "query", "description": "Answer format (else Accept).",
         "schema": {"type": "string", "enum": media_names}},
    ]  # fmt: skip


def media_types(query: StoredQuery, graph_shaped: bool) -> list[str]:
    """The media types this query's endpoint answers in."""
    return [*TABLE_MEDIA_TYPES, *(GRAPH_MEDIA_TYPES if graph_shaped else ())]


def operation_doc(query: StoredQuery, row_cap: int, graph_shaped: bool) -> dict[str, Any]:
    """What FastAPI adds to the generated operation: parameters and answer types."""
    offered = media_types(query, graph_shaped)
    names = [name for name, media in FINDINGS_FORMATS.items() if media in offered]
    content: dict[str, Any] = {media: {"schema": {}} for media in offered}
    failure = {"content": {"application/json": {"schema": {"type": "object"}}}}
    return {
        "parameters": [parameter_doc(p) | _parameter_examples(query, p) for p in query.parameters]
        + common_docs(row_cap, names),
        "responses": {
            "200": {"description": "The answer, one page of it.", "content": content},
            "400": {"description": "A bad parameter value, named.", **failure},
            "406": {"description": "No acceptable format."},
            "503": {"description": "The query passed its deadline."},
        },
    }


def describe(query: StoredQuery, lang: str) -> str:
    """The endpoint's long description, in ``lang`` and the other language."""
    texts = [query.description.get(lang) or query.summary[lang]]
    if query.question is not None:
        texts.append(f"Competency question {query.question}.")
    return "\n\n".join(texts)


def path_parameter_docs(path: str, described: Mapping[str, str]) -> dict[str, Any]:
    """The OpenAPI path parameters of ``path`` among ``described`` (name: description)."""
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"},
         "description": text}
        for name, text in described.items()
        if f"{{{name}" in path
    ]  # fmt: skip
    return {"parameters": parameters} if parameters else {}
