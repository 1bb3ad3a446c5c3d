"""OWL 2 RL reasoning behind a small interface: one inferred graph per source graph.

Each source graph gets its own inferred graph, ``graph/inferred/<source path>``, holding what
the OWL 2 RL rules (``reasoning.engine``) derive from the source together with the ontology
and the types of the resources it mentions, minus what those already say and the triples
``engine.is_axiomatic`` leaves out: inferred triples can always be told apart and dropped. A
source past ``LARGE_SOURCE`` triples (the official geography) gets the closure of
``reasoning.closure`` instead, computed once per change.

>>> inferred_graph_name("https://w3id.org/coopgraph/graph/data/seed/workshop")
'https://w3id.org/coopgraph/graph/inferred/data/seed/workshop'
"""

from __future__ import annotations

import contextlib
import gc
import time
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from coopgraph import formats
from coopgraph.iris import (
    CATALOG_GRAPH,
    GRAPH_BASE,
    INFERRED_BASE,
    NO_GRAPH,
    ONTOLOGY_GRAPH,
    SHAPES_GRAPH,
)
from coopgraph.reasoning.closure import LARGE_SOURCE, hierarchy_closure, prepared
from coopgraph.reasoning.consistency import Inconsistency, inconsistencies
from coopgraph.reasoning.engine import is_axiomatic, owl_rl_closure
from coopgraph.reasoning.freshness import forget_version, record_version, source_version, stale
from coopgraph.reasoning.input import digest, reusable, unread_left_out
from coopgraph.reasoning.schema import Schema, axioms_for
from coopgraph.reasoning.schema import current as current_schema
from coopgraph.reasoning.schema import held as held_schema
from coopgraph.reasoning.triples import Triples
from coopgraph.sparql_text import term_text
from coopgraph.store import Dataset, Store

NOT_REASONED = frozenset({SHAPES_GRAPH, CATALOG_GRAPH})
_TYPES_CHUNK = 500
_TYPE = RDF.type
Triple = tuple[Node, Node, Node]

Progress = Callable[[str], None]
_derived: weakref.WeakKeyDictionary[
    Store, dict[str, tuple[str, bytes, tuple[Inconsistency, ...]]]
] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Inference:
    """What materialising one source gave."""

    source: str
    graph: str
    triples: int
    seconds: float
    inconsistencies: tuple[Inconsistency, ...] = ()


def inferred_graph_name(source: str) -> str:
    """The inferred graph of a source graph."""
    return INFERRED_BASE + source.removeprefix(GRAPH_BASE)


def is_inferred(graph: str) -> bool:
    """True for the graphs reasoning writes."""
    return graph.startswith(INFERRED_BASE)


def asserted_only(store: Store, dataset: Dataset = Dataset()) -> Dataset:
    """A dataset without the inferred graphs (for ``inference=false``): the request's own
    dataset less its inferred graphs, or every asserted graph as both the default graph and
    the named graphs."""
    if dataset.is_given:
        default = tuple(g for g in dataset.default_graphs if not is_inferred(g))
        named = tuple(g for g in dataset.named_graphs if not is_inferred(g))
        return Dataset(default or (NO_GRAPH,), named or (NO_GRAPH,))
    graphs = tuple(g for g in store.graph_names() if not is_inferred(g)) or (NO_GRAPH,)
    return Dataset(graphs, graphs)


def _export(store: Store, name: str) -> bytes:
    return store.export_graph(name, formats.N_TRIPLES) if store.has_graph(name) else b""


def _mentioned_types(store: Store, source: list[Triple], skip: str) -> list[Triple]:
    """The rdf:type triples other asserted graphs hold about the IRIs the source mentions."""
    iris = sorted({n for s, _, o in source for n in (s, o) if isinstance(n, URIRef)})
    found: set[Triple] = set()
    for start in range(0, len(iris), _TYPES_CHUNK):
        values = " ".join(term_text(iri) for iri in iris[start : start + _TYPES_CHUNK])
        query = f"SELECT ?s ?type ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?type }} }}"
        for row in store.select(query):
            if str(row["g"]) != skip and not is_inferred(str(row["g"])):
                found.add((row["s"], _TYPE, row["type"]))
    return list(found)


