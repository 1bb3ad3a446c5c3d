"""The merged default graphs: the SPARQL that keeps them equal to the RDF merge of the graphs.

SPARQL's default graph is a graph, a set of triples: a triple held by three graphs counts
once. An engine's union of graphs repeats it once per graph (pyoxigraph 0.5's
``use_default_graph_as_union``, oxigraph issue 1919), so the store keeps two merged graphs
of its own, written in the same update as every write:

- :data:`UNION_GRAPH`: every triple of the default graph and of every named graph;
- :data:`ASSERTED_GRAPH`: every triple of the named graphs that are not inferred (what
  ``inference=false`` reads).

A write copies the graphs it may change (its *scope*) into :data:`BEFORE_GRAPH` first; after
it, their triples are added to the merges, and a triple they held before leaves a merge only
when no other graph holds it. An update whose scope cannot be told (``GRAPH ?g``, ``DROP
ALL``) rebuilds both merges instead. The merged graphs are never shown as graphs of their own.

>>> scope_of("PREFIX g: <http://ex/g/> INSERT DATA { GRAPH g:one { <a> <b> <c> } }")
['http://ex/g/one']
>>> scope_of("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }") is None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urljoin

from coopgraph import sparql_text
from coopgraph.errors import RefusedOperation
from coopgraph.iris import GRAPH_BASE, INFERRED_BASE

MERGED_BASE = GRAPH_BASE + "merged/"
"""The store's own graphs, hidden from every listing, dump and ``GRAPH ?g``."""
UNION_GRAPH = MERGED_BASE + "union"
"""The RDF merge of the default graph and every named graph: the union default graph."""
ASSERTED_GRAPH = MERGED_BASE + "asserted"
"""The RDF merge of every named graph that is not inferred (``inference=false``)."""
BEFORE_GRAPH = MERGED_BASE + "before"
"""Scratch: the triples a write's scope held before it, dropped in the same update."""

_COPIES = frozenset({"ADD", "MOVE", "COPY"})
_WRITTEN_AFTER = frozenset({"GRAPH", "INTO", "TO", "WITH", *_COPIES})
_UNKNOWN_SCOPE = frozenset({"ALL", "NAMED"})
_VISIBLE = f'!STRSTARTS(STR(?g), "{MERGED_BASE}")'
_ASSERTED = f'{_VISIBLE} && !STRSTARTS(STR(?g), "{INFERRED_BASE}")'


def is_hidden(graph: str) -> bool:
    """True for the store's own merged graphs."""
    return graph.startswith(MERGED_BASE)


def is_inferred(graph: str) -> bool:
    """True for an inferred graph (left out of :data:`ASSERTED_GRAPH`)."""
    return graph.startswith(INFERRED_BASE)


def check_writable(graph: str | None) -> None:
    """Refuse a write into a merged default graph: only the store writes them."""
    if graph is not None and is_hidden(graph):
        raise RefusedOperation(
            f"<{graph}> is the store's own merged default graph: write the graphs it merges / "
            f"<{graph}> est le graphe par défaut fusionné de la base : écrivez les graphes "
            "qu'il fusionne"
        )


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


def maintained(update: str, scope: Sequence[str] | None) -> str:
    """``update`` with what keeps the merges equal to the graphs around it: one update."""
    return _joined(saving(scope), update, following(scope))


def replacing_and_adding(graph: str, ntriples: bytes, additions: Mapping[str, bytes]) -> str:
    """The update that replaces ``graph`` with ``ntriples`` and adds ``additions`` (N-Triples
    by graph), the merges kept: only ``graph`` is the scope, and the additions go into the
    merges as they are (never a copy of what their graphs held: that grows with them)."""
    inserts = [(g, t) for g, t in {graph: ntriples, **additions}.items()]
    inserts += [(UNION_GRAPH, t) for t in additions.values()]
    inserts += [(ASSERTED_GRAPH, t) for g, t in additions.items() if not is_inferred(g)]
    written = [
        f"INSERT DATA {{ GRAPH {sparql_text.iri_ref(g)} {{\n{t.decode()}}} }}" for g, t in inserts
    ]
    text = _joined(f"DROP SILENT GRAPH {sparql_text.iri_ref(graph)}", *written)
    return maintained(text, [graph])


