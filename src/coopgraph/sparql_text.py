"""Reading and writing SPARQL text: tokens, checks, USING, IRIs, terms, VALUES blocks.

A small lexer skips strings, IRIs and comments so that a keyword inside a literal or an IRI
is never mistaken for an operation; SERVICE and LOAD are also looked for by a real parser.

>>> keywords("SELECT * { ?s <http://ex/SERVICE> 'LOAD' } # SERVICE")
['SELECT']
>>> nesting_depth("SELECT * { { ?s ?p ?o FILTER(!(1)) } }")
6

Values are never pasted into a query: they are rdflib terms, written by :func:`term_text`
(IRIs checked, literals escaped) into a VALUES block first in the query's WHERE group.

>>> with_values("SELECT * WHERE { ?s ?p ?o }", {"s": (URIRef("http://ex/a"),)})
'SELECT * WHERE {\\n  VALUES ?s { <http://ex/a> }\\n ?s ?p ?o }'
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.plugins.sparql import parser as sparql_parser
from rdflib.term import Node

from coopgraph.errors import InputError, QuerySyntaxError, RefusedOperation

_VARIABLE_NAME = r"[A-Za-z0-9_\u00B7-\uFFFF]+"
VARIABLE_NAME = re.compile(_VARIABLE_NAME)
"""A SPARQL variable's name, without its ``?``: letters, digits, ``_`` and non-ASCII."""
QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
"""The four query forms of SPARQL 1.1."""
_TOKEN = re.compile(
    r"""
      (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\n\r]*)
    | (?P<variable>[?$]"""
    + _VARIABLE_NAME
    + r""")
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-.\u00B7-\uFFFF]*(?::[^\s{}()\[\],;]*)?|:[^\s{}()\[\],;]*)
    | (?P<datatype>\^\^) | (?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    | (?P<open><<|[{(\[])
    | (?P<close>>>|[})\]])
    | (?P<other>\S)
    """,
    re.VERBOSE,
)

FEDERATION_KEYWORDS = frozenset({"SERVICE", "LOAD"})
"""The keywords that make a server fetch remote URLs."""
_IRI = re.compile(r"[^<>\"{}|^`\\\x00-\x20]+")


def iri_ref(iri: str) -> str:
    """``<iri>`` for SPARQL text, refusing characters an IRI may not hold.

    >>> iri_ref("http://ex/a b")
    Traceback (most recent call last):
    ...
    coopgraph.errors.RefusedOperation: 'http://ex/a b' is not a valid IRI
    """
    if not _IRI.fullmatch(iri) or ":" not in iri:
        raise RefusedOperation(f"'{iri}' is not a valid IRI")
    return f"<{iri}>"


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) for each token of ``text``, comments included."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        yield kind, match.group(), match.start()


def keywords(text: str) -> list[str]:
    """The bare words of a query, upper-cased: keywords and function names."""
    return [value.upper() for kind, value, _ in tokens(text) if kind == "word" and ":" not in value]


def nesting_depth(text: str) -> int:
    """The deepest nesting the engine recurses on (:func:`_nesting`) outside strings and IRIs."""
    return max((depth for depth, _ in _nesting(text)), default=0)


_LINKS = frozenset("|&=!<>+-*/^")
_LINK_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "GRAPH", "SERVICE"})
_LIGHT = 1  # in tenths of a level: 10,000 triple patterns in a group crash the engine


def _nesting(text: str) -> Iterator[tuple[int, int]]:
    """(depth, offset) at each token: brackets (``{ ( [ <<``) plus, in each, what the engine
    nests: operators (``! - ^`` too), UNION, OPTIONAL, FILTER..., sibling brackets, triple
    patterns and collection items (lightly); not a VALUES block's data, which stays flat."""
    frames, total, values_next = [_Frame("", False)], 0, False
    for kind, value, offset in tokens(text):
        frame = frames[-1]
        weight = 0 if frame.data else _weight(kind, value, frame)
        frame.links, total = frame.links + weight, total + weight
        if kind == "open":
            frame.children += 1
            frames.append(_Frame(value, frame.data or values_next))
            values_next = values_next and value != "{"
        elif kind == "close" and len(frames) > 1:
            total -= frames.pop().links
        elif kind == "word" and value.upper() == "VALUES":
            values_next = True
        yield len(frames) - 1 + total // 10, offset


@dataclass
class _Frame:  # an open bracket: which, whether it holds VALUES data, what it holds so far
    opener: str
    data: bool
    links: int = 0  # tenths of a level
    children: int = 0