def _closure(
    source: list[Triple], schema: Schema, context: list[Triple]
) -> tuple[Triples, list[Triple]]:
    """The OWL RL closure of the three together, and what it derived beyond them."""
    axioms = axioms_for(schema, source, context)
    read = unread_left_out(source, schema.named, context, schema.every_node_read)
    combined = owl_rl_closure((read, axioms, context))
    if (axioms is not schema.prepared or len(read) < len(source)) and not reusable(combined):
        combined = owl_rl_closure((source, schema.prepared, context))  # equality reads all
    described = _individuals(source) | {subject for subject, _, _ in context}
    given = {*source, *context}
    known = schema.prepared.triples
    derived = [
        triple
        for triple in combined
        if triple[0] in described
        and triple not in given
        and triple not in known
        and not is_axiomatic(triple)
    ]
    return combined, derived


def _individuals(source: list[Triple]) -> set[Node]:
    """What a source describes or points to, classes aside: the subjects the entailments
    of the source are about (the ontology's own entailments live in its inferred graph)."""
    found = {subject for subject, _, _ in source}
    found.update(value for _, predicate, value in source if predicate != _TYPE)
    return found


def _size(store: Store, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {term_text(URIRef(graph))} {{ ?s ?p ?o }} }}"
    rows = store.select(query).rows
    return int(str(rows[0]["n"])) if rows else 0


def materialise(store: Store, source_graph: str, size: int | None = None) -> Inference:
    """Recompute the inferred graph of one source, and record the source's version it was
    made from (``reasoning.freshness``); returns what it holds and found. ``size``, the
    source's triples if the caller counted them (a count of the geography takes 0.1-0.2 s)."""
    started = time.monotonic()
    found: tuple[Inconsistency, ...] = ()
    if (_size(store, source_graph) if size is None else size) > LARGE_SOURCE:
        version = source_version(store, source_graph)
        data = prepared(store, source_graph, (version, source_version(store, ONTOLOGY_GRAPH)))
        if data is None:
            data = hierarchy_closure(store, source_graph, current_schema(store).graph)
    else:
        exported = _export(store, source_graph)
        version = source_version(store, source_graph, exported)
        data, found = derivation(store, source_graph, Graph().parse(data=exported, format="nt"))
    name = inferred_graph_name(source_graph)
    count = store.replace_graph(name, data, formats.N_TRIPLES)
    record_version(store, name, source_graph, version)
    return Inference(source_graph, name, count, time.monotonic() - started, found)


def derivation(
    store: Store, source_graph: str, source: Graph, context: Graph | None = None
) -> tuple[bytes, tuple[Inconsistency, ...]]:
    """What ``materialise`` would write for ``source_graph`` if it held ``source`` (N-Triples),
    and its findings, writing nothing. ``context`` defaults to the store's types of what it
    mentions. Kept for reuse like a materialisation's: materialising that content next reads
    it back instead of reasoning again (``reasoning.input``).

    The cyclic garbage collector is paused meanwhile: the work allocates tens of thousands of
    tuples, none in a cycle, and the collections they set off, over the whole heap of a
    service, took 5 of the 60 ms of a 1,000-triple submission."""
    with _collector_paused():
        triples = list(source)
        given = _mentioned_types(store, triples, source_graph) if context is None else context
        return _derive(store, source_graph, triples, list(given))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, and start it again if it was on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _derive(
    store: Store, source_graph: str, source: list[Triple], context: list[Triple]
) -> tuple[bytes, tuple[Inconsistency, ...]]:
    """What the engine derives from (source, ontology, context), as N-Triples, and its findings;
    reused when only free text changed since the source was last reasoned (``reasoning.input``)."""
    schema = current_schema(store)
    key = digest(source, schema.named, context, schema.digest)
    kept = _derived.setdefault(store, {}).get(source_graph)
    if kept is not None and kept[0] == key:
        return kept[1], kept[2]
    closure, derived = _closure(source, schema, context)
    found = inconsistencies(closure)
    written = Graph()
    for triple in derived:
        written.add(triple)
    data = written.serialize(format="nt", encoding="utf-8")
    if reusable(closure):
        _derived[store][source_graph] = (key, data, found)
    return data, found