def saving(scope: Sequence[str] | None) -> str:
    """The update that copies what the default graph and ``scope`` hold into BEFORE_GRAPH
    (nothing when the merges will be rebuilt)."""
    if scope is None:
        return ""
    before = sparql_text.iri_ref(BEFORE_GRAPH)
    saved = [f"DROP SILENT GRAPH {before}", f"ADD SILENT DEFAULT TO {before}"]
    return _joined(*saved, *(f"ADD SILENT {sparql_text.iri_ref(g)} TO {before}" for g in scope))


def following(scope: Sequence[str] | None) -> str:
    """The updates that follow a write of ``scope`` (None: of unknown graphs): its triples
    added to the merges, the triples it held before and no graph holds now taken out."""
    if scope is None:
        return rebuilding()
    before = sparql_text.iri_ref(BEFORE_GRAPH)
    return _joined(adding(scope), _removing(), f"DROP SILENT GRAPH {before}")


def after(update: str, scope: Sequence[str] | None) -> str:
    """``update`` followed by :func:`following`: one update, the write's own text first (so
    that a syntax error's line and column are the writer's)."""
    return _joined(update, following(scope))


def merges_of(graph: str) -> list[str]:
    """The merged graphs a named graph's triples belong in.

    >>> merges_of(INFERRED_BASE + "x") == [UNION_GRAPH]
    True
    """
    return [UNION_GRAPH] if is_inferred(graph) else [UNION_GRAPH, ASSERTED_GRAPH]


def adding(scope: Sequence[str]) -> str:
    """Updates that add the triples of the default graph and of ``scope`` to the merges."""
    union, asserted = sparql_text.iri_ref(UNION_GRAPH), sparql_text.iri_ref(ASSERTED_GRAPH)
    operations = [f"INSERT {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}"]
    for graph in scope:
        name = sparql_text.iri_ref(graph)
        operations.append(_copy(name, union))
        if not is_inferred(graph):
            operations.append(_copy(name, asserted))
    return _joined(*operations)


def _copy(source: str, target: str) -> str:
    return f"INSERT {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {source} {{ ?s ?p ?o }} }}"


def _removing() -> str:
    """Updates that take out of each merge the triples of BEFORE_GRAPH no graph holds now."""
    union, asserted = sparql_text.iri_ref(UNION_GRAPH), sparql_text.iri_ref(ASSERTED_GRAPH)
    before = sparql_text.iri_ref(BEFORE_GRAPH)
    elsewhere = "FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER ({}) }}"
    return _joined(
        f"DELETE {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {before} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ ?s ?p ?o }} {elsewhere.format(_VISIBLE)} }}",
        f"DELETE {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {before} {{ ?s ?p ?o }} "
        f"{elsewhere.format(_ASSERTED)} }}",
    )


def rebuilding() -> str:
    """Updates that make both merges again from every graph (and create them if absent)."""
    union, asserted = sparql_text.iri_ref(UNION_GRAPH), sparql_text.iri_ref(ASSERTED_GRAPH)
    return _joined(
        f"DROP SILENT GRAPH {union}",
        f"DROP SILENT GRAPH {asserted}",
        f"DROP SILENT GRAPH {sparql_text.iri_ref(BEFORE_GRAPH)}",
        f"CREATE SILENT GRAPH {union}",
        f"CREATE SILENT GRAPH {asserted}",
        f"INSERT {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ {{ ?s ?p ?o }} UNION "
        f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER ({_VISIBLE}) }} }}",
        f"INSERT {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER ({_ASSERTED}) }}",
    )


def _joined(*operations: str) -> str:
    """Operations as one update; the first may end with its own ``;``."""
    parts = [_without_final_semicolon(op) for op in operations if op.strip()]
    return " ;\n".join(parts)


def _without_final_semicolon(update: str) -> str:
    significant = [(k, v, o) for k, v, o in sparql_text.tokens(update) if k != "comment"]
    if significant and significant[-1][1] == ";":
        update = update[: significant[-1][2]]
    return update + "\n"
