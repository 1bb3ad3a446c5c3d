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


def _iri(parameter: Parameter, raw: str) -> URIRef:
    try:
        iri_ref(raw)
        if not _ABSOLUTE.match(raw):
            raise InputError(raw)
    except InputError as exc:
        raise InputError(
            f"parameter '{parameter.name}': '{raw}' is not an absolute IRI "
            "(expected e.g. https://w3id.org/coopgraph/id/...)"
        ) from exc
    return URIRef(raw)


def _literal(parameter: Parameter, raw: str) -> Literal:
    datatype = parameter.datatype or _XSD_STRING
    # The shape first, then the value (rdflib marks 2024-02-30 or 10000-01-01 ill-typed).
    if LEXICAL_FORMS[datatype].fullmatch(raw):
        typed = Literal(raw, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
        if not typed.ill_typed:
            return typed
    raise InputError(
        f"parameter '{parameter.name}': '{raw}' is not a valid "
        f"{datatype.replace(HEADER_PREFIXES['xsd'], 'xsd:')}"
    )


def term_of(parameter: Parameter, raw: str) -> Identifier:
    """The typed term for one value given to ``parameter``, or InputError naming it."""
    if parameter.kind == "literal":
        return _literal(parameter, raw)
    return _iri(parameter, raw)


def check_known(store: Store, parameter: Parameter, term: Identifier) -> None:
    """InputError unless the store holds ``term`` as the parameter's type asks."""
    try:
        _check(store, parameter, term)
    except ValueError as exc:  # the engine's own IRI parser is stricter than ours
        raise InputError(
            f"parameter '{parameter.name}': <{term}> is not a valid IRI: {exc}"
        ) from exc


def _check(store: Store, parameter: Parameter, term: Identifier) -> None:
    if parameter.kind == "literal":
        return
    if parameter.kind == "concept":
        found = store.ask(_CONCEPT, {"value": term, "scheme": URIRef(str(parameter.scheme))})
        expected = f"a concept of the scheme {parameter.scheme}"
    elif parameter.of_class:
        found = store.ask(_INSTANCE, {"value": term, "class": URIRef(parameter.of_class)})
        expected = f"an instance of {parameter.of_class}"
    else:
        found = store.ask(_KNOWN, {"value": term})
        expected = "an IRI the store knows"
    if not found:
        raise InputError(f"parameter '{parameter.name}': <{term}> is not {expected}")


def _raw_values(parameter: Parameter, given: Mapping[str, Sequence[str]]) -> Sequence[str]:
    raw = [value for value in given.get(parameter.name, ()) if value != ""] or parameter.default
    if not raw and parameter.required:
        raise InputError(f"parameter '{parameter.name}' is required")
    if len(raw) > 1 and not parameter.many:
        raise InputError(f"parameter '{parameter.name}' takes one value, {len(raw)} were given")
    if len(raw) > MAX_VALUES:
        raise InputError(f"parameter '{parameter.name}' takes at most {MAX_VALUES} values")
    return raw


def read_values(query: StoredQuery, given: Mapping[str, Sequence[str]], store: Store) -> Values:
    """The typed, checked values of a request's parameters (defaults filled in)."""
    unknown = sorted(set(given) - {p.name for p in query.parameters})
    if unknown:
        names = ", ".join(p.name for p in query.parameters) or "none"
        raise InputError(f"unknown parameter '{unknown[0]}' for {query.name}; it takes: {names}")
    values: Values = {}
    for parameter in query.parameters:
        terms = tuple(term_of(parameter, raw) for raw in _raw_values(parameter, given))
        for term in dict.fromkeys(terms):
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
