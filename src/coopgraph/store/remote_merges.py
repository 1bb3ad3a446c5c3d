"""The remote store's merged default graphs: the default graph as an RDF merge on a server.

A quad store such as Virtuoso repeats a triple once per graph it finds it in when a query
lists several default graphs (``default-graph-uri``), so ``COUNT(*)`` over the union counted
a triple held by three graphs three times. The remote store therefore keeps on the server the
two merged graphs the embedded store keeps (merging.py): :data:`UNION_GRAPH`, the merge of
every registered graph, and :data:`ASSERTED_GRAPH`, that of the registered graphs that are
neither inferred nor the default graph (what ``inference=false`` lists). A graph is a set on
the server, so ``ADD`` into a merge keeps each triple once.

Every write request ends with the operations that keep them: the graphs it wrote are added to
the merges; when it may also have removed triples, what its graphs held before was copied
into a scratch graph of its own first, and a triple of that copy leaves a merge only when no
registered graph holds it (the registry join keeps Virtuoso's system graphs out). A chunked
write leaves the merges behind until its last request, which catches them up. A write whose
graphs cannot be told (``GRAPH ?g``, ``DROP ALL``, the registry itself), a restore, or the
first write on a server that has no merges yet rebuilds both; a marker in the registry says
they are kept, and until it is there queries read the list of graphs as before.

A query listing several default graphs reads the stored merge equal to them, else a merge
made on the server for that query alone (written into a hidden graph, dropped after it),
refused past :data:`MERGE_LIMIT` triples. That needs the update credentials: without them
the list is sent as it is, and a triple held by several of its graphs counts once per graph.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from coopgraph import sparql_text
from coopgraph.errors import InputError, StoreError
from coopgraph.iris import DEFAULT_GRAPH, INFERRED_BASE, REGISTRY_GRAPH, STAGING_BASE
from coopgraph.store import merging, statements, update_scope
from coopgraph.store.base import Dataset, Table
from coopgraph.store.merged_graphs import MERGE_LIMIT
from coopgraph.store.merging import ASSERTED_GRAPH, MERGED_BASE, UNION_GRAPH, is_hidden

_GRAPH_CLASS = "http://www.w3.org/ns/sparql-service-description#Graph"
_MARKER = f"<{UNION_GRAPH}> <{REGISTRY_GRAPH}#maintained> true"
MAINTAINED = f"ASK {{ GRAPH <{REGISTRY_GRAPH}> {{ {_MARKER} }} }}"
"""True when the server keeps the merged graphs."""
MARK = f"INSERT DATA {{ GRAPH <{REGISTRY_GRAPH}> {{ {_MARKER} }} }}"
"""The operation that ends a rebuild: from then on the server keeps the merged graphs."""
_REGISTERED = f"GRAPH <{REGISTRY_GRAPH}> {{ ?g a <{_GRAPH_CLASS}> }}"
_ASSERTED = f'?g != <{DEFAULT_GRAPH}> && !STRSTARTS(STR(?g), "{INFERRED_BASE}")'


def is_asserted(graph: str) -> bool:
    """True for a graph whose triples belong in :data:`ASSERTED_GRAPH`."""
    return graph != DEFAULT_GRAPH and not merging.is_inferred(graph)


def scope_of(update: str) -> list[str] | None:
    """The graphs ``update`` may change, the default graph always among them (Virtuoso's
    default graph of an update is ours only when the store sends it again); None when they
    cannot be told or include the store's bookkeeping. A write into a merge is refused."""
    scope = update_scope.scope_of(update)
    if scope is None or any(g.startswith((REGISTRY_GRAPH, STAGING_BASE)) for g in scope):
        return None
    return list(dict.fromkeys([DEFAULT_GRAPH, *scope]))


def new_scratch() -> str:
    """A hidden graph of one write's or one query's own (several processes may write)."""
    return f"{MERGED_BASE}scratch/{uuid.uuid4()}"


def saving(scope: Sequence[str], scratch: str) -> list[str]:
    """Operations that copy what ``scope`` holds into ``scratch``."""
    target = sparql_text.iri_ref(scratch)
    return [f"ADD SILENT {sparql_text.iri_ref(g)} TO {target}" for g in scope]


def adding(scope: Sequence[str]) -> list[str]:
    """Operations that add the triples of ``scope`` to the merges it belongs in."""
    union, asserted = sparql_text.iri_ref(UNION_GRAPH), sparql_text.iri_ref(ASSERTED_GRAPH)
    operations = []
    for graph in scope:
        operations.append(f"ADD SILENT {sparql_text.iri_ref(graph)} TO {union}")
        if is_asserted(graph):
            operations.append(f"ADD SILENT {sparql_text.iri_ref(graph)} TO {asserted}")
    return operations


