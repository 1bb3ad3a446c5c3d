"""The embedded engine's side of the merged default graphs (merging.py): the graphs it shows,
the quads it writes with their merges, and the default graph a query reads.

A query without a dataset reads :data:`UNION_GRAPH`, its named graphs every graph but the
merged ones. A dataset listing two or more default graphs reads the stored merge that equals
them (every graph; every asserted graph, as ``inference=false`` lists them), else a merge of
exactly those graphs made for the query in memory, refused past :data:`MERGE_LIMIT` triples.

A large document goes through pyoxigraph's bulk loader, its bytes again into each merge
(:func:`bulk_load`). The bulk loader writes new files to disk at each call, whatever the size
of the document: for a few hundred triples this fixed cost, three times, outweighs a
transaction (on a first start each seed file's inferred graph took more than a second), so
documents under :data:`BULK_BYTES` take one transaction instead. The quads a load added are
counted in its graph: counting the whole store (``len``) reads every quad of it, a third of a
second per count on a store holding the geography and its merges, twice per load. The graph
and its merges are loaded all at once, each in a thread, from a temporary file: pyoxigraph
lets go of the GIL for the whole load only when it reads a file itself. From ``bytes`` it
takes the GIL back again and again: a Python loop running meanwhile slowed a load of the
geography from 2.5 to 8.8 s, and not at all from a file; two copies from a file in two
threads took 2.8 s, against 4.4 s from bytes one after the other (2026-12-03, 2 cores). The
three copies of the geography took 3.5-3.6 s in three threads against 4.6-4.7 s two at a
time, the same CPU time (6.8-7.0 s; 2026-12-03, 2 cores, load average 2.1): two at a time,
the third load ran alone on one core.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coopgraph.errors import InputError
from coopgraph.store import merging
from coopgraph.store.base import Dataset
from coopgraph.store.guards import bulk_loadable, rdf_error
from coopgraph.store.merging import (
    APART_GRAPH,
    ASSERTED_GRAPH,
    UNION_GRAPH,
    is_hidden,
    is_inferred,
)
from coopgraph.store.rdf_io import named_node, rdf_format, written

MERGE_LIMIT = 500_000
"""Most triples a query's own merge of listed default graphs may hold (time and memory)."""
BULK_BYTES = 1_000_000
"""Documents at least this large (about 8,000 N-Triples lines) go through the bulk loader."""

Graphs = dict[str, Any]
"""The dataset keywords of pyoxigraph's ``Store.query``."""


def visible_names(engine: ox.Store) -> set[str]:
    """The named graphs of the engine, less the merged default graphs."""
    graphs = engine.named_graphs()
    return {g.value for g in graphs if isinstance(g, ox.NamedNode) and not is_hidden(g.value)}


def is_hidden_quad(quad: ox.Quad) -> bool:
    """True for a quad of a merged default graph."""
    return isinstance(quad.graph_name, ox.NamedNode) and is_hidden(quad.graph_name.value)


def visible_quads(engine: ox.Store) -> Iterator[ox.Quad]:
    """Every quad but those of the merged default graphs."""
    return (q for q in engine.quads_for_pattern(None, None, None) if not is_hidden_quad(q))


def apart_graph(engine: ox.Store) -> ox.NamedNode | None:
    """The graph kept apart from the merge of the asserted graphs, if any (merging.py)."""
    marks = engine.quads_for_pattern(None, None, None, ox.NamedNode(APART_GRAPH))
    apart = next((q.subject for q in marks), None)
    return apart if isinstance(apart, ox.NamedNode) else None


def apart_of(engine: ox.Store) -> str | None:
    """The IRI of the graph kept apart, if any."""
    apart = apart_graph(engine)
    return None if apart is None else apart.value