def _weight(kind: str, value: str, frame: _Frame) -> int:
    if kind == "open":
        return 10 if frame.children else 0
    link = kind == "other" and value in _LINKS and (value != "*" or frame.opener != "")
    if link or (kind == "word" and value.upper() in _LINK_WORDS):
        return 10
    triple = kind == "other" and (value in ".;" or (value == "," and frame.opener != "("))
    listed = frame.opener == "(" and kind in ("string", "iri", "variable", "word", "number")
    return _LIGHT if triple or listed else 0


def position(text: str, offset: int) -> str:
    """``line L, column C`` (1-based) of an offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def check_public(text: str, max_nesting: int, allow_federation: bool = False) -> None:
    """Refuse, before the engine sees it, what the public endpoint never runs: deep nesting,
    and SERVICE or LOAD (found by the lexer, or by a real parser in :func:`_check_parsed`)."""
    deep = next((position(text, at) for depth, at in _nesting(text) if depth > max_nesting), "")
    if deep:
        raise RefusedOperation(
            f"the query nests brackets deeper than {max_nesting} levels (at {deep}), operators, "
            f"UNION, OPTIONAL... counted as levels; flatten it / la requête imbrique plus de "
            f"{max_nesting} niveaux ({deep}) : simplifiez-la"
        )
    for kind, value, offset in tokens(text):
        if kind == "word" and value.upper() in FEDERATION_KEYWORDS and not allow_federation:
            word, where = value.upper(), position(text, offset)
            raise RefusedOperation(
                f"{word} (at {where}) is not allowed on this endpoint: it would make the server "
                f"fetch remote URLs. / {word} ({where}) n'est pas permis ici : le serveur irait "
                "chercher des URL distantes."
            )
    if not allow_federation:
        _check_parsed(text)


_MENTION = re.compile(r"service|load", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|.)", re.DOTALL)
_PARSED_AT_MOST = 32_768
_UNCHECKED = (
    "{0} is not allowed on this endpoint (it would make the server fetch remote URLs); a query "
    "that mentions SERVICE or LOAD must be valid SPARQL within {1} characters. / {0} n'est pas "
    "permis ici ; une requête qui mentionne SERVICE ou LOAD doit être valide, en {1} caractères."
)
_PARSING = threading.Lock()  # rdflib's pyparsing grammar is not thread-safe


def _readings(text: str) -> set[str]:
    """The text as sent, with \\u escapes expanded, and with comments ending at CR too."""
    readings = {text, _CODEPOINT.sub(_expand, text)}
    return readings | {reading.replace("\r", "\n") for reading in readings}


def _expand(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2)
    return chr(int(digits, 16)) if digits and int(digits, 16) <= 0x10FFFF else match.group()


def _federation_in(reading: str) -> str | None:
    """SERVICE or LOAD when rdflib's SPARQL grammar finds one in the text read as a query or
    an update; "" when it finds none; None when neither grammar reads it."""
    for grammar in (sparql_parser.Query, sparql_parser.UpdateUnit):
        try:
            with _PARSING, _deep_recursion():
                pending: list[object] = [grammar.parse_string(reading, parse_all=True)]
        except Exception:  # a parse error: not shown safe
            continue
        while pending:
            node = pending.pop()
            if (name := getattr(node, "name", None)) in ("ServiceGraphPattern", "Load"):
                return "SERVICE" if name == "ServiceGraphPattern" else "LOAD"
            if isinstance(node, Iterable) and not isinstance(node, str):
                pending.extend(node.values() if isinstance(node, dict) else node)
        return ""
    return None


@contextmanager
def _deep_recursion() -> Iterator[None]:
    """pyparsing recurses once or more per triple: Python's default limit of 1000 made a plain
    100-triple query unreadable (refused). Within the size cap, 20,000 levels read every text
    tried (1,500 triples, 4,500 objects, 190 nested groups) on a thread's stack."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, 20_000))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def _check_parsed(text: str) -> None:
    """Refuse a text in which a real parser cannot show SERVICE and LOAD absent."""
    for reading in filter(_MENTION.search, _readings(text)):
        found = _federation_in(reading) if len(reading) <= _PARSED_AT_MOST else None
        if found != "":
            raise RefusedOperation(_UNCHECKED.format(found or "SERVICE or LOAD", _PARSED_AT_MOST))


