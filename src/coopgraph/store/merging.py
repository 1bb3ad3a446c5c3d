"""The merged default graphs: the SPARQL that keeps them equal to the RDF merge of the graphs.

SPARQL's default graph is a graph, a set of triples: a triple held by three graphs counts
once. An engine's union of graphs repeats it once per graph (pyoxigraph 0.5's
``use_default_graph_as_union``, oxigraph issue 1919), so the store keeps two merged graphs
of its own, written in the same update as every write:

- :data:`UNION_GRAPH`: every triple of the default graph and of every named graph;
- :data:`ASSERTED_GRAPH`: every triple of the named graphs that are not inferred (what
  ``inference=false`` reads), less those of the graph kept apart, if there is one.

The graph kept apart (named in :data:`APART_GRAPH`) is the first large asserted graph the
bulk loader wrote, the geography: :data:`ASSERTED_GRAPH` holds none of its triples, and
``inference=false`` reads both, two graphs with no triple in common, still a set. A first
start writes the geography twice instead of three times.

A write copies the graphs it may change (its *scope*) into :data:`BEFORE_GRAPH` first; after
it, their triples are added to the merges, and a triple they held before leaves a merge only
when no other graph holds it. An update whose scope cannot be told (``GRAPH ?g``, ``DROP
ALL``) rebuilds both merges instead. The merged graphs are never shown as graphs of their own.
Which graphs a write may change is update_scope.py's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
ADDED_GRAPH = MERGED_BASE + "added"
"""Scratch: the asserted triples a replacement adds to other graphs, dropped in its update."""
APART_GRAPH = MERGED_BASE + "apart"
"""Names the graph kept apart, if any: ``<graph> <APART_GRAPH> <ASSERTED_GRAPH>``."""

_VISIBLE = f'!STRSTARTS(STR(?g), "{MERGED_BASE}")'
_ASSERTED = f'{_VISIBLE} && !STRSTARTS(STR(?g), "{INFERRED_BASE}")'


def _apart(term: str) -> str:
    """The pattern that matches when ``term`` (a graph or a variable) is the graph kept apart."""
    return f"GRAPH <{APART_GRAPH}> {{ {term} <{APART_GRAPH}> <{ASSERTED_GRAPH}> }}"


def apart_mark(graph: str | None) -> str:
    """The update that keeps ``graph`` apart, or none (see the module)."""
    if graph is None:
        return f"DROP SILENT GRAPH <{APART_GRAPH}>"
    return f"INSERT DATA {{ {_apart(sparql_text.iri_ref(graph))} }}"


def apart_cleared(apart: str) -> str:
    """The update that takes out of :data:`ASSERTED_GRAPH` what ``apart`` holds."""
    asserted = sparql_text.iri_ref(ASSERTED_GRAPH)
    return (
        f"DELETE {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {asserted} {{ ?s ?p ?o }} "
        f"GRAPH {sparql_text.iri_ref(apart)} {{ ?s ?p ?o }} }}"
    )


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


def maintained(update: str, scope: Sequence[str] | None, apart: str | None = None) -> str:
    """``update`` with what keeps the merges equal to the graphs around it: one update.
    ``apart``: the graph kept apart, if the store keeps one."""
    return _joined(saving(scope), update, following(scope, apart))


def replacing_and_adding(
    graph: str, ntriples: bytes, additions: Mapping[str, bytes], apart: str | None = None
) -> str:
    """The update that replaces ``graph`` with ``ntriples`` and adds ``additions`` (N-Triples
    by graph), the merges kept: only ``graph`` is the scope, and the additions go into the
    merges as they are (never a copy of what their graphs held: that grows with them), by
    way of ADDED_GRAPH when a graph is kept apart (what it holds stays out)."""
    merge = ASSERTED_GRAPH if apart is None else ADDED_GRAPH
    inserts = [(g, t) for g, t in {graph: ntriples, **additions}.items()]
    inserts += [(UNION_GRAPH, t) for t in additions.values()]
    inserts += [(merge, t) for g, t in additions.items() if not is_inferred(g)]
    written = [
        f"INSERT DATA {{ GRAPH {sparql_text.iri_ref(g)} {{\n{t.decode()}}} }}" for g, t in inserts
    ]
    if apart is not None:
        asserted, added = sparql_text.iri_ref(ASSERTED_GRAPH), sparql_text.iri_ref(ADDED_GRAPH)
        held = f"GRAPH {sparql_text.iri_ref(apart)} {{ ?s ?p ?o }}"
        written += [
            f"INSERT {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {added} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ {held} }} }}",
            f"DELETE {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {added} {{ ?s ?p ?o }} "
            f"{held} }}",
            f"DROP SILENT GRAPH {added}",
        ]
    text = _joined(f"DROP SILENT GRAPH {sparql_text.iri_ref(graph)}", *written)
    return maintained(text, [graph], apart)


def saving(scope: Sequence[str] | None) -> str:
    """The update that copies what the default graph and ``scope`` hold into BEFORE_GRAPH
    (nothing when the merges will be rebuilt)."""
    if scope is None:
        return ""
    before = sparql_text.iri_ref(BEFORE_GRAPH)
    saved = [f"DROP SILENT GRAPH {before}", f"ADD SILENT DEFAULT TO {before}"]
    return _joined(*saved, *(f"ADD SILENT {sparql_text.iri_ref(g)} TO {before}" for g in scope))


def following(scope: Sequence[str] | None, apart: str | None = None) -> str:
    """The updates that follow a write of ``scope`` (None: of unknown graphs): its triples
    added to the merges, the triples it held before and no graph holds now taken out."""
    if scope is None:
        return rebuilding()
    before = sparql_text.iri_ref(BEFORE_GRAPH)
    changed = apart if apart in scope else None
    return _joined(adding(scope, apart), _removing(apart, changed), f"DROP SILENT GRAPH {before}")


def after(update: str, scope: Sequence[str] | None, apart: str | None = None) -> str:
    """``update`` followed by :func:`following`: one update, the write's own text first (so
    that a syntax error's line and column are the writer's)."""
    return _joined(update, following(scope, apart))


def merges_of(graph: str) -> list[str]:
    """The merged graphs a named graph's triples belong in.

    >>> merges_of(INFERRED_BASE + "x") == [UNION_GRAPH]
    True
    """
    return [UNION_GRAPH] if is_inferred(graph) else [UNION_GRAPH, ASSERTED_GRAPH]


def adding(scope: Sequence[str], apart: str | None = None) -> str:
    """Updates that add the triples of the default graph and of ``scope`` to the merges:
    none of those ``apart`` holds to the asserted merge, and if ``apart`` is in the scope,
    what it holds out of that merge."""
    union, asserted = sparql_text.iri_ref(UNION_GRAPH), sparql_text.iri_ref(ASSERTED_GRAPH)
    held = "" if apart is None else f"GRAPH {sparql_text.iri_ref(apart)} {{ ?s ?p ?o }}"
    operations = [f"INSERT {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}"]
    for graph in scope:
        name = sparql_text.iri_ref(graph)
        operations.append(_copy(name, union))
        if is_inferred(graph):
            continue
        if graph == apart:
            operations.append(
                f"DELETE {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {asserted} "
                f"{{ ?s ?p ?o }} {held} }}"
            )
        else:
            kept_out = f"FILTER NOT EXISTS {{ {held} }}" if held else ""
            operations.append(
                f"INSERT {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {name} "
                f"{{ ?s ?p ?o }} {kept_out} }}"
            )
    return _joined(*operations)


def _copy(source: str, target: str) -> str:
    return f"INSERT {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {source} {{ ?s ?p ?o }} }}"


def _removing(apart: str | None, changed: str | None) -> str:
    """Updates that take out of each merge the triples of BEFORE_GRAPH no graph holds now
    (for the asserted merge: no asserted graph but ``apart``), and put back into it those
    ``changed`` (the graph kept apart, written) no longer holds."""
    union, asserted = sparql_text.iri_ref(UNION_GRAPH), sparql_text.iri_ref(ASSERTED_GRAPH)
    before = sparql_text.iri_ref(BEFORE_GRAPH)
    elsewhere = "FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER ({}) }}"
    merged = _ASSERTED if apart is None else f"{_ASSERTED} && ?g != {sparql_text.iri_ref(apart)}"
    operations = [
        f"DELETE {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {before} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ ?s ?p ?o }} {elsewhere.format(_VISIBLE)} }}",
        f"DELETE {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {before} {{ ?s ?p ?o }} "
        f"{elsewhere.format(merged)} }}",
    ]
    if changed is not None:
        operations.append(
            f"INSERT {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {before} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH {sparql_text.iri_ref(changed)} {{ ?s ?p ?o }} }} "
            f"FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER ({merged}) }} }}"
        )
    return _joined(*operations)


def rebuilding() -> str:
    """Updates that make both merges again from every graph (and create them if absent)."""
    union, asserted = sparql_text.iri_ref(UNION_GRAPH), sparql_text.iri_ref(ASSERTED_GRAPH)
    return _joined(
        f"DROP SILENT GRAPH {union}",
        f"DROP SILENT GRAPH {asserted}",
        f"DROP SILENT GRAPH {sparql_text.iri_ref(BEFORE_GRAPH)}",
        f"DROP SILENT GRAPH {sparql_text.iri_ref(ADDED_GRAPH)}",
        f"CREATE SILENT GRAPH {union}",
        f"CREATE SILENT GRAPH {asserted}",
        f"INSERT {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ {{ ?s ?p ?o }} UNION "
        f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER ({_VISIBLE}) }} }}",
        f"INSERT {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER ({_ASSERTED}) FILTER NOT EXISTS {{ {_apart('?g')} }} FILTER NOT EXISTS "
        f"{{ {_apart('?apart')} GRAPH ?apart {{ ?s ?p ?o }} }} }}",
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
