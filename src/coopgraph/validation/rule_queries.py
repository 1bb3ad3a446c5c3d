"""Reading the text of a SHACL-SPARQL query: can the engine pre-bind ``$this``, and its dataset.

SHACL pre-binds ``$this`` everywhere in a constraint's query. pyoxigraph's substitutions bind
it in the query's top group only, and inside ``EXISTS`` (whose pattern takes the bindings of
the solution it filters): not in an inner group, a ``BIND`` or a subquery. A query that uses
``$this`` only where both agree is *pre-bindable*; SHACL forbids ``MINUS``, ``SERVICE`` and
``VALUES`` there and any other query is left to pyshacl, which handles (or refuses) it.

>>> pre_bindable("SELECT $this WHERE { $this ?p ?o FILTER NOT EXISTS { $this a ?c } }")
True
>>> pre_bindable("SELECT $this WHERE { { FILTER ($this = <urn:a>) } }")
False
>>> with_dataset("SELECT ?this WHERE { ?this ?p ?o }", "urn:g")
'SELECT ?this FROM <urn:g> WHERE { ?this ?p ?o }'

A pre-bindable query that projects ``$this`` and neither groups nor cuts its solutions is
*batchable*: a ``VALUES ?this`` block first in its WHERE group gives, for each value, the rows
that pre-binding that value gives, so one query checks many focus nodes.

>>> batchable("SELECT $this ?value WHERE { $this ?p ?value FILTER NOT EXISTS { $this a ?c } }")
True
>>> batchable("SELECT ?value WHERE { $this ?p ?value }")
False
>>> batchable("SELECT $this WHERE { $this ?p ?value } LIMIT 1")
False
>>> batchable("SELECT $this (COUNT(*) AS ?n) WHERE { $this ?p ?value }")
False
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[{}()]|[?$]this\b"
    r"|\b(?:EXISTS|BIND|MINUS|SERVICE|VALUES|SELECT|WHERE)\b",
    re.IGNORECASE,
)
_FORBIDDEN = {"MINUS", "SERVICE", "VALUES"}
_CLAUSE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[{(]|[?$]this\b"
    r"|\b(?:SELECT|WHERE|GROUP|HAVING|LIMIT|OFFSET)\b",
    re.IGNORECASE,
)
_PER_FOCUS = {"GROUP", "HAVING", "LIMIT", "OFFSET"}


def pre_bindable(query: str) -> bool:
    """Whether binding ``$this`` in the engine gives SHACL's pre-binding for this query."""
    groups: list[str] = []  # 'top', 'exists' or 'group', outermost first
    parens: list[str] = []
    previous = ""
    selects = 0
    for found in _TOKEN.finditer(query):
        token = found.group(0).upper()
        if token in _FORBIDDEN:
            return False
        selects += token == "SELECT"
        if token == "{":
            groups.append("top" if not groups else "exists" if previous == "EXISTS" else "group")
        elif token == "}" and groups:
            groups.pop()
        elif token == "(":
            parens.append("bind" if previous == "BIND" else "paren")
        elif token == ")" and parens:
            parens.pop()
        elif token in ("?THIS", "$THIS") and not _bound_here(groups, parens):
            return False
        previous = token
    return selects == 1


def batchable(query: str) -> bool:
    """Whether ``VALUES ?this`` first in the WHERE group gives, value by value, what
    pre-binding gives: a pre-bindable query projecting ``$this`` among plain variables, with
    no GROUP BY, HAVING, LIMIT or OFFSET (which would act across the focus nodes)."""
    if not pre_bindable(query):
        return False
    tokens = [found.group(0).upper() for found in _CLAUSE.finditer(query)]
    if _PER_FOCUS & set(tokens) or "SELECT" not in tokens:
        return False
    start = tokens.index("SELECT") + 1
    end = next((i for i in range(start, len(tokens)) if tokens[i] in ("WHERE", "{")), 0)
    projected = tokens[start:end]  # an expression there may aggregate across focus nodes
    return "(" not in projected and any(token in ("?THIS", "$THIS") for token in projected)


def _bound_here(groups: list[str], parens: list[str]) -> bool:
    if len(groups) > 1:
        return groups[1] == "exists"
    return "bind" not in parens


def with_dataset(query: str, graph: str) -> str:
    """The query reading ``graph`` as its default graph (a FROM clause before its WHERE)."""
    for found in _TOKEN.finditer(query):
        token = found.group(0).upper()
        if token in ("WHERE", "{"):
            start = found.start()
            return f"{query[:start]}FROM <{graph}> {query[start:]}"
    return query
