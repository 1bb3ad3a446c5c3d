"""SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/),
checked by hand against a real ``coopgraph serve``.

Section 2: a GET on the endpoint without a query answers an RDF description of the service,
whose ``sd:endpoint`` is the endpoint's URL; section 3 names the vocabulary checked here.
"""

from __future__ import annotations

import httpx
import pytest
from conftest import LiveServer
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node

from conformance.checks import GRAPH_PARSERS, parse_graph

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DESCRIBED_GRAPH = "http://example.org/service-description/described"

pytestmark = pytest.mark.slow


def _description(server: LiveServer, accept: str, host: str = "127.0.0.1") -> Graph:
    url = server.sparql.replace("127.0.0.1", host)
    response = httpx.get(url, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    return parse_graph(response)


def _service(description: Graph) -> Node:
    services = list(description.subjects(RDF.type, SD.Service))
    assert len(services) == 1, f"one sd:Service expected, found {services}"
    return services[0]


@pytest.fixture(scope="module")
def described(live_server: LiveServer) -> Graph:
    """The Turtle description, once a named graph exists in the store."""
    loaded = httpx.put(
        f"{live_server.base_url}/graphs",
        params={"graph": DESCRIBED_GRAPH},
        content=b"<http://example.org/s> <http://example.org/p> 1 .",
        headers={"Content-Type": "text/turtle", **live_server.admin},
    )
    assert loaded.status_code in (201, 204), loaded.text
    return _description(live_server, "text/turtle")


def test_the_endpoint_is_the_url_the_client_used(live_server: LiveServer) -> None:
    """sd:endpoint follows the host the request reached, not a configured guess."""
    for host in ("127.0.0.1", "localhost"):
        description = _description(live_server, "text/turtle", host)
        endpoint = live_server.sparql.replace("127.0.0.1", host)
        assert (_service(description), SD.endpoint, URIRef(endpoint)) in description


def test_the_supported_languages_are_query_and_update(described: Graph) -> None:
    """sd:supportedLanguage names SPARQL 1.1 Query and Update."""
    languages = set(described.objects(_service(described), SD.supportedLanguage))
    assert {SD.SPARQL11Query, SD.SPARQL11Update} <= languages


def test_every_result_format_served_is_listed(described: Graph) -> None:
    """sd:resultFormat lists each format the endpoint negotiates, by its W3C formats IRI."""
    listed = set(described.objects(_service(described), SD.resultFormat))
    served = {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV"}
    served |= {"SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"}
    assert {FORMATS[name] for name in served} <= listed


def test_the_union_default_graph_is_declared(described: Graph) -> None:
    """sd:feature sd:UnionDefaultGraph: the default graph is the union of the named graphs."""
    assert (_service(described), SD.feature, SD.UnionDefaultGraph) in described


def test_the_default_dataset_lists_the_named_graphs(described: Graph) -> None:
    """sd:defaultDataset has a default graph and one sd:namedGraph per graph of the store."""
    dataset = described.value(_service(described), SD.defaultDataset)
    assert dataset is not None
    assert (dataset, RDF.type, SD.Dataset) in described
    assert described.value(dataset, SD.defaultGraph) is not None
    names = {described.value(g, SD.name) for g in described.objects(dataset, SD.namedGraph)}
    assert URIRef(DESCRIBED_GRAPH) in names


@pytest.mark.parametrize("accept", sorted(GRAPH_PARSERS), ids=sorted(GRAPH_PARSERS.values()))
def test_every_rdf_format_says_the_same(
    live_server: LiveServer, described: Graph, accept: str
) -> None:
    """Turtle, N-Triples, JSON-LD and RDF/XML by content negotiation: the same graph."""
    assert isomorphic(_description(live_server, accept), described)


def test_a_results_only_accept_is_refused_with_406(live_server: LiveServer) -> None:
    """The description is RDF: an Accept naming only SPARQL results types gets 406."""
    response = httpx.get(
        live_server.sparql, headers={"Accept": "application/sparql-results+json"}, timeout=30
    )
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text
