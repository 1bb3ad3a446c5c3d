"""The embedded store: pyoxigraph on disk or in memory (the only pyoxigraph import).

Every write goes through one lock and one pyoxigraph transaction, so writers never interleave
and a failed write leaves nothing behind. The default graph of queries is the union of all
graphs unless the request names its own dataset.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Identifier

from coopgraph import formats
from coopgraph.errors import (
    InputError,
    NotAcceptable,
    QuerySyntaxError,
    RdfSyntaxError,
    RefusedOperation,
    StoreError,
    TooLarge,
)
from coopgraph.store.base import Answer, AnswerFormats, Dataset, Store, Table

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: object) -> Identifier:
    """An rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return RdfLiteral(term.value)
        return RdfLiteral(term.value, datatype=URIRef(datatype))
    raise InputError(f"unsupported RDF term in a result: {term!r}")


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term for an rdflib term; InputError for one pyoxigraph rejects."""
    try:
        return _to_oxigraph(term)
    except ValueError as exc:
        raise InputError(f"'{term}' is not a valid RDF term: {exc}") from exc


def _to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) not in (_XSD_STRING, _LANG_STRING):
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"unsupported RDF term for a binding: {term!r}")


def _bulk_loadable(data: bytes, media_type: str, graph: str | None) -> bool:
    """True for line-based documents without blank nodes, which the bulk loader takes as is
    (it keeps blank node labels, so documents with blank nodes get fresh ones through parse).
    """
    if b"_:" in data:
        return False
    kind = formats.readable_media_type(media_type)
    return kind == formats.N_TRIPLES or (kind == formats.N_QUADS and graph is None)


def _iri(value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise InputError(f"'{value}' is not a valid IRI: {exc}") from exc


def _graph_name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else _iri(graph)


def _rdf_format(media_type: str) -> ox.RdfFormat:
    found = ox.RdfFormat.from_media_type(media_type)
    if found is None:
        raise NotAcceptable(f"no RDF serialiser for '{media_type}'")
    return found


def _results_format(media_type: str) -> ox.QueryResultsFormat:
    found = ox.QueryResultsFormat.from_media_type(media_type)
    if found is None:
        raise NotAcceptable(f"no SPARQL results serialiser for '{media_type}'")
    return found


def _bytes(serialised: bytes | None) -> bytes:
    """pyoxigraph returns bytes when given no output file; this says so to the type checker."""
    assert serialised is not None
    return serialised


def _first_lines(body: bytes, count: int) -> tuple[bytes, bool]:
    """The first ``count`` lines of ``body``, and whether anything was cut."""
    end = -1
    for _ in range(count):
        end = body.find(b"\n", end + 1)
        if end < 0:
            return body, False
    return body[: end + 1], end + 1 < len(body)


def serialize_solutions(
    solutions: ox.QuerySolutions, media_type: str, row_cap: int | None
) -> tuple[bytes, bool]:
    """Serialise SELECT results, keeping at most ``row_cap`` rows.

    The rows are counted on the line-based TSV form (one line a row, escaped by the engine),
    then re-serialised in the requested format, so every byte is written by pyoxigraph.
    """
    if row_cap is None:
        return _bytes(solutions.serialize(format=_results_format(media_type))), False
    tsv = _bytes(solutions.serialize(format=ox.QueryResultsFormat.TSV))
    kept, truncated = _first_lines(tsv, row_cap + 1)
    if media_type == formats.TSV:
        return kept, truncated
    reparsed = ox.parse_query_results(kept, format=ox.QueryResultsFormat.TSV)
    return _bytes(reparsed.serialize(format=_results_format(media_type))), truncated


def serialize_triples(
    triples: Iterable[ox.Triple], media_type: str, row_cap: int | None
) -> tuple[bytes, bool]:
    """Serialise CONSTRUCT or DESCRIBE triples, keeping at most ``row_cap`` of them."""
    target = _rdf_format(media_type)
    if row_cap is None:
        return _bytes(ox.serialize(triples, format=target)), False
    lines = _bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    kept, truncated = _first_lines(lines, row_cap)
    if target == ox.RdfFormat.N_TRIPLES:
        return kept, truncated
    return _bytes(
        ox.serialize(ox.parse(kept, format=ox.RdfFormat.N_TRIPLES), format=target)
    ), truncated


def reserialize_results(
    body: bytes, source_type: str, media_type: str, row_cap: int | None
) -> tuple[bytes, bool]:
    """SPARQL results another engine wrote in ``source_type``, in ``media_type``, cut at
    ``row_cap`` rows (remote stores answer through this, so every byte is pyoxigraph's)."""
    parsed = ox.parse_query_results(body, format=_results_format(source_type))
    if isinstance(parsed, ox.QueryBoolean):
        return _bytes(parsed.serialize(format=_results_format(media_type))), False
    return serialize_solutions(parsed, media_type, row_cap)


def reserialize_triples(
    body: bytes, source_type: str, media_type: str, row_cap: int | None
) -> tuple[bytes, bool]:
    """RDF another engine wrote in ``source_type``, in ``media_type``, cut at ``row_cap``."""
    refuse_doctype(body, formats.readable_media_type(source_type) == formats.RDF_XML)
    try:
        quads = list(ox.parse(body, format=_rdf_format(source_type)))
    except SyntaxError as exc:
        raise _rdf_error(exc) from exc
    return serialize_triples((quad.triple for quad in quads), media_type, row_cap)


def _syntax_error(exc: SyntaxError, what: str) -> InputError:
    return QuerySyntaxError(f"{what} does not parse: {exc}")


def _rdf_error(exc: SyntaxError) -> RdfSyntaxError:
    line = exc.lineno if isinstance(exc.lineno, int) else None
    column = exc.offset if isinstance(exc.offset, int) else None
    message = str(exc)
    if "LoadDocumentCallback" in message:
        message = (
            "the JSON-LD document refers to a remote @context, which coopgraph never fetches; "
            f"put the context inline in the document ({message})"
        )
    return RdfSyntaxError(message, line, column)


class EmbeddedStore(Store):
    """A pyoxigraph store; writes serialised by one lock, each one transaction."""

    def __init__(self, engine: ox.Store, path: Path | None) -> None:
        self._engine = engine
        self.path = path
        self._write_lock = threading.Lock()
        self._generation = 0

    @classmethod
    def in_memory(cls) -> EmbeddedStore:
        """A throw-away store in memory."""
        return cls(ox.Store(), None)

    @classmethod
    def on_disk(cls, path: Path) -> EmbeddedStore:
        """The durable store in ``path``, created if absent; never deletes anything."""
        path.mkdir(parents=True, exist_ok=True)
        try:
            return cls(ox.Store(str(path / "oxigraph")), path)
        except (OSError, RuntimeError) as exc:  # RocksDB says "Corruption: ..." as RuntimeError
            raise StoreError(_open_failure(path, exc)) from exc

    @classmethod
    def read_only(cls, path: Path) -> EmbeddedStore:
        """A snapshot folder made by :meth:`snapshot`, opened read-only."""
        try:
            return cls(ox.Store.read_only(str(path)), None)
        except (OSError, RuntimeError) as exc:
            raise StoreError(_open_failure(path, exc)) from exc

    # Queries ---------------------------------------------------------------------------

    def _run(
        self,
        sparql: str,
        dataset: Dataset = Dataset(),
        bindings: Mapping[str, Identifier] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()
        }
        try:
            if dataset.is_given:
                return self._engine.query(
                    sparql,
                    default_graph=[_iri(g) for g in dataset.default_graphs],
                    named_graphs=[_iri(g) for g in dataset.named_graphs],
                    substitutions=substitutions,
                    base_iri=base_iri,
                )
            return self._engine.query(
                sparql,
                use_default_graph_as_union=True,
                substitutions=substitutions,
                base_iri=base_iri,
            )
        except SyntaxError as exc:
            raise _syntax_error(exc, "the query") from exc
        except RuntimeError as exc:  # pyoxigraph binds only variables the SELECT projects
            if not bindings:
                raise
            raise QuerySyntaxError(f"cannot bind ?{', ?'.join(bindings)}: {exc}") from exc

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
        result = self._run(sparql, dataset, bindings, base_iri)
        if isinstance(result, ox.QueryBoolean):
            media_type = _required(formats.results, "a boolean (ASK) result")
            body = _bytes(result.serialize(format=_results_format(media_type)))
            return Answer("boolean", body, media_type)
        if isinstance(result, ox.QuerySolutions):
            media_type = _required(formats.results, "SELECT results")
            body, truncated = serialize_solutions(result, media_type, row_cap)
            return Answer("solutions", body, media_type, truncated)
        media_type = _required(formats.graph, "an RDF graph (CONSTRUCT or DESCRIBE)")
        body, truncated = serialize_triples(result, media_type, row_cap)
        return Answer("graph", body, media_type, truncated)

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table:
        """Run a SELECT with engine-bound variables."""
        result = self._run(sparql, bindings=bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        variables = tuple(v.value for v in result.variables)
        rows = []
        for solution in result:
            row = {}
            for name in variables:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return Table(variables, rows)

    def ask(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK with engine-bound variables."""
        result = self._run(sparql, bindings=bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(result)

    # Writes ------------------------------------------------------------------------------

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL Update in one transaction."""
        with self._write_lock:
            try:
                self._engine.update(sparql, base_iri=base_iri)
            except SyntaxError as exc:
                raise _syntax_error(exc, "the update") from exc
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
        if _bulk_loadable(data, media_type, graph) and (
            max_quads is None or data.count(b"\n") + 1 <= max_quads  # one triple a line at most
        ):
            return self._bulk_load(data, media_type, graph, base_iri)
        quads = self._parse(data, media_type, graph, base_iri, max_quads=max_quads)
        with self._write_lock:
            self._engine.extend(quads)
            self._generation += 1
        return len(quads)

    def _bulk_load(
        self, data: bytes, media_type: str, graph: str | None, base_iri: str | None
    ) -> int:
        """pyoxigraph's bulk loader: several times faster than parse + extend on big files,
        and still all or nothing (a syntax error writes nothing). Returns the quads added."""
        with self._write_lock:
            before = len(self._engine)
            try:
                self._engine.bulk_load(
                    data,
                    format=_rdf_format(media_type),
                    base_iri=base_iri,
                    to_graph=_graph_name(graph) if graph is not None else None,
                )
            except SyntaxError as exc:
                raise _rdf_error(exc) from exc
            if graph is not None:
                self._engine.add_graph(_iri(graph))
            self._generation += 1
            return len(self._engine) - before

    def load_all(
        self, documents: Sequence[tuple[bytes, str]], graph: str | None, base_iri: str | None = None
    ) -> int:
        """Add the triples of several documents to ``graph`` in one transaction."""
        quads = [q for data, kind in documents for q in self._parse(data, kind, graph, base_iri)]
        with self._write_lock:
            self._engine.extend(quads)
            self._generation += 1
        return len(quads)

    def replace_graph(
        self, graph: str | None, data: bytes, media_type: str, base_iri: str | None = None
    ) -> int:
        """Replace ``graph`` with ``data`` in one transaction (one SPARQL Update)."""
        if graph is not None and _bulk_loadable(data, media_type, graph):
            with self._write_lock:
                fresh = not self._engine.contains_named_graph(_iri(graph))
            if fresh:
                return self._bulk_load(data, media_type, graph, base_iri)
        quads = self._parse(data, media_type, graph, base_iri)
        with self._write_lock:
            if graph is not None and not self._engine.contains_named_graph(_iri(graph)):
                # A new graph needs no removal: one load transaction, much faster for big files.
                self._engine.add_graph(_iri(graph))
                self._engine.extend(quads)
            else:
                triples = _bytes(
                    ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
                )
                target = "DEFAULT" if graph is None else f"GRAPH {_iri(graph)}"
                text = triples.decode()
                block = text if graph is None else f"GRAPH {_iri(graph)} {{\n{text}}}"
                self._engine.update(f"DROP SILENT {target} ;\nINSERT DATA {{\n{block}}}")
            self._generation += 1
        return len(quads)

    def replace_and_add(self, graph: str, ntriples: bytes, additions: Mapping[str, bytes]) -> None:
        """Replace ``graph`` and add ``additions`` (N-Triples by graph) in one update."""
        writes = {graph: ntriples, **additions}
        inserts = [
            f"INSERT DATA {{ GRAPH {_iri(g)} {{\n{t.decode()}}} }}" for g, t in writes.items()
        ]
        self.update(" ;\n".join([f"DROP SILENT GRAPH {_iri(graph)}", *inserts]))

    def drop_graph(self, graph: str | None) -> bool:
        """Remove a named graph, or clear the default graph."""
        with self._write_lock:
            if graph is None:
                self._engine.clear_graph(ox.DefaultGraph())
                self._generation += 1
                return True
            name = _iri(graph)
            if not self._engine.contains_named_graph(name):
                return False
            self._engine.remove_graph(name)
            self._generation += 1
            return True

    def _parse(
        self,
        data: bytes,
        media_type: str,
        graph: str | None,
        base_iri: str | None,
        keep_blank_node_labels: bool = False,
        max_quads: int | None = None,
    ) -> list[ox.Quad]:
        # Fresh blank nodes for each document, or two files' `_:b0` would become one node.
        rdf_format = _rdf_format(formats.readable_media_type(media_type))
        refuse_doctype(data, rdf_format == ox.RdfFormat.RDF_XML)
        try:
            parsed = ox.parse(
                data,
                format=rdf_format,
                base_iri=base_iri,
                without_named_graphs=graph is not None or not rdf_format.supports_datasets,
                rename_blank_nodes=not keep_blank_node_labels,
            )
            quads = parsed if max_quads is None else _capped(parsed, max_quads)
            if graph is None:
                return list(quads)
            name = _iri(graph)
            return [ox.Quad(q.subject, q.predicate, q.object, name) for q in quads]
        except SyntaxError as exc:
            raise _rdf_error(exc) from exc

    # Reads of whole graphs ---------------------------------------------------------------

    def export_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one graph."""
        return _bytes(
            self._engine.dump(format=_rdf_format(media_type), from_graph=_graph_name(graph))
        )

    def has_graph(self, graph: str) -> bool:
        """True if the named graph exists."""
        return self._engine.contains_named_graph(_iri(graph))

    def graph_names(self) -> list[str]:
        """The named graphs, sorted."""
        return sorted(g.value for g in self._engine.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        """How many quads the store (or one graph) holds."""
        if graph is None:
            return len(self._engine)
        return sum(1 for _ in self._engine.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    # Backup ------------------------------------------------------------------------------

    def dump(self, output: IO[bytes]) -> None:
        """Write every quad as N-Quads."""
        self._engine.dump(output, format=ox.RdfFormat.N_QUADS)

    def restore(self, source: IO[bytes]) -> int:
        """Replace the whole store with N-Quads, in one transaction."""
        quads = self._parse(source.read(), formats.N_QUADS, None, None, True)
        with self._write_lock:
            self._engine.update("DROP ALL")  # named graphs too, not only their triples
            self._engine.extend(quads)
            self._generation += 1
        return len(quads)

    def snapshot(self, target: Path) -> None:
        """A consistent copy for isolated readers: a hard-linked checkpoint on disk, or an
        N-Quads file for a store in memory."""
        with self._write_lock:
            if self.path is None:
                self._engine.dump(str(target), format=ox.RdfFormat.N_QUADS)
            else:
                self._engine.flush()
                self._engine.backup(str(target))

    @classmethod
    def from_snapshot(cls, snapshot: Path) -> EmbeddedStore:
        """Open what :meth:`snapshot` wrote, for reading."""
        if snapshot.is_dir():
            return cls.read_only(snapshot)
        store = cls.in_memory()
        store._engine.load(path=str(snapshot), format=ox.RdfFormat.N_QUADS)
        return store

    def generation(self) -> int:
        """How many writes this process has made."""
        return self._generation

    def flush(self) -> None:
        """Force every write to disk."""
        if self.path is not None:
            self._engine.flush()

    def close(self) -> None:
        """Flush and release the files, so the folder can be opened again; idempotent."""
        if hasattr(self, "_engine"):
            self.flush()
            # pyoxigraph releases the files (and their lock) with its last reference; a caller
            # that still holds this store, such as a traceback, must not keep them locked.
            del self._engine


def _capped(quads: Iterator[ox.Quad], cap: int) -> Iterator[ox.Quad]:
    """The quads as the parser yields them; TooLarge at the first one past ``cap``, so the
    parser reads no further."""
    for count, quad in enumerate(quads, start=1):
        if count > cap:
            raise TooLarge(f"the data holds more than {cap} triples")
        yield quad


def flatten(
    data: bytes, media_type: str, base_iri: str | None, triples_only: bool, max_quads: int | None
) -> tuple[bytes, str]:
    """The document rewritten as N-Triples (``triples_only``) or N-Quads, with absolute IRIs
    and fresh blank node labels; parse errors and caps as for a load.

    Run where a parser crash harms nothing (a worker process): the line-based result is then
    loaded without risk, whatever the nesting of the original JSON-LD or RDF/XML tree.
    """
    rdf_format = _rdf_format(formats.readable_media_type(media_type))
    refuse_doctype(data, rdf_format == ox.RdfFormat.RDF_XML)
    triples_only = triples_only or not rdf_format.supports_datasets
    target = ox.RdfFormat.N_TRIPLES if triples_only else ox.RdfFormat.N_QUADS
    try:
        parsed: Iterator[ox.Quad] = ox.parse(
            data,
            format=rdf_format,
            base_iri=base_iri,
            without_named_graphs=triples_only,
            rename_blank_nodes=True,
        )
        if max_quads is not None:
            parsed = _capped(parsed, max_quads)
        items = (q.triple for q in parsed) if triples_only else parsed
        flat = _bytes(ox.serialize(items, format=target))
    except SyntaxError as exc:
        raise _rdf_error(exc) from exc
    return flat, formats.N_TRIPLES if triples_only else formats.N_QUADS


def _required(media_type: str | None, what: str) -> str:
    if media_type is None:
        raise NotAcceptable(f"the Accept header allows no format for {what}")
    return media_type


def refuse_doctype(data: bytes, is_rdf_xml: bool) -> None:
    """Refuse RDF/XML with a DOCTYPE before the engine reads it: pyoxigraph expands its
    entities without bound (650 bytes become 870 MB, a little more aborts the process)."""
    if is_rdf_xml and _DOCTYPE.search(data):
        raise RefusedOperation(
            "RDF/XML with a DOCTYPE is refused (its entities could expand without bound); "
            "remove the <!DOCTYPE ...> declaration"
        )


def _open_failure(path: Path, exc: Exception) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return (
            f"the store at {path} is in use by another process (a running `coopgraph serve`?); "
            "stop it or set COOPGRAPH_STORE to another folder"
        )
    return f"cannot open the store at {path}: {text}. Nothing was changed or deleted."
