"""Stored queries: queries/*.rq and their YAML headers, as typed query definitions.

A header is the lines that start with ``#+`` (grlc's convention), read as YAML:

>>> query = read_query(EXAMPLE, "example.rq")
>>> query.name, query.form, [p.name for p in query.parameters]
('actions', 'SELECT', ['territory'])
>>> query.parameters[0].kind, query.parameters[0].of_class
('iri', 'https://w3id.org/coopgraph/def/Territory')
>>> query.examples
({'territory': ('https://w3id.org/coopgraph/id/commune/62528',)},)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from coopgraph.errors import InputError
from coopgraph.iris import CONCEPT_BASE, IDENTIFIER_BASE, TERM_BASE
from coopgraph.languages import LANGUAGES
from coopgraph.sparql_text import QUERY_FORMS, VARIABLE_NAME, keywords, variables

ParameterKind = Literal["iri", "concept", "literal"]
"""What a parameter's values are: any IRI, a concept of a scheme, or a literal."""
HEADER_PREFIXES: dict[str, str] = {
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "cg": TERM_BASE,
    "ref": CONCEPT_BASE,
    "id": IDENTIFIER_BASE,
}
"""The prefixes a header may use in ``class``, ``scheme`` and ``datatype``."""
_XSD = HEADER_PREFIXES["xsd"]
_YEAR = r"-?[0-9]{4,9}"
_DATE = _YEAR + r"-[0-9]{2}-[0-9]{2}"
_ZONE = r"(Z|[+-][0-9]{2}:[0-9]{2})?"
_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
LEXICAL_FORMS: dict[str, re.Pattern[str]] = {
    _XSD + "string": re.compile(r"(?s).{0,2000}"),
    _XSD + "integer": re.compile(r"[+-]?[0-9]{1,18}"),
    _XSD + "decimal": re.compile(_NUMBER),
    _XSD + "double": re.compile(rf"{_NUMBER}([eE][+-]?[0-9]+)?|INF|-INF|NaN"),
    _XSD + "boolean": re.compile(r"true|false|1|0"),
    _XSD + "date": re.compile(_DATE + _ZONE),
    _XSD + "gYear": re.compile(_YEAR + _ZONE),
    _XSD + "dateTime": re.compile(rf"{_DATE}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\.[0-9]+)?{_ZONE}"),
}
"""The literal datatypes a parameter may take, with the lexical form each accepts: ASCII digits
(``\\d`` takes any script's), integers and years short enough to stay numbers everywhere."""
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_HEADER_LINE = re.compile(r"^#\+ ?(.*)$")
_KINDS: tuple[ParameterKind, ...] = ("iri", "concept", "literal")
Binding = Literal["engine", "values"]
"""How a query's single values are bound (see BINDINGS)."""
BINDINGS: tuple[Binding, ...] = ("engine", "values")
"""How a query's single values are bound: by the engine (pyoxigraph substitutions) or all in
VALUES blocks. Which one gives pyoxigraph the better plan depends on the query's shape."""

EXAMPLE = """\
#+ name: actions
#+ summary: {fr: Actions d'un territoire, en: Actions of a territory}
#+ params:
#+   - {name: territory, type: iri, class: cg:Territory, required: true}
#+ examples:
#+   - {territory: id:commune/62528}
SELECT ?action WHERE { ?action <http://www.w3.org/ns/prov#atLocation> ?territory }
"""
"""A stored query with its header, for the examples of this module."""
Example = Mapping[str, tuple[str, ...]]
"""One example request of a stored query: each parameter's values as a request gives them."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a stored query: the query variable of the same name."""

    name: str
    kind: ParameterKind
    of_class: str | None = None
    scheme: str | None = None
    datatype: str | None = None
    many: bool = False
    required: bool = False
    default: tuple[str, ...] = ()
    description: Mapping[str, str] | None = None