def with_using(update: str, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]) -> str:
    """The update with ``USING`` clauses before each operation's WHERE (SPARQL Protocol
    using-graph-uri and using-named-graph-uri).

    >>> with_using("INSERT { ?s ?p 1 } WHERE { ?s ?p 0 }", ("http://g",), ())
    'INSERT { ?s ?p 1 } USING <http://g> WHERE { ?s ?p 0 }'
    """
    if not (default_graphs or named_graphs):
        return update
    clause = " ".join(
        [f"USING {iri_ref(g)}" for g in default_graphs]
        + [f"USING NAMED {iri_ref(g)}" for g in named_graphs]
    )
    pieces, last, depth, previous = [], 0, 0, ""
    for kind, value, offset in tokens(update):
        word = value.upper() if kind == "word" else ""
        if word in ("USING", "WITH"):
            raise RefusedOperation(
                f"the update has its own {word} (at {position(update, offset)}); it may not be "
                "combined with using-graph-uri or using-named-graph-uri"
            )
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif word == "WHERE" and depth == 0:
            if previous == "DELETE":
                raise RefusedOperation(
                    f"DELETE WHERE (at {position(update, offset)}) cannot take using-graph-uri "
                    "or using-named-graph-uri; write DELETE { ... } WHERE { ... } instead"
                )
            pieces.append(update[last:offset] + clause + " ")
            last = offset
        if kind != "comment":
            previous = word
    return "".join(pieces) + update[last:]


def variables(text: str) -> set[str]:
    """The names of the variables in a query's text.

    >>> sorted(variables("SELECT ?s { ?s ?p '?not' }"))
    ['p', 's']
    """
    return {value[1:] for kind, value, _ in tokens(text) if kind == "variable"}


def where_offset(text: str) -> int:
    """Where the outermost WHERE group's content starts (just after its ``{``).

    >>> where_offset("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    30
    """
    depth, form, after_where = 0, "", False
    for kind, value, offset in tokens(text):
        if kind == "word" and depth == 0:
            form = form or (value.upper() if value.upper() in QUERY_FORMS else "")
            after_where = after_where or value.upper() == "WHERE"
        elif (
            kind == "open"
            and value == "{"
            and depth == 0
            and (after_where or form not in ("", "CONSTRUCT"))
        ):
            return offset + 1
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(depth - 1, 0)
    raise QuerySyntaxError("the query has no WHERE group to bind values in")


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def term_text(term: Node) -> str:
    """A term as SPARQL text: an IRI checked by :func:`iri_ref`, a literal escaped.

    >>> term_text(Literal('"> } ; DROP ALL ; #'))
    '"\\\\"> } ; DROP ALL ; #"'
    >>> term_text(Literal(3)), term_text(Literal("rue", lang="fr"))
    ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"rue"@fr')
    """
    if isinstance(term, URIRef):
        return iri_ref(str(term))
    if isinstance(term, Literal):
        quoted = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None:
            return f"{quoted}^^{iri_ref(str(term.datatype))}"
        return quoted
    if isinstance(term, BNode):
        raise InputError(f"a blank node ({term.n3()}) cannot be bound: bind IRIs and literals")
    raise InputError(f"cannot bind {term!r}: only IRIs and literals are bound in SPARQL text")


def with_values(text: str, values: Mapping[str, Sequence[Node]]) -> str:
    """The query with a ``VALUES ?name { ... }`` block for each variable, first in its WHERE
    group: there the values bind before OPTIONAL, FILTER and any GROUP BY, as an engine's
    substitution does; a trailing VALUES would join after aggregation instead.

    >>> with_values("ASK { ?s ?p ?o }", {"o": (Literal(1), Literal("a"))})
    'ASK {\\n  VALUES ?o { "1"^^<http://www.w3.org/2001/XMLSchema#integer> "a" }\\n ?s ?p ?o }'
    """
    if not values:
        return text
    for name in values:
        if not VARIABLE_NAME.fullmatch(name):
            raise QuerySyntaxError(f"'{name}' is not a SPARQL variable name")
    blocks = "".join(
        f"\n  VALUES ?{name} {{ {' '.join(term_text(t) for t in terms)} }}"
        for name, terms in values.items()
    )
    offset = where_offset(text)
    return text[:offset] + blocks + "\n" + text[offset:]


def with_bindings(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with one value for each variable: :func:`with_values` of one-value lists.

    >>> with_bindings("SELECT ?s { ?s ?p ?o }", {"o": Literal("a")})
    'SELECT ?s {\\n  VALUES ?o { "a" }\\n ?s ?p ?o }'
    """
    return with_values(text, {name: (term,) for name, term in bindings.items()})
