"""Values of stored-query parameters: read from strings, checked, and bound as VALUES blocks.

Every parameter can be bound by a ``VALUES ?name { ... }`` block of typed terms placed first in
the query's outermost WHERE group: the meaning of pyoxigraph's substitutions, in standard
SPARQL, so the text can go to the isolated query workers (which take text only) or to any
SPARQL 1.1 server. A value is never pasted in: it becomes an rdflib term first, and
coopgraph.sparql_text writes the term (IRIs checked, literals escaped) and the VALUES block.

>>> with_used_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": (URIRef("http://ex/a"),), "x": ()})
'SELECT ?s WHERE {\\n  VALUES ?s { <http://ex/a> }\\n ?s ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from coopgraph.errors import InputError
from coopgraph.questions.stored_queries import (
    HEADER_PREFIXES,
    LEXICAL_FORMS,
    Parameter,
    StoredQuery,
)
from coopgraph.sparql_text import iri_ref, tokens, variables, where_offset, with_values
from coopgraph.store import Store

Values = dict[str, tuple[Identifier, ...]]
"""The typed values of a request's parameters, by parameter name."""
MAX_VALUES = 50
"""Most values one list parameter takes in a request."""
_XSD_STRING = HEADER_PREFIXES["xsd"] + "string"
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^%]*(%[0-9A-Fa-f]{2}[^%]*)*$")
"""A scheme, then anything with well-formed percent escapes (what iri_ref lets through)."""
_INSTANCE = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nASK { ?value a/rdfs:subClassOf* ?class }"
)
_CONCEPT = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "ASK { ?value skos:inScheme|skos:topConceptOf ?scheme }"
)
_KNOWN = "ASK { { ?value ?p ?o } UNION { ?s ?p ?value } }"
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "required": "parameter '{name}' is required",
        "one": "parameter '{name}' takes one value, {count} were given",
        "most": "parameter '{name}' takes at most {most} values",
        "unknown": "unknown parameter '{name}' for {query}; it takes: {names}",
        "iri": "parameter '{name}': '{value}' is not an absolute IRI "
        "(expected e.g. https://w3id.org/coopgraph/id/...)",
        "engine": "parameter '{name}': <{value}> is not a valid IRI: {reason}",
        "literal": "parameter '{name}': '{value}' is not a valid {datatype}",
        "concept": "parameter '{name}': <{value}> is not a concept of the scheme {scheme}",
        "instance": "parameter '{name}': <{value}> is not an instance of {of_class}",
        "known": "parameter '{name}': <{value}> is not an IRI the store knows",
    },
    "fr": {
        "required": "le paramètre '{name}' est obligatoire",
        "one": "le paramètre '{name}' prend une seule valeur, {count} ont été données",
        "most": "le paramètre '{name}' prend au plus {most} valeurs",
        "unknown": "paramètre '{name}' inconnu de {query} ; elle prend : {names}",
        "iri": "paramètre '{name}' : '{value}' n'est pas une IRI absolue "
        "(attendu par ex. https://w3id.org/coopgraph/id/...)",
        "engine": "paramètre '{name}' : <{value}> n'est pas une IRI valide : {reason}",
        "literal": "paramètre '{name}' : '{value}' n'est pas un {datatype} valide",
        "concept": "paramètre '{name}' : <{value}> n'est pas un concept du schéma {scheme}",
        "instance": "paramètre '{name}' : <{value}> n'est pas une instance de {of_class}",
        "known": "paramètre '{name}' : <{value}> n'est pas une IRI que le graphe connaît",
    },
}
"""Each refusal of a value, in French and English."""


class ParameterError(InputError):
    """A value a stored query's parameter cannot take, named, in French and English."""

    def __init__(self, kind: str, **fields: object) -> None:
        self.kind, self.fields = kind, fields
        super().__init__(self.in_language("en"))

    def in_language(self, lang: str | None) -> str:
        """The refusal in ``lang``; French then English when it is not known."""
        chosen = (lang,) if lang in _WORDS else ("fr", "en")
        return " / ".join(_WORDS[each][self.kind].format(**self.fields) for each in chosen)


def _iri(parameter: Parameter, raw: str) -> URIRef:
    try:
        iri_ref(raw)
        if not _ABSOLUTE.match(raw):
            raise InputError(raw)
    except InputError as exc:
        raise ParameterError("iri", name=parameter.name, value=raw) from exc
    return URIRef(raw)


