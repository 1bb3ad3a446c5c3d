"""What coopgraph reads in SPARQL text before any engine sees it: keywords and nesting.

A small lexer skips strings, IRIs and comments so that a keyword inside a literal or an IRI
is never mistaken for an operation.

>>> keywords("SELECT * { ?s <http://ex/SERVICE> 'LOAD' } # SERVICE")
['SELECT']
>>> nesting_depth("SELECT * { { ?s ?p ?o FILTER((1)) } }")
4
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coopgraph.errors import RefusedOperation

_TOKEN = re.compile(
    r"""
      (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\n\r]*)
    | (?P<variable>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-.\u00B7-\uFFFF]*(?::[^\s{}()\[\],;]*)?|:[^\s{}()\[\],;]*)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<other>\S)
    """,
    re.VERBOSE,
)

FEDERATION_KEYWORDS = frozenset({"SERVICE", "LOAD"})
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
    """The deepest nesting of braces, parentheses and brackets outside strings and IRIs."""
    depth = deepest = 0
    for kind, _, _ in tokens(text):
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
    return deepest


def position(text: str, offset: int) -> str:
    """``line L, column C`` (1-based) of an offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def check_public(text: str, max_nesting: int, allow_federation: bool = False) -> None:
    """Refuse, before the engine sees it, what the public endpoint never runs."""
    depth = 0
    for kind, value, offset in tokens(text):
        if kind == "open":
            depth += 1
            if depth > max_nesting:
                raise RefusedOperation(
                    f"the query nests brackets deeper than {max_nesting} levels "
                    f"(at {position(text, offset)}); flatten it"
                )
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "word" and value.upper() in FEDERATION_KEYWORDS and not allow_federation:
            raise RefusedOperation(
                f"{value.upper()} (at {position(text, offset)}) is not allowed on this endpoint: "
                "it would make the server fetch remote URLs. Query the remote endpoint yourself."
            )


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
