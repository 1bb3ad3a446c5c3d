"""pyoxigraph as parser and writer: terms, parsing, (re-)serialisation, flattening.

Every byte of RDF or SPARQL results coopgraph sends is written here, whichever engine ran the
query: the embedded store serialises its answers with these functions, and the remote store
re-serialises its server's answers with them. Parse errors become our RdfSyntaxError with line
and column; RDF/XML with a DOCTYPE is refused before any parser sees it.

>>> flat, media_type = flatten_rdf(b'<http://e/a> <http://e/b> "c" .', "text/turtle", None,
...                                triples_only=True, max_quads=None)
>>> flat, media_type
(b'<http://e/a> <http://e/b> "c" .\\n', 'application/n-triples')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Identifier

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable
from coopgraph.store.base import Answer, AnswerFormats, Row, Table
from coopgraph.store.guards import capped, rdf_error, refuse_doctype, required_format

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""A pyoxigraph term, as a query binding or a quad's object."""
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
"""What pyoxigraph returns for a query."""


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


def is_quoted_triple(term: object) -> bool:
    """True for an RDF-star quoted triple in term position, which rdflib graphs cannot hold."""
    return isinstance(term, ox.Triple)


def to_oxigraph(term: Identifier) -> Term:
    """A pyoxigraph term for an rdflib term; InputError for one pyoxigraph rejects."""
    try:
        return _to_oxigraph(term)
    except ValueError as exc:
        raise InputError(f"'{term}' is not a valid RDF term: {exc}") from exc


def _to_oxigraph(term: Identifier) -> Term:
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


def named_node(value: str) -> ox.NamedNode:
    """A pyoxigraph IRI; InputError for one it rejects."""
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise InputError(f"'{value}' is not a valid IRI: {exc}") from exc