def _literal(parameter: Parameter, raw: str) -> Literal:
    datatype = parameter.datatype or _XSD_STRING
    # The shape first, then the value (rdflib marks 2024-02-30 or 10000-01-01 ill-typed).
    if LEXICAL_FORMS[datatype].fullmatch(raw):
        typed = Literal(raw, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
        if not typed.ill_typed:
            return typed
    shown = datatype.replace(HEADER_PREFIXES["xsd"], "xsd:")
    raise ParameterError("literal", name=parameter.name, value=raw, datatype=shown)


def term_of(parameter: Parameter, raw: str) -> Identifier:
    """The typed term for one value given to ``parameter``, or ParameterError naming it."""
    if parameter.kind == "literal":
        return _literal(parameter, raw)
    return _iri(parameter, raw)


def check_known(store: Store, parameter: Parameter, term: Identifier) -> None:
    """ParameterError unless the store holds ``term`` as the parameter's type asks."""
    try:
        _check(store, parameter, term)
    except ValueError as exc:  # the engine's own IRI parser is stricter than ours
        raise ParameterError("engine", name=parameter.name, value=term, reason=exc) from exc


def _check(store: Store, parameter: Parameter, term: Identifier) -> None:
    if parameter.kind == "literal":
        return
    if parameter.kind == "concept":
        found = store.ask(_CONCEPT, {"value": term, "scheme": URIRef(str(parameter.scheme))})
        kind = "concept"
    elif parameter.of_class:
        found = store.ask(_INSTANCE, {"value": term, "class": URIRef(parameter.of_class)})
        kind = "instance"
    else:
        found = store.ask(_KNOWN, {"value": term})
        kind = "known"
    if not found:
        raise ParameterError(
            kind, name=parameter.name, value=term, scheme=parameter.scheme,
            of_class=parameter.of_class,
        )  # fmt: skip


def _raw_values(parameter: Parameter, given: Mapping[str, Sequence[str]]) -> Sequence[str]:
    raw = [value for value in given.get(parameter.name, ()) if value != ""] or parameter.default
    if not raw and parameter.required:
        raise ParameterError("required", name=parameter.name)
    if len(raw) > 1 and not parameter.many:
        raise ParameterError("one", name=parameter.name, count=len(raw))
    if len(raw) > MAX_VALUES:
        raise ParameterError("most", name=parameter.name, most=MAX_VALUES)
    return raw


def read_values(query: StoredQuery, given: Mapping[str, Sequence[str]], store: Store) -> Values:
    """The typed, checked values of a request's parameters (defaults filled in)."""
    unknown = sorted(set(given) - {p.name for p in query.parameters})
    if unknown:
        names = ", ".join(p.name for p in query.parameters) or "-"
        raise ParameterError("unknown", name=unknown[0], query=query.name, names=names)
    values: Values = {}
    for parameter in query.parameters:
        # A value repeated is one value: a VALUES block holding it twice would double rows.
        terms = tuple(
            dict.fromkeys(term_of(parameter, raw) for raw in _raw_values(parameter, given))
        )
        for term in terms:
            check_known(store, parameter, term)
        if terms:
            values[parameter.name] = terms
    return values


def projected(text: str) -> set[str] | None:
    """The variables a SELECT projects (None for ``SELECT *``), read before its WHERE group."""
    head = text[: where_offset(text)]
    found: set[str] = set()
    depth, previous = 0, ""
    for kind, value, _ in tokens(head):
        if kind == "other" and value == "*" and depth == 0:
            return None
        if kind == "variable" and (depth == 0 or previous.upper() == "AS"):
            found.add(value[1:])
        depth += {"open": 1, "close": -1}.get(kind, 0)
        previous = value if kind != "comment" else previous
    return found


def engine_bound(query: StoredQuery, values: Values) -> tuple[str, dict[str, Identifier]]:
    """The text to run and the values the engine binds itself (pyoxigraph substitutions).

    A single value of a variable the engine may bind (projected by a SELECT, or any in an ASK)
    is a binding; several values, or a variable the SELECT does not project, go in a VALUES
    block. A query whose header says ``binding: values`` has every value in VALUES blocks:
    pyoxigraph plans a query before it substitutes, so a substituted variable counts as
    unbound and may get a plan that scans the store, where a VALUES block is planned as one
    row to start from; other queries are faster the other way (see queries/README.md).
    """
    if query.binding == "values":
        return with_used_values(query.text, values), {}
    names = projected(query.text) if query.form == "SELECT" else None
    bindings = {
        name: terms[0]
        for name, terms in values.items()
        if len(terms) == 1 and (names is None or name in names) and query.form in ("SELECT", "ASK")
    }
    rest = {name: terms for name, terms in values.items() if name not in bindings}
    return with_used_values(query.text, rest), bindings


def with_used_values(text: str, values: Mapping[str, Sequence[Identifier]]) -> str:
    """The query with a VALUES block for each of ``values``' variables it uses."""
    used = variables(text)
    return with_values(text, {name: terms for name, terms in values.items() if name in used})
