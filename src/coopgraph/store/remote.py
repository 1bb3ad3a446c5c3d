"""Any SPARQL 1.1 Protocol and Update server, through SPARQLWrapper (remote_requests.py).

The server holds graphs that are not ours (Virtuoso's system graphs), so the named graphs are
the graphs coopgraph registered, sent as ``named-graph-uri``, and the default graph their RDF
merge, kept on the server by every write (remote_merges.py), sent as ``default-graph-uri``.
Answers are read as SPARQL JSON or N-Triples and re-serialised by rdf_io, which applies the
row cap. See docs/architecture.md, "The remote store".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import IO

from rdflib.term import Identifier

from coopgraph import sparql_text
from coopgraph.errors import QuerySyntaxError
from coopgraph.formats import N_TRIPLES, SPARQL_JSON, TURTLE
from coopgraph.iris import DEFAULT_GRAPH, NO_GRAPH
from coopgraph.store import deadlocks, merging, remote_merges, statements
from coopgraph.store import remote_errors as refusals
from coopgraph.store import remote_requests as requests
from coopgraph.store.base import Answer, AnswerFormats, Dataset, Store, Table
from coopgraph.store.guards import required_format
from coopgraph.store.rdf_io import (
    ntriples_by_graph,
    ntriples_of_backup,
    reserialize_results,
    reserialize_triples,
)
from coopgraph.store.results import boolean_json, read_boolean, read_table, table_json

WRITE_TIMEOUT = 600.0
"""Seconds a write request may take before the client gives up."""
CHUNK_TRIPLES = 1000
"""Triples per insert request: Virtuoso 7 refuses an update whose generated SQL passes
10,000 lines, about 1,500 triples."""
_GRAPH_ACCEPT = f"{N_TRIPLES}, {TURTLE};q=0.9"


class RemoteStore(Store):
    """A store on a SPARQL 1.1 server; every write one request, registered graphs only."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        credentials: tuple[str, str, str] | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self._credentials = credentials
        self._timeout = timeout
        self._maintained = False

    def _send(
        self, text: str, accept: str, dataset: Dataset | None = None, update: bool = False
    ) -> tuple[bytes, str]:
        """One request; the body and its media type, or our own error."""
        timeout = WRITE_TIMEOUT if update else self._timeout
        urls = (self.query_url, self.update_url)
        wrapper = requests.wrapper(urls, self._credentials, text, update, accept, timeout)
        if dataset is not None:
            for graph in dataset.default_graphs or (NO_GRAPH,):
                wrapper.addParameter("default-graph-uri", graph)
            for graph in () if update else dataset.named_graphs or (NO_GRAPH,):
                wrapper.addParameter("named-graph-uri", graph)
        return requests.sent(wrapper, urls[update], update, timeout)

    def _update(self, *operations: str, default_graph: str | None = None) -> None:
        """Operations in one update request, counted as one write (sent again on a deadlock)."""
        dataset = None if default_graph is None else Dataset((default_graph,))
        text = statements.joined(*operations, statements.count_write())
        deadlocks.retried(lambda: self._send(text, SPARQL_JSON, dataset, update=True))
        self._maintained = self._maintained or remote_merges.MARK in operations

    def _internal_table(self, query: str) -> Table:
        body, _ = self._send(query, SPARQL_JSON)
        return read_table(body)

    def _registered(self) -> list[str]:
        return sorted(str(row["g"]) for row in self._internal_table(statements.REGISTERED_GRAPHS))

    def _merges_kept(self) -> bool:
        """True once the server says it keeps the merged default graphs (remote_merges)."""
        if not self._maintained:
            self._maintained = read_boolean(self._send(remote_merges.MAINTAINED, SPARQL_JSON)[0])
        return self._maintained

    def _around(self, scope: Sequence[str] | None) -> tuple[list[str], list[str], str]:
        """The operations before and after a write of ``scope`` that keep the merges."""
        return remote_merges.around(scope, self._merges_kept())

    def _asked(self, query: str, accept: str, dataset: Dataset = Dataset()) -> tuple[bytes, str]:
        """Run a query on its dataset: the request's, else FROM's (sent as parameters, which
        Virtuoso would merge with FROM), else our union; several default graphs merged."""
        own, rest = statements.own_dataset(query)
        if not (dataset.is_given or own.is_given):
            union = remote_merges.union_dataset(self._registered(), self._merges_kept())
            return self._send(query, accept, union)
        asked = dataset if dataset.is_given else own
        write = lambda text: self._send(text, SPARQL_JSON, update=True)  # noqa: E731
        kept = self._merges_kept()
        with remote_merges.query_dataset(asked, self._internal_table, write, kept) as sent:
            return self._send(rest, accept, sent)

    def answer(
        self,
        sparql: str,
        formats: AnswerFormats,
        dataset: Dataset = Dataset(),
        row_cap: int | None = None,
        base_iri: str | None = None,
        bindings: Mapping[str, Identifier] | None = None,
    ) -> Answer:
        """Run a query on the server; the answer re-serialised here, cut at ``row_cap``;
        ``bindings`` sent as a VALUES block of typed terms."""
        sparql = statements.with_base(sparql_text.with_bindings(sparql, bindings or {}), base_iri)
        form = statements.query_form(sparql)
        graph_like = form in ("CONSTRUCT", "DESCRIBE")
        accept = _GRAPH_ACCEPT if graph_like else SPARQL_JSON
        body, source = self._asked(sparql, accept, dataset)
        if graph_like:
            media_type = required_format(formats.graph, "an RDF graph (CONSTRUCT or DESCRIBE)")
            data, truncated = reserialize_triples(body, source or N_TRIPLES, media_type, row_cap)
            return Answer("graph", data, media_type, truncated)
        if form == "ASK":
            media_type = required_format(formats.results, "a boolean (ASK) result")
            data, _ = reserialize_results(boolean_json(body), SPARQL_JSON, media_type, None)
            return Answer("boolean", data, media_type)
        media_type = required_format(formats.results, "SELECT results")
        normal = table_json(read_table(body))
        data, truncated = reserialize_results(normal, SPARQL_JSON, media_type, row_cap)
        return Answer("solutions", data, media_type, truncated)

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table:
        """Run a SELECT; ``bindings`` sent as a VALUES block of typed terms."""
        if statements.query_form(sparql) != "SELECT":
            raise QuerySyntaxError("expected a SELECT query")
        body, _ = self._asked(sparql_text.with_bindings(sparql, bindings or {}), SPARQL_JSON)
        table = read_table(body)
        unprojected = [name for name in bindings or {} if name not in table.variables]
        if unprojected:
            raise QuerySyntaxError(
                f"cannot bind ?{', ?'.join(unprojected)}: bind only variables the SELECT projects"
            )
        return table

    def ask(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK; ``bindings`` sent as a VALUES block of typed terms."""
        if statements.query_form(sparql) != "ASK":
            raise QuerySyntaxError("expected an ASK query")
        body, _ = self._asked(sparql_text.with_bindings(sparql, bindings or {}), SPARQL_JSON)
        return read_boolean(body)

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run an update in one request, registering the graphs it names.

        Virtuoso refuses an update that writes its own default graph (INSERT DATA without
        GRAPH): that one is sent again with DEFAULT_GRAPH, where a remote store keeps
        coopgraph's default graph, as ``default-graph-uri``, which Virtuoso takes as the
        update's default graph (to write and to read)."""
        sparql = statements.with_base(sparql, base_iri)
        named = statements.graphs_written(sparql)
        registered = [statements.register(named)] if named else []
        before, after, cleanup = self._around(remote_merges.scope_of(sparql))
        if before:  # its own request: the writer's text stays first in the next
            self._send(statements.joined(*before), SPARQL_JSON, update=True)
        operations = [statements.terminated(sparql), *registered, *after]
        try:
            self._written(operations)
        except Exception:
            if cleanup:
                self._send(cleanup, SPARQL_JSON, update=True)
            raise

    def _written(self, operations: list[str]) -> None:
        """Send an update's operations, again with our default graph where Virtuoso wants one."""
        try:
            self._update(*operations)
        except QuerySyntaxError as exc:
            if not refusals.wants_a_default_graph(str(exc)):
                raise
            ours = statements.register([DEFAULT_GRAPH])
            self._update(*operations, ours, default_graph=DEFAULT_GRAPH)

    def load(
        self, data: bytes, media_type: str, graph: str | None, base_iri: str | None = None
    ) -> int:
        """Add the triples of ``data`` to ``graph``."""
        return self.load_all([(data, media_type)], graph, base_iri)

    def load_all(
        self, documents: Sequence[tuple[bytes, str]], graph: str | None, base_iri: str | None = None
    ) -> int:
        """Add several documents; all are parsed before anything is sent. Past
        CHUNK_TRIPLES triples the additions land in several requests."""
        parsed, count = _ours(*ntriples_by_graph(documents, graph, base_iri))
        for name in parsed:
            merging.check_writable(name)
        for name, ntriples in parsed.items():
            chunks = statements.insert_chunks(ntriples, name, CHUNK_TRIPLES)
            for chunk in chunks[:-1]:
                self._send(chunk, SPARQL_JSON, update=True)
            kept = self._merges_kept()  # additions only: the graph into its merges
            after = remote_merges.adding([name]) if kept else remote_merges.rebuilding()
            self._update(*chunks[-1:], statements.register([name]), *after)
        return count

    def replace_graph(
        self, graph: str | None, data: bytes, media_type: str, base_iri: str | None = None
    ) -> int:
        """Replace ``graph``: one request, or staged then moved into place in one request."""
        target = graph or DEFAULT_GRAPH
        parsed, count = _ours(*ntriples_by_graph([(data, media_type)], target, base_iri))
        self._swap({target: parsed.get(target, b"")}, replace_all=False)
        return count

    def replace_and_add(self, graph: str, ntriples: bytes, additions: Mapping[str, bytes]) -> None:
        """Replace ``graph`` as :meth:`replace_graph` does, the additions in its final
        request."""
        self._swap({graph: ntriples}, replace_all=False, additions=additions)

    def _swap(
        self,
        graphs: Mapping[str, bytes],
        replace_all: bool,
        additions: Mapping[str, bytes] | None = None,
    ) -> None:
        """Make ``graphs`` hold exactly these triples (see :func:`statements.swap`)."""
        for name in [*graphs, *(additions or {})]:
            merging.check_writable(name)
        dropped = self._registered() if replace_all else list(graphs)
        plan = statements.swap(graphs, dropped, additions or {}, CHUNK_TRIPLES)
        before, after, _ = self._around(None if replace_all else list(graphs))
        if before:  # a rebuild covers the additions; else they go in as they are
            after = [*remote_merges.inserting(additions or {}, CHUNK_TRIPLES), *after]
        final = [*before, *plan.final, *after]
        if plan.cleanup is None:
            self._update(*final)
            return
        try:
            for chunk in plan.staging:
                self._send(chunk, SPARQL_JSON, update=True)
            self._update(*final)
        finally:
            self._send(plan.cleanup, SPARQL_JSON, update=True)

    def drop_graph(self, graph: str | None) -> bool:
        """Remove a graph (None: clear the default graph); False if it did not exist."""
        target = graph or DEFAULT_GRAPH
        existed = graph is None or self.has_graph(graph)
        if existed:
            before, after, _ = self._around([target])
            self._update(*before, statements.drop(target), statements.unregister(target), *after)
        return existed

    def export_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one graph (None: the default graph)."""
        name = sparql_text.iri_ref(graph or DEFAULT_GRAPH)
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"
        body, source = self._send(query, _GRAPH_ACCEPT)
        return reserialize_triples(body, source or N_TRIPLES, media_type, None)[0]

    def has_graph(self, graph: str) -> bool:
        """True if coopgraph wrote ``graph`` and it holds triples."""
        body, _ = self._send(statements.graph_exists(graph), SPARQL_JSON)
        return read_boolean(body)

    def graph_names(self) -> list[str]:
        """Coopgraph's named graphs on the server, sorted."""
        table = self._internal_table(statements.EXISTING_GRAPHS)
        names = {str(row["g"]) for row in table} - {DEFAULT_GRAPH}
        return sorted(names)

    def dump(self, output: IO[bytes]) -> None:
        """Write every quad of coopgraph's graphs as N-Quads."""
        for graph in [None, *self.graph_names()]:
            output.write(statements.as_nquads(self.export_graph(graph, N_TRIPLES), graph))

    def restore(self, source: IO[bytes]) -> int:
        """Replace every graph of coopgraph's with the N-Quads of ``source``."""
        graphs, count = _ours(*ntriples_of_backup(source))
        self._swap(graphs, replace_all=True)
        return count

    def generation(self) -> int:
        """The server's write counter: grows with every write from any process."""
        rows = self._internal_table(statements.GENERATION).rows
        return int(str(rows[0]["n"])) if rows else 0

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""


def _ours(graphs: Mapping[str | None, bytes], count: int) -> tuple[dict[str, bytes], int]:
    """Parsed graphs with the default graph named as a remote store keeps it."""
    return {name or DEFAULT_GRAPH: ntriples for name, ntriples in graphs.items()}, count
