"""Checking an HTTP response against what a W3C manifest expects of it."""

from __future__ import annotations

import io

import httpx
import pyoxigraph
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.query import Result

from conformance.w3c import Exchange

RESULT_PARSERS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def media_type(response: httpx.Response) -> str:
    """The response's media type without parameters."""
    content_type: str = response.headers.get("content-type", "")
    return content_type.split(";")[0].strip().lower()


def parse_results(response: httpx.Response) -> Result:
    """The SPARQL results in the response body, parsed by rdflib in the declared format."""
    parser = RESULT_PARSERS.get(media_type(response))
    assert parser, f"not a SPARQL results type: {response.headers.get('content-type')}"
    return Result.parse(io.BytesIO(response.content), format=parser)


def _json_ld_as_n_triples(body: bytes, base: str) -> bytes:
    """JSON-LD read by pyoxigraph: rdflib's JSON-LD parser warns of its own deprecations."""
    quads = pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.JSON_LD, base_iri=base)
    triples = pyoxigraph.serialize((q.triple for q in quads), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert triples is not None
    return triples


def parse_graph(response: httpx.Response) -> Graph:
    """The RDF graph in the response body, parsed in the declared format."""
    parser = GRAPH_PARSERS.get(media_type(response))
    assert parser, f"not an RDF type: {response.headers.get('content-type')}"
    body, base = response.content, str(response.url)
    if parser == "json-ld":
        body, parser = _json_ld_as_n_triples(body, base), "nt"
    return Graph().parse(data=body, format=parser, publicID=base)


def _describe(exchange: Exchange, response: httpx.Response) -> str:
    return f"{exchange.method} {exchange.path} -> {response.status_code}: {response.text[:500]}"


def check(exchange: Exchange, response: httpx.Response) -> None:
    """Assert the response is what the manifest expects of this exchange."""
    expected = exchange.expected
    where = _describe(exchange, response)
    assert expected.allows(response.status_code), f"status not in {expected.statuses}: {where}"
    if expected.result_format == "boolean" or expected.boolean is not None:
        result = parse_results(response)
        assert result.type == "ASK", where
        if expected.boolean is not None:
            assert result.askAnswer is expected.boolean, where
    elif expected.result_format == "tabular":
        assert parse_results(response).type == "SELECT", where
    elif expected.result_format == "RDF":
        parse_graph(response)
    if expected.content_type is not None:
        normalised = response.headers.get("content-type", "").replace(" ", "").lower()
        assert normalised == expected.content_type.replace(" ", "").lower(), where
    if expected.body is not None and exchange.method != "HEAD":
        wanted = Graph().parse(data=expected.body, format="turtle")
        assert isomorphic(parse_graph(response), wanted), where
