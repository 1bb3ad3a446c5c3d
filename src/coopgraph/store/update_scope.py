"""Which named graphs a SPARQL Update may change (its scope), read from its text: the merged
default graphs (merging.py) are kept by copying what those graphs held before the write.

>>> scope_of("PREFIX g: <http://ex/g/> INSERT DATA { GRAPH g:one { <a> <b> <c> } }")
['http://ex/g/one']
>>> scope_of("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }") is None
True
"""

from __future__ import annotations

from urllib.parse import urljoin

from coopgraph import sparql_text
from coopgraph.store.merging import check_writable

_COPIES = frozenset({"ADD", "MOVE", "COPY"})
_WRITTEN_AFTER = frozenset({"GRAPH", "INTO", "TO", "WITH", *_COPIES})
_UNKNOWN_SCOPE = frozenset({"ALL", "NAMED"})


def scope_of(update: str, base_iri: str | None = None) -> list[str] | None:
    """The named graphs ``update`` may change: those it names after GRAPH, INTO, TO, WITH,
    ADD, MOVE or COPY (prefixed names and relative IRIs resolved); None when a variable or
    ALL/NAMED leaves them unknown. A write into a merged graph is refused."""
    prefixes: dict[str, str] = {}
    base, found, previous = base_iri or "", [], ["", ""]
    for kind, value, _ in sparql_text.tokens(update):
        if kind == "comment":
            continue
        word = value.upper() if kind == "word" else ""
        if word in _UNKNOWN_SCOPE or (previous[1].upper() == "GRAPH" and kind == "variable"):
            return None
        iri = _resolved(kind, value, prefixes, base)
        if iri is not None and previous[1].upper() == "BASE":
            base = iri
        elif iri is not None and previous[0].upper() == "PREFIX":
            prefixes[previous[1]] = iri
        elif iri is not None and _names_a_graph(previous):
            check_writable(iri)
            found.append(iri)
        previous = [previous[1], value]
    return list(dict.fromkeys(found))


_NOT_DATA = frozenset(
    {"DELETE", "WHERE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)


def inserts_data_only(update: str) -> bool:
    """True when ``update`` only inserts ground data (INSERT DATA operations): its quads can
    then be added to the merges as they are, without copying what its graphs held before
    (which grows with the graph: a provenance graph written at every submission).

    >>> inserts_data_only("INSERT DATA { GRAPH <g> { <a> <b> 'delete' } }")
    True
    >>> inserts_data_only("DELETE DATA { <a> <b> <c> } ; INSERT DATA { <a> <b> <d> }")
    False
    """
    words = [
        value.upper()
        for kind, value, _ in sparql_text.tokens(update)
        if kind == "word" and ":" not in value
    ]
    return "INSERT" in words and "DATA" in words and not _NOT_DATA.intersection(words)


def _names_a_graph(previous: list[str]) -> bool:
    """True when the two tokens before an IRI put it where an update names a graph."""
    last, before = previous[1].upper(), previous[0].upper()
    return last in _WRITTEN_AFTER or (last == "SILENT" and before in _COPIES)


def _resolved(kind: str, value: str, prefixes: dict[str, str], base: str) -> str | None:
    if kind == "iri":
        return urljoin(base, value[1:-1])
    if kind != "word" or ":" not in value:
        return None
    prefix, _, local = value.partition(":")
    namespace = prefixes.get(prefix + ":")
    return None if namespace is None else namespace + local
