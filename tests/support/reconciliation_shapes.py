"""The shapes of the W3C Reconciliation Service API's documents (0.2 and the 1.0 draft), checked
by our own code.

Written here from the specification's text (https://reconciliation-api.github.io/specs/0.2/
and .../specs/draft/): the service manifest, the query and result batches and the three
suggest responses, each a function of ``(value, where, found)`` that adds what is wrong, with
its place, to ``found``. ``problems(version, kind, document)`` is the one entry point; our own
example query batches are in tests/data/reconciliation/ (see its README).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parents[1] / "data" / "reconciliation"
VERSIONS = ("0.2", "1.0-draft")

Check = Callable[[Any, str, list[str]], None]


def _typed(what: str, accepts: Callable[[Any], bool]) -> Check:
    def check(value: Any, where: str, found: list[str]) -> None:
        if not accepts(value):
            found.append(f"{where}: expected {what}, got {value!r}")

    return check


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_string = _typed("a string", lambda value: isinstance(value, str))
_number = _typed("a number", _is_number)
_integer = _typed("an integer", lambda value: isinstance(value, int) and _is_number(value))
_boolean = _typed("a boolean", lambda value: isinstance(value, bool))


def _among(*allowed: str) -> Check:
    return _typed(f"one of {', '.join(allowed)}", lambda value: value in allowed)


def _template(marker: str) -> Check:
    """A URL template: a string holding ``marker`` where the identifier goes."""
    return _typed(f"a string holding {marker}", lambda v: isinstance(v, str) and marker in v)


def _list_of(item: Check, at_least: int = 0, unique: bool = False) -> Check:
    def check(value: Any, where: str, found: list[str]) -> None:
        if not isinstance(value, list):
            found.append(f"{where}: expected an array, got {value!r}")
            return
        if len(value) < at_least:
            found.append(f"{where}: expected at least {at_least} item(s), got none")
        if unique and len({repr(element) for element in value}) < len(value):
            found.append(f"{where}: expected unique items")
        for position, element in enumerate(value):
            item(element, f"{where}[{position}]", found)

    return check


def _either(*choices: Check) -> Check:
    """Valid when one of the choices finds nothing wrong; else what the last one found."""

    def check(value: Any, where: str, found: list[str]) -> None:
        for choice in choices:
            trial: list[str] = []
            choice(value, where, trial)
            if not trial:
                return
        found.extend(trial)

    return check


def _object(
    fields: Mapping[str, Check], required: tuple[str, ...] = (), closed: bool = False
) -> Check:
    """An object whose ``required`` keys are present and whose known keys hold good values;
    ``closed`` refuses any other key."""

    def check(value: Any, where: str, found: list[str]) -> None:
        if not isinstance(value, dict):
            found.append(f"{where}: expected an object, got {value!r}")
            return
        found.extend(f"{where}: '{key}' is missing" for key in required if key not in value)
        for key, element in value.items():
            if key in fields:
                fields[key](element, f"{where}.{key}", found)
            elif closed:
                found.append(f"{where}: unknown key '{key}'")

    return check


def _map_of(item: Check) -> Check:
    """A JSON object of any keys (a 0.2 batch's q0, q1...), each value checked by ``item``."""

    def check(value: Any, where: str, found: list[str]) -> None:
        if not isinstance(value, dict):
            found.append(f"{where}: expected an object, got {value!r}")
            return
        for key, element in value.items():
            item(element, f"{where}.{key}" if where else key, found)

    return check


# What both versions share; the draft adds a text-processing language and direction.
_LANGUAGE = {"lang": _string, "dir": _among("ltr", "rtl", "auto")}


def _type(draft: bool) -> Check:
    """A type: id and name, an optional description and broader types."""
    fields: dict[str, Check] = {"id": _string, "name": _string, "description": _string}
    fields |= _LANGUAGE if draft else {}
    shape = _object(fields, ("id", "name"))
    fields["broader"] = _list_of(shape)
    return shape


def _type_reference(draft: bool) -> Check:
    """A candidate's or a suggestion's type: its identifier, or an object with at least one."""
    fields = {"id": _string, "name": _string} | (_LANGUAGE if draft else {})
    return _either(_string, _object(fields, ("id",)))


def _property_value(draft: bool) -> Check:
    """One value or an array of values: text, number, boolean, or an entity by id."""
    entity = _object({"id": _string, "name": _string} | (_LANGUAGE if draft else {}), ("id",))
    one = _either(_string, _number, _boolean, entity)
    return _either(one, _list_of(one))


def _query_0_2(value: Any, where: str, found: list[str]) -> None:
    fields = {
        "query": _string,
        "type": _either(_string, _list_of(_string)),
        "limit": _number,
        "properties": _list_of(
            _object({"pid": _string, "v": _property_value(False)}, ("pid", "v"))
        ),
        "type_strict": _among("any", "should", "all"),
    }
    _object(fields, closed=True)(value, where, found)
    if isinstance(value, dict) and "query" not in value and not value.get("properties"):
        found.append(f"{where}: expected 'query' or a non-empty 'properties'")


def _condition(value: Any, where: str, found: list[str]) -> None:
    fields = {
        "matchType": _among("name", "id", "property"),
        "propertyId": _string,
        "propertyValue": _property_value(True),
        "required": _boolean,
        "matchQuantifier": _among("any", "all", "none"),
        "matchQualifier": _string,
    } | _LANGUAGE
    _object(fields, ("matchType", "propertyValue"))(value, where, found)
    if (
        isinstance(value, dict)
        and value.get("matchType") == "property"
        and "propertyId" not in value
    ):
        found.append(f"{where}: 'propertyId' is missing for matchType 'property'")


_QUERY_DRAFT = _object(
    {"type": _string, "limit": _number, "conditions": _list_of(_condition, at_least=1)} | _LANGUAGE,
    ("conditions",),
    closed=True,
)


def _candidate(draft: bool) -> Check:
    """A candidate: 0.2 requires a score; the draft makes it optional and names features."""
    feature = {"id": _string, "value": _either(_boolean, _number)}
    feature |= {"name": _string} | _LANGUAGE if draft else {}
    fields = {
        "id": _string,
        "name": _string,
        "description": _string,
        "score": _number,
        "match": _boolean,
        "type": _list_of(_type_reference(draft)),
        "features": _list_of(_object(feature, ("id", "name", "value") if draft else ())),
    } | ({"image": _string} | _LANGUAGE if draft else {})
    return _object(fields, ("id", "name") if draft else ("id", "name", "score"))


def _suggestion(kind: str, draft: bool) -> Check:
    """One item of a suggest response for entities, properties or types."""
    if kind == "types":
        return _type(draft)
    fields = {"id": _string, "name": _string, "description": _string}
    fields |= _LANGUAGE if draft else {}
    if kind == "entities":
        fields |= {"notable": _list_of(_type_reference(draft))}
        fields |= {"image": _string} if draft else {}
    elif draft:
        qualifier = _object({"id": _string, "name": _string} | _LANGUAGE, ("id", "name"))
        fields |= {"matchQualifiers": _list_of(qualifier)}
    return _object(fields, ("id", "name"))


def _manifest_0_2() -> Check:
    service = {
        "service_url": _string,
        "service_path": _string,
        "flyout_service_url": _string,
        "flyout_service_path": _template("${id}"),
    }
    suggest = _object({kind: _object(service) for kind in ("entity", "property", "type")})
    preview = {"url": _template("{{id}}"), "width": _integer, "height": _integer}
    fields = {
        "versions": _list_of(_string),
        "view": _object({"url": _template("{{id}}")}, ("url",)),
        "feature_view": _object({"url": _template("{{id}}")}, ("url",)),
        "defaultTypes": _list_of(_type(False), unique=True),
        "suggest": suggest,
        "preview": _object(preview, ("url", "width", "height")),
        "extend": _object({}),
    }
    texts = ("name", "identifierSpace", "schemaSpace", "documentation", "serviceVersion", "logo")
    fields |= dict.fromkeys(texts, _string)
    return _object(fields, ("versions", "name", "identifierSpace", "schemaSpace"))


def _manifest_draft() -> Check:
    flags = ("entity", "property", "type")
    fields = {
        "versions": _list_of(_string),
        "view": _object({"url": _template("id}")}, ("url",)),
        "featureView": _object({"url": _template("id}")}, ("url",)),
        "defaultTypes": _list_of(_type(True), unique=True),
        "suggest": _object(dict.fromkeys(flags, _boolean), flags),
        "preview": _object({"width": _integer, "height": _integer}, ("width", "height")),
        "extend": _object({}),
    } | dict.fromkeys(("name", "documentation", "serviceVersion", "logo"), _string)
    fields |= _LANGUAGE
    return _object(fields, ("versions", "name", "view"))


def _shape(version: str, kind: str) -> Check:
    draft = version == "1.0-draft"
    if kind.startswith("suggest-"):
        item = _suggestion(kind.removeprefix("suggest-").removesuffix("-response"), draft)
        return _object({"result": _list_of(item)}, ("result",))
    candidates = _list_of(_candidate(draft))
    return {
        "manifest": _manifest_draft() if draft else _manifest_0_2(),
        "reconciliation-query-batch": (
            _object({"queries": _list_of(_QUERY_DRAFT)}, ("queries",))
            if draft
            else _map_of(_query_0_2)
        ),
        "reconciliation-result-batch": (
            _object({"results": _list_of(_object({"candidates": candidates}, ("candidates",)))})
            if draft
            else _map_of(_object({"result": candidates}, ("result",)))
        ),
    }[kind]


def problems(version: str, kind: str, document: Any) -> list[str]:
    """What is wrong in ``document`` as a ``kind`` of ``version`` (``"0.2"`` or
    ``"1.0-draft"``): empty when its shape is right.

    ``kind`` is ``manifest``, ``reconciliation-query-batch``, ``reconciliation-result-batch``,
    ``suggest-entities-response``, ``suggest-types-response`` or
    ``suggest-properties-response``.

    >>> problems("0.2", "reconciliation-result-batch", {"q0": {"result": [{"id": "x"}]}})
    ["q0.result[0]: 'name' is missing", "q0.result[0]: 'score' is missing"]
    """
    if version not in VERSIONS:
        raise ValueError(f"no such version of the API: {version!r}")
    found: list[str] = []
    _shape(version, kind)(document, "", found)
    named = isinstance(document, dict) and version in document.get("versions", [])
    if kind == "manifest" and not named:
        found.append(f"versions: expected to name {version!r}")
    return [_placed(problem) for problem in found]


def _placed(problem: str) -> str:
    """A problem found at the root is said to be in the document."""
    return "document" + problem if problem.startswith(":") else problem.removeprefix(".")


def examples(version: str, kind: str, validity: str) -> list[Path]:
    """Our example documents of one kind (``reconciliation-query-batch``) and version,
    ``valid`` or ``invalid``."""
    return sorted((FOLDER / kind / version / validity).glob("*.json"))
