"""The embedded store: pyoxigraph on disk or in memory.

Every write goes through one lock and one pyoxigraph transaction, so writers never interleave
and a failed write leaves nothing behind; a full disk is DiskFull, and the engine is opened
again before the next write (reopening.py). Every write keeps the merged default graphs
(merging.py) in the same transaction; a store made before them gets them when opened. Queries
are querying.py's, parsing and serialising rdf_io's; compactions run at the lowest priority.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib.term import Identifier

from coopgraph import formats
from coopgraph.errors import InputError, QuerySyntaxError, StoreError
from coopgraph.store import merging
from coopgraph.store.base import Answer, AnswerFormats, Dataset, Store, Table
from coopgraph.store.compaction import lower_compaction_priority
from coopgraph.store.guards import open_failure
from coopgraph.store.merged_graphs import (
    apart_of,
    bulk_load,
    extend,
    inserting,
    is_hidden_quad,
    visible_names,
    visible_quads,
    worth_bulk_loading,
)
from coopgraph.store.querying import answer_query, ask_query, select_query
from coopgraph.store.rdf_io import graph_node, named_node, parse_quads, rdf_format, written
from coopgraph.store.reopening import EngineKeeper
from coopgraph.store.update_scope import inserts_data_only, scope_of


class EmbeddedStore(Store):
    """A pyoxigraph store; writes serialised by one lock, each one transaction."""

    def __init__(self, engine: ox.Store, path: Path | None) -> None:
        opener = None if path is None else functools.partial(ox.Store, str(path / "oxigraph"))
        self._keeper = EngineKeeper(engine, opener)
        self.path = path
        self._generation = 0

    @classmethod
    def in_memory(cls) -> EmbeddedStore:
        """A throw-away store in memory."""
        return cls(ox.Store(), None)._with_merges()

    @classmethod
    def on_disk(cls, path: Path) -> EmbeddedStore:
        """The durable store in ``path``, created if absent; never deletes anything."""
        path.mkdir(parents=True, exist_ok=True)
        try:
            store = cls(ox.Store(str(path / "oxigraph")), path)
            lower_compaction_priority()  # RocksDB's threads serve every store of the process
        except (OSError, RuntimeError) as exc:  # RocksDB says "Corruption: ..." as RuntimeError
            raise StoreError(open_failure(path, exc)) from exc
        return store._with_merges()

    def _with_merges(self) -> EmbeddedStore:
        """This store, its merged default graphs made first if it has none (new, or older)."""
        with self._keeper.writing() as engine:
            if not engine.contains_named_graph(named_node(merging.UNION_GRAPH)):
                engine.update(merging.rebuilding())
        return self

    def answer(
        self,
        sparql: str,
        formats: AnswerFormats,
        dataset: Dataset = Dataset(),
        row_cap: int | None = None,
        base_iri: str | None = None,
        bindings: Mapping[str, Identifier] | None = None,
    ) -> Answer:
        """Run a query and serialise its answer in the negotiated format."""
        return self._keeper.read(
            lambda engine: answer_query(
                engine, sparql, formats, dataset, row_cap, base_iri, bindings
            )
        )

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table:
        """Run a SELECT with engine-bound variables."""
        return self._keeper.read(lambda engine: select_query(engine, sparql, bindings))

    def ask(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK with engine-bound variables."""
        return self._keeper.read(lambda engine: ask_query(engine, sparql, bindings))

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL Update in one transaction."""
        with self._keeper.writing() as engine:
            scope = scope_of(sparql, base_iri)
            try:
                if inserts_data_only(sparql):  # its quads, and them in the merges
                    inserted = ox.Store()
                    inserted.update(sparql, base_iri=base_iri)
                    extend(engine, list(inserted))
                else:
                    if scope is not None:  # the scratch copy only, hidden
                        engine.update(merging.saving(scope))
                    engine.update(merging.after(sparql, scope, apart_of(engine)), base_iri=base_iri)
            except SyntaxError as exc:
                raise QuerySyntaxError(f"the update does not parse: {exc}") from exc
            except OSError as exc:
                raise InputError(f"the update failed: {exc}") from exc
            self._generation += 1

    def load(
        self,
        data: bytes,
        media_type: str,
        graph: str | None,
        base_iri: str | None = None,
        max_quads: int | None = None,
    ) -> int:
        """Add the triples of ``data`` to ``graph`` in one transaction; TooLarge, with nothing
        added, as soon as the parser yields more than ``max_quads``."""
        merging.check_writable(graph)
        if worth_bulk_loading(data, media_type, graph) and (
            max_quads is None or data.count(b"\n") + 1 <= max_quads  # one triple a line at most
        ):
            return self._bulk_load(data, media_type, graph, base_iri)
        return self._extend(parse_quads(data, media_type, graph, base_iri, max_quads=max_quads))

    def _bulk_load(
        self, data: bytes, media_type: str, graph: str | None, base_iri: str | None
    ) -> int:
        """pyoxigraph's bulk loader (merged_graphs.bulk_load): several times faster than parse
        + extend on big files, and still all or nothing (a syntax error writes nothing)."""
        with self._keeper.writing() as engine:
            added = bulk_load(engine, data, media_type, graph, base_iri)
            self._generation += 1
            return added

    def load_all(
        self, documents: Sequence[tuple[bytes, str]], graph: str | None, base_iri: str | None = None
    ) -> int:
        """Add the triples of several documents to ``graph`` in one transaction."""
        merging.check_writable(graph)
        return self._extend(
            [q for data, kind in documents for q in parse_quads(data, kind, graph, base_iri)]
        )

    def _extend(self, quads: list[ox.Quad]) -> int:
        """Add parsed quads in one transaction; returns how many."""
        with self._keeper.writing() as engine:
            extend(engine, quads)
            self._generation += 1
        return len(quads)

    def replace_graph(
        self, graph: str | None, data: bytes, media_type: str, base_iri: str | None = None
    ) -> int:
        """Replace ``graph`` with ``data`` in one transaction (one SPARQL Update)."""
        merging.check_writable(graph)
        if (
            graph is not None
            and worth_bulk_loading(data, media_type, graph)
            and not self.has_graph(graph)
        ):
            return self._bulk_load(data, media_type, graph, base_iri)
        quads = parse_quads(data, media_type, graph, base_iri)
        with self._keeper.writing() as engine:
            if graph is not None and not engine.contains_named_graph(named_node(graph)):
                # A new graph needs no removal: one load transaction, much faster for big files.
                engine.add_graph(named_node(graph))
                extend(engine, quads)
            else:
                target = "DEFAULT" if graph is None else f"GRAPH {named_node(graph)}"
                replaced = f"DROP SILENT {target} ;\n{inserting(quads)}"
                engine.update(
                    merging.maintained(replaced, [graph] if graph else [], apart_of(engine))
                )
            self._generation += 1
        return len(quads)

    def replace_and_add(self, graph: str, ntriples: bytes, additions: Mapping[str, bytes]) -> None:
        """Replace ``graph`` and add ``additions`` (N-Triples by graph) in one update; a write
        to a growing graph (provenance) costs its own size (merging.replacing_and_adding)."""
        for added in additions:
            merging.check_writable(added)
        with self._keeper.writing() as engine:
            engine.update(
                merging.replacing_and_adding(graph, ntriples, additions, apart_of(engine))
            )
            self._generation += 1

    def drop_graph(self, graph: str | None) -> bool:
        """Remove a named graph, or clear the default graph."""
        with self._keeper.writing() as engine:
            if graph is not None and not visible_names(engine) & {graph}:
                return False
            dropped = "CLEAR DEFAULT" if graph is None else f"DROP GRAPH {named_node(graph)}"
            engine.update(merging.maintained(dropped, [graph] if graph else [], apart_of(engine)))
            self._generation += 1
            return True

    def export_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one graph."""
        return self._keeper.read(
            lambda engine: written(
                engine.dump(format=rdf_format(media_type), from_graph=graph_node(graph))
            )
        )

    def has_graph(self, graph: str) -> bool:
        """True if the named graph exists (never for the merged default graphs)."""
        return not merging.is_hidden(graph) and self._keeper.read(
            lambda engine: engine.contains_named_graph(named_node(graph))
        )

    def graph_names(self) -> list[str]:
        """The named graphs, sorted."""
        return sorted(self._keeper.read(visible_names))

    def count(self, graph: str | None = None) -> int:
        """How many quads the store (or one graph) holds."""
        if graph is None:  # the merged default graphs are no quads of their own
            return self._keeper.read(lambda engine: sum(1 for _ in visible_quads(engine)))
        pattern = (None, None, None, ox.NamedNode(graph))
        return self._keeper.read(lambda engine: sum(1 for _ in engine.quads_for_pattern(*pattern)))

    def dump(self, output: IO[bytes]) -> None:
        """Write every quad as N-Quads, the merged default graphs left out (made again)."""
        self._keeper.read(
            lambda engine: ox.serialize(visible_quads(engine), output, ox.RdfFormat.N_QUADS)
        )

    def restore(self, source: IO[bytes]) -> int:
        """Replace the whole store with N-Quads, in one transaction."""
        quads = parse_quads(source.read(), formats.N_QUADS, None, None, True)
        quads = [q for q in quads if not is_hidden_quad(q)]
        with self._keeper.writing() as engine:
            engine.update("DROP ALL")  # named graphs too, not only their triples
            engine.extend(quads)
            engine.update(merging.rebuilding())
            self._generation += 1
        return len(quads)

    def snapshot(self, target: Path) -> None:
        """A consistent copy for isolated readers: a hard-linked checkpoint on disk, or an
        N-Quads file for a store in memory."""
        with self._keeper.writing(translated=False) as engine:
            if self.path is None:
                engine.dump(str(target), format=ox.RdfFormat.N_QUADS)
            else:
                engine.flush()
                engine.backup(str(target))

    def checkpoint(self, target: Path) -> bool:
        """A hard-linked checkpoint of a store on disk in ``target``; False for one in memory."""
        if self.path is None:
            return False
        self.snapshot(target)
        return True

    @classmethod
    def from_snapshot(cls, snapshot: Path) -> EmbeddedStore:
        """Open what :meth:`snapshot` or :meth:`checkpoint` wrote, for reading."""
        if not snapshot.is_dir():
            engine = ox.Store()
            engine.load(path=str(snapshot), format=ox.RdfFormat.N_QUADS)
            return cls(engine, None)
        try:
            return cls(ox.Store.read_only(str(snapshot)), None)
        except (OSError, RuntimeError) as exc:
            raise StoreError(open_failure(snapshot, exc)) from exc

    def generation(self) -> int:
        """How many writes this process has made."""
        return self._generation

    def flush(self) -> None:
        """Force every write to disk."""
        if self.path is not None:
            with self._keeper.writing(translated=False) as engine:
                engine.flush()

    def reopen(self) -> None:
        """Close the engine and open it again, as the next write does after a full disk."""
        self._keeper.reopen()

    def close(self) -> None:
        """Flush and release the files, so the folder can be opened again; idempotent."""
        if not self._keeper.closed:
            self.flush()
            # pyoxigraph releases the files (and their lock) with its last reference; a caller
            # that still holds this store, such as a traceback, must not keep them locked.
            self._keeper.close()