@dataclass(frozen=True)
class StoredQuery:
    """A stored query: its text, its bilingual documentation and its typed parameters."""

    name: str
    text: str
    form: str
    summary: Mapping[str, str]
    description: Mapping[str, str]
    parameters: tuple[Parameter, ...]
    tags: tuple[str, ...] = ()
    question: int | None = None
    analysis: str | None = None
    source: str = ""
    binding: Binding = "engine"
    examples: tuple[Example, ...] = ()

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called ``name``, if the query has one."""
        return next((p for p in self.parameters if p.name == name), None)


def expand(name: str, where: str) -> str:
    """A full IRI from a header's ``prefix:local`` or full IRI.

    >>> expand("xsd:integer", "here")
    'http://www.w3.org/2001/XMLSchema#integer'
    """
    prefix, colon, local = name.partition(":")
    if colon and prefix in HEADER_PREFIXES and not local.startswith("//"):
        return HEADER_PREFIXES[prefix] + local
    if re.fullmatch(r"[a-z][a-z0-9+.-]*://[^\s<>\"{}|^`\\]+", name):
        return name
    raise InputError(f"{where}: '{name}' is neither a full IRI nor a known prefixed name")


def header_text(text: str) -> str:
    """The YAML of a query's ``#+`` lines, prefix stripped."""
    lines = (_HEADER_LINE.match(line) for line in text.splitlines())
    return "\n".join(match.group(1) for match in lines if match)


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a mapping, found {value!r}")
    return value


def _languages(value: Any, where: str, required: bool = True) -> dict[str, str]:
    """A ``{fr: ..., en: ...}`` mapping of texts."""
    if value is None and not required:
        return {}
    texts = _mapping(value, where)
    missing = [lang for lang in LANGUAGES if not isinstance(texts.get(lang), str)]
    if missing:
        raise InputError(f"{where}: give a text for each language, missing {', '.join(missing)}")
    return {lang: str(texts[lang]).strip() for lang in LANGUAGES}