def graph_node(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    """The pyoxigraph name of ``graph`` (None: the default graph)."""
    return ox.DefaultGraph() if graph is None else named_node(graph)


def rdf_format(media_type: str) -> ox.RdfFormat:
    """pyoxigraph's RDF format of ``media_type``; NotAcceptable if it has none."""
    found = ox.RdfFormat.from_media_type(media_type)
    if found is None:
        raise NotAcceptable(f"no RDF serialiser for '{media_type}'")
    return found


def _results_format(media_type: str) -> ox.QueryResultsFormat:
    found = ox.QueryResultsFormat.from_media_type(media_type)
    if found is None:
        raise NotAcceptable(f"no SPARQL results serialiser for '{media_type}'")
    return found


def written(serialised: bytes | None) -> bytes:
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
        return written(solutions.serialize(format=_results_format(media_type))), False
    tsv = written(solutions.serialize(format=ox.QueryResultsFormat.TSV))
    kept, truncated = _first_lines(tsv, row_cap + 1)
    if media_type == formats.TSV:
        return kept, truncated
    reparsed = ox.parse_query_results(kept, format=ox.QueryResultsFormat.TSV)
    return written(reparsed.serialize(format=_results_format(media_type))), truncated


def serialize_triples(
    triples: Iterable[ox.Triple], media_type: str, row_cap: int | None
) -> tuple[bytes, bool]:
    """Serialise CONSTRUCT or DESCRIBE triples, keeping at most ``row_cap`` of them."""
    target = rdf_format(media_type)
    if row_cap is None:
        return written(ox.serialize(triples, format=target)), False
    lines = written(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    kept, truncated = _first_lines(lines, row_cap)
    if target == ox.RdfFormat.N_TRIPLES:
        return kept, truncated
    return written(
        ox.serialize(ox.parse(kept, format=ox.RdfFormat.N_TRIPLES), format=target)
    ), truncated


def answer_of(result: Result, answer_formats: AnswerFormats, row_cap: int | None) -> Answer:
    """A query's result serialised in the format negotiated for its kind."""
    if isinstance(result, ox.QueryBoolean):
        media_type = required_format(answer_formats.results, "a boolean (ASK) result")
        body = written(result.serialize(format=_results_format(media_type)))
        return Answer("boolean", body, media_type)
    if isinstance(result, ox.QuerySolutions):
        media_type = required_format(answer_formats.results, "SELECT results")
        body, truncated = serialize_solutions(result, media_type, row_cap)
        return Answer("solutions", body, media_type, truncated)
    media_type = required_format(answer_formats.graph, "an RDF graph (CONSTRUCT or DESCRIBE)")
    body, truncated = serialize_triples(result, media_type, row_cap)
    return Answer("graph", body, media_type, truncated)


def table_of(solutions: ox.QuerySolutions) -> Table:
    """SELECT solutions as a Table of rdflib terms."""
    variables = tuple(v.value for v in solutions.variables)
    rows: list[Row] = []
    for solution in solutions:
        row = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                row[name] = to_rdflib(value)
        rows.append(row)
    return Table(variables, rows)


def reserialize_results(
    body: bytes, source_type: str, media_type: str, row_cap: int | None
) -> tuple[bytes, bool]:
    """SPARQL results another engine wrote in ``source_type``, in ``media_type``, cut at
    ``row_cap`` rows (remote stores answer through this, so every byte is pyoxigraph's)."""
    parsed = ox.parse_query_results(body, format=_results_format(source_type))
    if isinstance(parsed, ox.QueryBoolean):
        return written(parsed.serialize(format=_results_format(media_type))), False
    return serialize_solutions(parsed, media_type, row_cap)


def reserialize_triples(
    body: bytes, source_type: str, media_type: str, row_cap: int | None
) -> tuple[bytes, bool]:
    """RDF another engine wrote in ``source_type``, in ``media_type``, cut at ``row_cap``."""
    refuse_doctype(body, formats.readable_media_type(source_type) == formats.RDF_XML)
    try:
        quads = list(ox.parse(body, format=rdf_format(source_type)))
    except SyntaxError as exc:
        raise rdf_error(exc) from exc
    return serialize_triples((quad.triple for quad in quads), media_type, row_cap)


def parsed(
    data: bytes, media_type: str, base_iri: str | None, triples_only: bool, *, keep_labels: bool
) -> tuple[Iterator[ox.Quad], bool]:
    """The parser's quads, and whether they are triples only (asked, or all the format can
    hold); syntax errors come while they are read."""
    source = rdf_format(formats.readable_media_type(media_type))
    refuse_doctype(data, source == ox.RdfFormat.RDF_XML)
    triples_only = triples_only or not source.supports_datasets
    parsed = ox.parse(
        data,
        format=source,
        base_iri=base_iri,
        without_named_graphs=triples_only,
        rename_blank_nodes=not keep_labels,
    )
    return parsed, triples_only


def parse_quads(
    data: bytes,
    media_type: str,
    graph: str | None,
    base_iri: str | None,
    keep_blank_node_labels: bool = False,
    max_quads: int | None = None,
) -> list[ox.Quad]:
    """The quads of a document, put in ``graph`` if given; TooLarge past ``max_quads``.

    Fresh blank nodes for each document unless told, or two files' `_:b0` would be one node.
    """
    try:
        quads, _ = parsed(
            data, media_type, base_iri, graph is not None, keep_labels=keep_blank_node_labels
        )
        quads = quads if max_quads is None else capped(quads, max_quads)
        if graph is None:
            return list(quads)
        name = named_node(graph)
        return [ox.Quad(q.subject, q.predicate, q.object, name) for q in quads]
    except SyntaxError as exc:
        raise rdf_error(exc) from exc


def flatten_rdf(
    data: bytes, media_type: str, base_iri: str | None, triples_only: bool, max_quads: int | None
) -> tuple[bytes, str]:
    """The document rewritten as N-Triples (``triples_only``) or N-Quads, with absolute IRIs
    and fresh blank node labels; parse errors and caps as for a load.

    Run where a parser crash harms nothing (a worker process): the line-based result is then
    loaded without risk, whatever the nesting of the original JSON-LD or RDF/XML tree.
    """
    try:
        quads, triples_only = parsed(data, media_type, base_iri, triples_only, keep_labels=False)
        quads = quads if max_quads is None else capped(quads, max_quads)
        target = ox.RdfFormat.N_TRIPLES if triples_only else ox.RdfFormat.N_QUADS
        items = (q.triple for q in quads) if triples_only else quads
        flat = written(ox.serialize(items, format=target))
    except SyntaxError as exc:
        raise rdf_error(exc) from exc
    return flat, formats.N_TRIPLES if triples_only else formats.N_QUADS


def ntriples_by_graph(
    documents: Sequence[tuple[bytes, str]], graph: str | None, base_iri: str | None
) -> tuple[dict[str | None, bytes], int]:
    """N-Triples of each graph the documents fill (fresh blank nodes per document; None: the
    default graph, present only when not empty), and how many quads were read."""
    quads = [q for data, kind in documents for q in parse_quads(data, kind, graph, base_iri)]
    parsed = _graphs_of(quads)
    if not parsed[None].strip():
        del parsed[None]
    return parsed, len(quads)


def ntriples_of_backup(source: IO[bytes]) -> tuple[dict[str | None, bytes], int]:
    """The N-Triples of each graph of an N-Quads backup (blank nodes shared across graphs
    stay one node only within a graph; None: the default graph), and the quad count."""
    quads = parse_quads(source.read(), formats.N_QUADS, None, None, keep_blank_node_labels=True)
    return _graphs_of(quads), len(quads)


def _graphs_of(quads: list[ox.Quad]) -> dict[str | None, bytes]:
    scratch = ox.Store()
    scratch.extend(quads)
    names = sorted(g.value for g in scratch.named_graphs() if isinstance(g, ox.NamedNode))
    return {
        name: written(scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph_node(name)))
        for name in [*names, None]
    }