def extend(engine: ox.Store, quads: Sequence[ox.Quad]) -> None:
    """Add the quads, and their triples to the merged default graphs, in one transaction: one
    extend, or one update for quads into the graph kept apart (the asserted merge then loses
    the triples it holds)."""
    apart = apart_graph(engine)
    if apart is not None and any(q.graph_name == apart for q in quads):
        scope = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        engine.update(merging.after(inserting(quads), sorted(scope), apart.value))
        return
    union, asserted = ox.NamedNode(UNION_GRAPH), ox.NamedNode(ASSERTED_GRAPH)
    copies = [ox.Quad(q.subject, q.predicate, q.object, union) for q in quads]
    copies += [
        ox.Quad(q.subject, q.predicate, q.object, asserted)
        for q in quads
        if isinstance(q.graph_name, ox.NamedNode)
        and not is_inferred(q.graph_name.value)
        and (apart is None or ox.Quad(q.subject, q.predicate, q.object, apart) not in engine)
    ]
    engine.extend([*quads, *copies])


def inserting(quads: Sequence[ox.Quad]) -> str:
    """INSERT DATA of ``quads``, graph by graph (the default graph's as they are)."""
    by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, []).append(quad.triple)
    blocks = []
    for graph, triples in by_graph.items():
        text = written(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode()
        blocks.append(text if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{text}}}")
    return "INSERT DATA {\n" + "\n".join(blocks) + "}"


def union_dataset(engine: ox.Store) -> Graphs:
    """The whole store as a dataset: the union merge, every visible named graph. A store
    without merges (a snapshot made before them) reads the engine's own union."""
    if not engine.contains_named_graph(ox.NamedNode(UNION_GRAPH)):
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(UNION_GRAPH)],
        "named_graphs": [ox.NamedNode(g) for g in sorted(visible_names(engine))],
    }


def listed_dataset(
    engine: ox.Store, dataset: Dataset, limit: int = MERGE_LIMIT
) -> tuple[ox.Store, Graphs]:
    """The engine and dataset that read ``dataset`` with its default graphs merged: the
    engine itself, or a store in memory holding their merge and the named graphs (at most
    ``limit`` triples)."""
    default = [g for g in dict.fromkeys(dataset.default_graphs) if not is_hidden(g)]
    named = [ox.NamedNode(g) for g in dict.fromkeys(dataset.named_graphs) if not is_hidden(g)]
    stored = _stored_merge(engine, default) if len(default) > 1 else None
    if len(default) <= 1 or stored is not None:
        graphs = [ox.NamedNode(g) for g in default] if stored is None else stored
        return engine, {"default_graph": graphs, "named_graphs": named}
    merged = ox.Store()
    for graph in default:
        _copy(engine, merged, graph, ox.DefaultGraph(), limit)
    for name in named:
        _copy(engine, merged, name.value, name, limit)
    return merged, {"default_graph": [ox.DefaultGraph()], "named_graphs": named}


def _stored_merge(engine: ox.Store, default: list[str]) -> list[ox.NamedNode] | None:
    """The merged graphs equal to the merge of ``default``, if the store keeps them: the
    union merge, or the asserted merge and the graph kept apart (no triple in common)."""
    present = visible_names(engine)
    listed = set(default) & present
    asserted = {g for g in present if not is_inferred(g)}
    if listed == asserted and engine.contains_named_graph(ox.NamedNode(ASSERTED_GRAPH)):
        apart = apart_graph(engine)
        return [ox.NamedNode(ASSERTED_GRAPH), *([apart] if apart is not None else [])]
    default_graph = engine.quads_for_pattern(None, None, None, ox.DefaultGraph())
    union = ox.NamedNode(UNION_GRAPH)
    if listed == present and next(iter(default_graph), None) is None:
        return [union] if engine.contains_named_graph(union) else None
    return None


def _copy(
    engine: ox.Store,
    merged: ox.Store,
    graph: str,
    target: ox.NamedNode | ox.DefaultGraph,
    limit: int,
) -> None:
    """Add ``graph``'s triples to ``target`` of ``merged``, refused past ``limit``."""
    room = limit - len(merged)
    found = engine.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    quads = [ox.Quad(q.subject, q.predicate, q.object, target) for q in islice(found, room + 1)]
    if len(quads) > room:
        raise InputError(
            f"the default graphs the dataset lists (FROM or default-graph-uri) are merged for "
            f"this query, with its named graphs: they hold more than {limit:,} triples; list "
            f"fewer or smaller graphs, or none to query the whole store / les graphes par défaut "
            f"du jeu de données (FROM ou default-graph-uri) sont fusionnés pour cette requête, "
            f"avec ses graphes nommés : ils contiennent plus de {limit:,} triplets ; listez "
            f"moins de graphes, ou de plus petits, ou aucun pour interroger toute la base"
        )
    merged.extend(quads)