def forget_reuse(store: Store) -> None:
    """Drop the derivations kept for reuse on ``store``: the next materialisation does the
    work again (benchmarks measure it)."""
    _derived.pop(store, None)


def reasoned_sources(store: Store) -> list[str]:
    """The asserted graphs that get an inferred graph."""
    return [g for g in store.graph_names() if not is_inferred(g) and g not in NOT_REASONED]


def forget(store: Store, source_graph: str) -> None:
    """Drop the inferred graph of a source that is gone, and its record."""
    _drop(store, inferred_graph_name(source_graph))


def _drop(store: Store, inferred: str) -> None:
    store.drop_graph(inferred)
    forget_version(store, inferred)


def rebuild(store: Store, progress: Progress | None = None) -> list[Inference]:
    """Recompute every inferred graph, dropping those whose source is gone."""
    say = progress or (lambda _message: None)
    sources = reasoned_sources(store)
    wanted = {inferred_graph_name(s) for s in sources}
    for graph in store.graph_names():
        if is_inferred(graph) and graph not in wanted:
            _drop(store, graph)
    return _materialise_all(store, sources, say)


def _materialise_all(store: Store, sources: list[str], say: Progress) -> list[Inference]:
    """Materialise ``sources``, those past ``LARGE_SOURCE`` in a thread of their own meanwhile:
    their closure's bulk loads let go of the GIL (``store.merged_graphs``), and the small
    sources' reasoning runs on the other core; each announced when done, returned in order.
    The ontology is read once for all of them (``reasoning.schema.held``)."""
    sizes = {source: _size(store, source) for source in sources}
    large = [source for source in sources if sizes[source] > LARGE_SOURCE]
    with held_schema(store), ThreadPoolExecutor(1, thread_name_prefix="coopgraph-closure") as apart:
        pending = {s: apart.submit(materialise, store, s, sizes[s]) for s in large}
        done = {
            s: _announce(materialise(store, s, sizes[s]), say) for s in sources if s not in large
        }
        done |= {source: _announce(work.result(), say) for source, work in pending.items()}
    return [done[source] for source in sources]


def follow_synchronisation(
    store: Store, loaded: list[str], dropped: list[str], progress: Progress | None = None
) -> list[Inference]:
    """Bring the inferred graphs up to date after a synchronisation: everything again when
    the ontology changed, else the sources loaded, those without an inferred graph, and those
    whose inferred graph was made from another version of them (a crash between a write and
    its reasoning leaves one behind)."""
    say = progress or (lambda _message: None)
    if ONTOLOGY_GRAPH in loaded:
        return rebuild(store, say)
    for source in dropped:
        forget(store, source)
    existing = set(store.graph_names())
    sources = reasoned_sources(store)
    behind = set(stale(store, sources))
    again = [
        s for s in sources if s in loaded or s in behind or inferred_graph_name(s) not in existing
    ]
    return _materialise_all(store, again, say)


def _announce(inference: Inference, say: Progress) -> Inference:
    say(
        f"inferred {inference.triples} triples from <{inference.source}> "
        f"in {inference.seconds:.1f} s"
    )
    for finding in inference.inconsistencies:
        involved = "".join(
            f"\n    {' '.join(t.n3() for t in triple)} ." for triple in finding.triples
        )
        say(f"inconsistent: {finding.message}{involved}")
    return inference