def following(scope: Sequence[str], scratch: str) -> list[str]:
    """Operations after a write of ``scope`` saved into ``scratch``: its triples added to the
    merges, those it held before and no registered graph holds now taken out."""
    saved = sparql_text.iri_ref(scratch)
    remove = (
        "DELETE {{ GRAPH <{merge}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH {saved} {{ ?s ?p ?o }} "
        "FILTER NOT EXISTS {{ {registered} GRAPH ?g {{ ?s ?p ?o }} {only} }} }}"
    )
    return [
        *adding(scope),
        remove.format(merge=UNION_GRAPH, saved=saved, registered=_REGISTERED, only=""),
        remove.format(
            merge=ASSERTED_GRAPH, saved=saved, registered=_REGISTERED, only=f"FILTER ({_ASSERTED})"
        ),
        statements.drop(scratch),
    ]


def around(scope: Sequence[str] | None, maintained: bool) -> tuple[list[str], list[str], str]:
    """The operations to run before a write of ``scope`` (None: unknown), those after it that
    keep the merges (a rebuild where the scope is unknown or the merges are not kept yet), and
    the update that drops the scratch copy if the write fails."""
    if scope is None or not maintained:
        return [], rebuilding(), ""
    scratch = new_scratch()
    return saving(scope, scratch), following(scope, scratch), statements.drop(scratch)


def rebuilding() -> list[str]:
    """Operations that make both merges again from the registered graphs, and the marker."""
    union, asserted = sparql_text.iri_ref(UNION_GRAPH), sparql_text.iri_ref(ASSERTED_GRAPH)
    return [
        statements.drop(UNION_GRAPH),
        statements.drop(ASSERTED_GRAPH),
        f"INSERT {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ {_REGISTERED} "
        "GRAPH ?g { ?s ?p ?o } }",
        f"INSERT {{ GRAPH {asserted} {{ ?s ?p ?o }} }} WHERE {{ {_REGISTERED} "
        f"GRAPH ?g {{ ?s ?p ?o }} FILTER ({_ASSERTED}) }}",
        MARK,
    ]


def inserting(additions: Mapping[str, bytes], size: int) -> list[str]:
    """Operations that insert small additions (N-Triples by graph) into the merges as they
    are: never a copy of their graphs, which grow (the provenance graph)."""
    merged = [(UNION_GRAPH, t) for t in additions.values()]
    merged += [(ASSERTED_GRAPH, t) for g, t in additions.items() if is_asserted(g)]
    return [chunk for g, t in merged for chunk in statements.insert_chunks(t, g, size)]


def union_dataset(registered: Sequence[str], maintained: bool) -> Dataset:
    """The dataset of a query that names none: the union merge (else the list of graphs),
    every registered graph but the default one as a named graph."""
    named = tuple(g for g in registered if g != DEFAULT_GRAPH)
    return Dataset((UNION_GRAPH,) if maintained else tuple(registered), named)


@contextmanager
def query_dataset(
    asked: Dataset,
    select: Callable[[str], Table],
    write: Callable[[str], object],
    maintained: bool,
) -> Iterator[Dataset]:
    """The dataset to send for ``asked``: its default graphs as one graph, the stored merge
    equal to them or one made for the query (at most :data:`MERGE_LIMIT` triples; dropped
    after). ``select`` reads the whole server (the registry), ``write`` sends an update."""
    default = tuple(g for g in dict.fromkeys(asked.default_graphs) if not is_hidden(g))
    named = tuple(g for g in dict.fromkeys(asked.named_graphs) if not is_hidden(g))
    if len(default) <= 1 or not maintained:
        yield Dataset(default, named)
        return
    existing = {str(row["g"]) for row in select(statements.EXISTING_GRAPHS)}
    listed = set(default) & existing
    if listed in (existing, {g for g in existing if is_asserted(g)}):
        yield Dataset((UNION_GRAPH if listed == existing else ASSERTED_GRAPH,), named)
        return
    _check_size(default, select, MERGE_LIMIT)
    scratch = new_scratch()
    try:
        write(statements.joined(*saving(default, scratch)))
    except StoreError:  # no write access: the list as it is (see the module)
        yield Dataset(default, named)
        return
    try:
        yield Dataset((scratch,), named)
    finally:
        write(statements.drop(scratch))


def _check_size(default: Sequence[str], select: Callable[[str], Table], limit: int) -> None:
    """Refuse a merge for one query of more than ``limit`` triples (time and the server)."""
    values = " ".join(sparql_text.iri_ref(g) for g in default)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    rows = select(count).rows
    if rows and int(str(rows[0]["n"])) > limit:
        raise InputError(
            f"the default graphs the dataset lists (FROM or default-graph-uri) are merged for "
            f"this query: they hold more than {limit:,} triples; list fewer or smaller graphs, "
            f"or none to query the whole store / les graphes par défaut du jeu de données (FROM "
            f"ou default-graph-uri) sont fusionnés pour cette requête : ils contiennent plus de "
            f"{limit:,} triplets ; listez moins de graphes, ou de plus petits, ou aucun pour "
            f"interroger toute la base"
        )