def worth_bulk_loading(data: bytes, media_type: str, graph: str | None) -> bool:
    """True for a document the bulk loader takes as is and that is large enough to gain by it.

    >>> worth_bulk_loading(b"<a> <b> <c> .", "application/n-triples", "http://e/g")
    False
    """
    return len(data) >= BULK_BYTES and bulk_loadable(data, media_type, graph)


def bulk_load(
    engine: ox.Store, data: bytes, media_type: str, graph: str | None, base_iri: str | None
) -> int:
    """Load ``data`` into ``graph`` and its merges with the bulk loader, inside the caller's
    write lock; all or nothing for a syntax error. Returns the quads added to ``graph``."""
    before = _count(engine, graph)
    with tempfile.TemporaryDirectory(prefix="coopgraph-bulk-") as folder:
        document = Path(folder) / "document"
        document.write_bytes(data)
        load = partial(
            engine.bulk_load, path=document, format=rdf_format(media_type), base_iri=base_iri
        )
        if graph is None:
            _loaded(load, [None])
            engine.update(merging.rebuilding())
        else:  # the bytes again into the merges: an update copying the geography took 60 s
            _load_merged(engine, load, graph, before == 0)
    return _count(engine, graph) - before


def _load_merged(engine: ox.Store, load: Callable[..., None], graph: str, new: bool) -> None:
    """Load into ``graph`` and its merges. A new asserted graph is kept apart from the
    asserted merge if none is yet (merging.py): marked first, so that a crash leaves none of
    its triples out of both."""
    apart = apart_graph(engine)
    marked = apart is None and new and not is_inferred(graph)
    if marked:
        engine.update(merging.apart_mark(graph))
        apart = named_node(graph)
    merges = [named_node(merge) for merge in merging.merges_of(graph)]
    if apart == named_node(graph):
        merges = [merge for merge in merges if merge.value != ASSERTED_GRAPH]
    try:
        _loaded(load, [named_node(graph), *merges])
    except InputError:
        if marked:  # the load wrote nothing
            engine.update(merging.apart_mark(None))
        raise
    engine.add_graph(named_node(graph))
    if apart is not None and not is_inferred(graph):
        engine.update(merging.apart_cleared(apart.value))


def _loaded(load: Callable[..., None], targets: Sequence[ox.NamedNode | None]) -> None:
    """Run the loads into ``targets`` at once (see the module). Each parses the same
    bytes: a syntax error stops each of them alike, and none writes anything."""
    with ThreadPoolExecutor(len(targets)) as loaders:
        running = [loaders.submit(load, to_graph=target) for target in targets]
        try:
            for done in running:
                done.result()
        except SyntaxError as exc:
            raise rdf_error(exc) from exc


def _count(engine: ox.Store, graph: str | None) -> int:
    """The quads of ``graph`` (of the whole engine for None: an N-Quads document)."""
    if graph is None:
        return len(engine)
    if not engine.contains_named_graph(named_node(graph)):
        return 0
    solutions = engine.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {named_node(graph)} {{ ?s ?p ?o }} }}"
    )
    assert isinstance(solutions, ox.QuerySolutions)
    for solution in solutions:
        count = solution["n"]
        return int(count.value) if isinstance(count, ox.Literal) else 0
    return 0


def values_by_subject(ntriples: bytes, predicates: Sequence[str]) -> list[dict[str, set[str]]]:
    """For each predicate IRI, the objects of its triples by subject, as N-Triples terms, read
    by the engine's parser with no rdflib term made per triple: a large source's closure
    (reasoning.closure) reads so its file while the bulk loads above run, or the store's
    CONSTRUCT answers.

    >>> values_by_subject(b'<http://e/a> <http://e/p> "1" .', ["http://e/p", "http://e/q"])
    [{'<http://e/a>': {'"1"'}}, {}]
    """
    found: dict[ox.NamedNode, dict[str, set[str]]] = {ox.NamedNode(p): {} for p in predicates}
    for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        values = found.get(quad.predicate)
        if values is not None:
            values.setdefault(str(quad.subject), set()).add(str(quad.object))
    return list(found.values())