def _defaults(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return (str(value).lower() if isinstance(value, bool) else str(value),)


def read_parameter(entry: Any, where: str) -> Parameter:
    """One entry of a header's ``params`` list."""
    fields = _mapping(entry, where)
    name = str(fields.get("name", ""))
    where = f"{where} '{name}'"
    kind = fields.get("type")
    if not VARIABLE_NAME.fullmatch(name):
        raise InputError(f"{where}: a parameter is named as a SPARQL variable: letters, digits, _")
    if kind not in _KINDS:
        raise InputError(f"{where}: type '{kind}' is not one of {', '.join(_KINDS)}")
    known = {"class", "scheme", "datatype"}
    refs = {key: expand(str(fields[key]), where) for key in known if fields.get(key)}
    if kind == "concept" and "scheme" not in refs:
        raise InputError(f"{where}: a concept parameter needs its `scheme`")
    if kind == "literal" and refs.get("datatype", _XSD + "string") not in LEXICAL_FORMS:
        supported = ", ".join(d.replace(_XSD, "xsd:") for d in LEXICAL_FORMS)
        raise InputError(f"{where}: datatype {refs['datatype']} is not one of {supported}")
    return Parameter(
        name=name,
        kind=kind,
        of_class=refs.get("class"),
        scheme=refs.get("scheme"),
        datatype=refs.get("datatype") if kind == "literal" else None,
        many=bool(fields.get("list", False)),
        required=bool(fields.get("required", False)),
        default=_defaults(fields.get("default")),
        description=_languages(fields.get("description"), where, required=False) or None,
    )


def query_form(text: str, where: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first query form keyword of the text."""
    for word in keywords(text):
        if word in QUERY_FORMS:
            return word
    raise InputError(f"{where}: no SELECT, CONSTRUCT, ASK or DESCRIBE found")


def _check_variables(text: str, parameters: tuple[Parameter, ...], where: str) -> None:
    found = variables(text)
    for parameter in parameters:
        if parameter.name not in found:
            raise InputError(f"{where}: parameter '{parameter.name}' is no variable of the query")


def _binding(value: Any, source: str) -> Binding:
    found = value if value is not None else "engine"
    if found not in BINDINGS:
        raise InputError(f"{source}: binding '{found}' is not one of {', '.join(BINDINGS)}")
    binding: Binding = found
    return binding


def _example_value(parameter: Parameter, value: Any, where: str) -> str:
    value = str(value).lower() if isinstance(value, bool) else value
    if not isinstance(value, (str, int, float)) or str(value) == "":
        raise InputError(f"{where}: a value is a string or a number, found {value!r}")
    if parameter.kind != "literal":
        return expand(str(value), where)
    if not LEXICAL_FORMS[parameter.datatype or _XSD + "string"].fullmatch(str(value)):
        raise InputError(f"{where}: '{value}' is not of the parameter's datatype")
    return str(value)


def read_example(entry: Any, parameters: tuple[Parameter, ...], where: str) -> Example:
    """One entry of a header's ``examples`` list: parameter name -> value (or list of values)."""
    fields = _mapping(entry if entry is not None else {}, where)
    by_name = {p.name: p for p in parameters}
    example: dict[str, tuple[str, ...]] = {}
    for name, given in fields.items():
        parameter = by_name.get(str(name))
        if parameter is None:
            raise InputError(f"{where}: '{name}' is not a parameter of the query")
        values = given if isinstance(given, list) else [given]
        if len(values) != 1 and not parameter.many:
            raise InputError(f"{where}: '{name}' takes one value, {len(values)} were given")
        example[parameter.name] = tuple(
            _example_value(parameter, value, f"{where} '{name}'") for value in values
        )
    missing = [p.name for p in parameters if p.required and p.name not in example]
    if missing:
        raise InputError(f"{where}: the required parameter '{missing[0]}' is not given")
    return example


def _examples(value: Any, parameters: tuple[Parameter, ...], source: str) -> tuple[Example, ...]:
    if not isinstance(value if value is not None else [], list):
        raise InputError(f"{source}: `examples` must be a list of parameter -> value mappings")
    entries = enumerate(value or [], start=1)
    return tuple(read_example(entry, parameters, f"{source} example {n}") for n, entry in entries)


def read_query(text: str, source: str) -> StoredQuery:
    """A stored query from the text of a .rq file; ``source`` names it in errors."""
    try:
        header = _mapping(yaml.safe_load(header_text(text)) or {}, f"{source} header")
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: the #+ header is not valid YAML: {exc}") from exc
    name = str(header.get("name", Path(source).stem))
    if not _NAME.fullmatch(name):
        raise InputError(f"{source}: name '{name}' must be lowercase letters, digits and -")
    entries = header.get("params") or []
    if not isinstance(entries, list):
        raise InputError(f"{source}: `params` must be a list")
    parameters = tuple(read_parameter(e, f"{source} parameter") for e in entries)
    if not header.get("analysis"):  # an analysis may take parameters of its own
        _check_variables(text, parameters, source)
    question = header.get("question")
    return StoredQuery(
        name=name,
        text=text,
        form=query_form(text, source),
        summary=_languages(header.get("summary"), f"{source} summary"),
        description=_languages(header.get("description"), f"{source} description", False),
        parameters=parameters,
        tags=tuple(str(tag) for tag in header.get("tags") or ()),
        question=int(question) if isinstance(question, int) else None,
        analysis=str(header["analysis"]) if header.get("analysis") else None,
        source=source,
        binding=_binding(header.get("binding"), source),
        examples=_examples(header.get("examples"), parameters, source),
    )


def load_queries(folder: Path) -> dict[str, StoredQuery]:
    """Every ``*.rq`` of ``folder`` by name, in file order; an empty dict if there is none."""
    found: dict[str, StoredQuery] = {}
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else ():
        query = read_query(path.read_text(encoding="utf-8"), str(path))
        if query.name in found:
            raise InputError(
                f"{path}: name '{query.name}' is already used by {found[query.name].source}"
            )
        found[query.name] = query
    return found
