"""The read mix of bench/cache_bench.py: 200 distinct requests, as coopgraph and as Oxigraph.

Found on a running coopgraph holding the project's content (examples included):

- 100 Linked Data documents (half HTML pages, half Turtle) of resources of ``/id/`` and
  ``/ref/``; for the Oxigraph server, the SPARQL coopgraph runs to build them:
  ``linked_data/queries/describe.rq`` with the resource written in (and ``incoming.rq`` for
  a page);
- 60 stored queries: every example of the headers of queries/ and territory-trajectory,
  theme-actions and action-engagement over departments and regions, those that answer 200,
  as they are, then in English, as CSV, in English 20 at a time (other answers of the API,
  the same query); for the Oxigraph server, the query text with its parameters (and
  defaults) bound by a VALUES block, as coopgraph sends them to a remote store;
- 40 SPARQL queries: properties of a resource, the CONSTRUCT of its triples, members of a
  class, parts of a territory, what links to a resource.

Each request of the mix is drawn as a kind first (50 % documents, 30 % stored queries, 20 %
SPARQL), then Zipf-distributed (exponent 1) over the distinct requests of that kind.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from coopgraph.questions import StoredQuery, load_queries
from coopgraph.sparql_text import variables, with_values

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/coopgraph/"
JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
SHARES = {"document": 0.5, "stored": 0.3, "sparql": 0.2}
COUNTS = {"document": 100, "stored": 60, "sparql": 40}
PREFIXES = (
    "PREFIX cg: <https://w3id.org/coopgraph/def/> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)


@dataclass(frozen=True)
class Call:
    """One HTTP GET: a path, its parameters, its Accept."""

    path: str
    params: tuple[tuple[str, str], ...]
    accept: str


@dataclass(frozen=True)
class Request:
    """One distinct request of the mix: what coopgraph is asked, and what Oxigraph is."""

    kind: str
    coopgraph: Call
    oxigraph: tuple[Call, ...]


@dataclass
class Mix:
    """The distinct requests of each kind, in Zipf rank order."""

    requests: dict[str, list[Request]] = field(default_factory=dict)

    def draw(self, seed: int, count: int) -> list[Request]:
        """``count`` requests drawn as the module docstring says, reproducibly."""
        chance = random.Random(seed)
        kinds = list(SHARES)
        weights = {k: [1 / rank for rank in range(1, len(self.requests[k]) + 1)] for k in kinds}
        drawn = []
        for kind in chance.choices(kinds, [SHARES[k] for k in kinds], k=count):
            drawn.append(chance.choices(self.requests[kind], weights[kind])[0])
        return drawn


def _select(client: httpx.Client, query: str) -> list[dict[str, str]]:
    reply = client.get("/sparql", params={"query": PREFIXES + query}, headers={"Accept": JSON})
    reply.raise_for_status()
    rows = reply.json()["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in rows]


def _spread(items: list[str], count: int, seed: int) -> list[str]:
    chosen = sorted(items)
    random.Random(seed).shuffle(chosen)
    return chosen[:count]


def _resources(client: httpx.Client) -> list[str]:
    """Resources of every kind under ``id/`` and ``ref/``, taken in turn from each kind."""
    rows = _select(client, _RESOURCES)
    by_kind: dict[str, list[str]] = {}
    for row in rows:
        kind = row["s"].removeprefix(BASE).rsplit("/", 1)[0]
        by_kind.setdefault(kind, []).append(row["s"])
    shuffled = [_spread(iris, len(iris), number) for number, iris in enumerate(by_kind.values())]
    found = []
    for turn in range(max(map(len, shuffled), default=0)):
        found += [iris[turn] for iris in shuffled if turn < len(iris)]
    return found


_RESOURCES = (
    f'SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{BASE}id/") '
    f'|| STRSTARTS(STR(?s), "{BASE}ref/")) }}'
)


def _sparql_call(query: str, accept: str = JSON) -> Call:
    return Call("/query", (("query", query),), accept)


def bound(text: str, iri: str) -> str:
    """A Linked Data query with ``?resource`` written as the IRI, as the engine substitutes it
    (in its sub-queries too, which a VALUES block outside them would not reach).

    >>> bound("SELECT ?resource ?s { { SELECT DISTINCT ?resource ?s { ?s ?p ?resource } } }", "x:y")
    'SELECT ?s { { SELECT DISTINCT ?s { ?s ?p <x:y> } } }'
    """
    text = re.sub(r"(SELECT(?: DISTINCT)?\s[^{]*?)\?resource\b\s*", r"\1", text)
    return text.replace("?resource", f"<{iri}>")


def documents(client: httpx.Client) -> list[Request]:
    """Half HTML pages, half Turtle documents, of resources spread over their kinds."""
    describe = (ROOT / "src/coopgraph/linked_data/queries/describe.rq").read_text()
    incoming = (ROOT / "src/coopgraph/linked_data/queries/incoming.rq").read_text()
    requests = []
    for number, iri in enumerate(_resources(client)[: COUNTS["document"]]):
        path = iri.removeprefix(BASE.rstrip("/"))
        calls = [_sparql_call(bound(describe, iri))]
        if number % 2:
            coopgraph = Call(path + ".ttl", (), TURTLE)
        else:
            coopgraph = Call(path + ".html", (), "text/html")
            calls.append(_sparql_call(bound(incoming, iri)))
        requests.append(Request("document", coopgraph, tuple(calls)))
    return requests


def _terms(query: StoredQuery, given: dict[str, tuple[str, ...]]) -> dict[str, list[Identifier]]:
    terms: dict[str, list[Identifier]] = {}
    named = variables(query.text)
    for parameter in query.parameters:
        values = given.get(parameter.name) or parameter.default
        if not values or parameter.name not in named:
            continue
        if parameter.kind == "literal":
            datatype = URIRef(parameter.datatype) if parameter.datatype else None
            terms[parameter.name] = [Literal(value, datatype=datatype) for value in values]
        else:
            terms[parameter.name] = [URIRef(value) for value in values]
    return terms


def _stored(query: StoredQuery, given: dict[str, tuple[str, ...]]) -> Request:
    params = tuple((name, value) for name, values in given.items() for value in values)
    text = with_values(query.text, {k: tuple(v) for k, v in _terms(query, given).items()})
    accept = TURTLE if query.form in ("CONSTRUCT", "DESCRIBE") else JSON
    coopgraph = Call(f"/api/{query.name}", params, "application/json")
    return Request("stored", coopgraph, (_sparql_call(text, accept),))


def stored_queries(client: httpx.Client) -> list[Request]:
    """Every example of the stored queries, then more territories until 60 answer 200."""
    queries = load_queries(ROOT / "queries")
    asked = [
        (queries[name], dict(example)) for name in queries for example in queries[name].examples
    ]
    places = [row["t"] for row in _select(client, _PLACES)]
    for number, place in enumerate(places):
        name = ("territory-trajectory", "theme-actions", "action-engagement")[number % 3]
        asked.append((queries[name], {"territory": (place,)}))
    answered = []
    for query, given in asked:
        request = _stored(query, given)
        call = request.coopgraph
        if client.get(call.path, params=call.params).status_code == 200:
            answered.append(request)
    requests = []
    for options in ((), (("lang", "en"),), (("format", "csv"),), (("lang", "en"), ("limit", "20"))):
        for request in answered:  # the same SPARQL for Oxigraph, another answer of the API
            call = request.coopgraph
            coopgraph = Call(call.path, call.params + options, call.accept)
            requests.append(Request("stored", coopgraph, request.oxigraph))
    return requests[: COUNTS["stored"]]


_PLACES = (
    f'SELECT ?t WHERE {{ ?t a ?c FILTER(STRSTARTS(STR(?t), "{BASE}id/department/") '
    f'|| STRSTARTS(STR(?t), "{BASE}id/region/")) }} GROUP BY ?t ORDER BY ?t'
)


def sparql_queries(client: httpx.Client, resources: list[str]) -> list[Request]:
    """Ten queries of each of four shapes over the content, then incoming links until 40."""
    classes = [r["c"] for r in _select(client, _CLASSES)][:10]
    parents = [r["p"] for r in _select(client, _PARENTS)][:10]
    texts: list[tuple[str, str]] = []
    for iri in resources[:10]:
        texts.append((f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ <{iri}> ?p ?o }} GROUP BY ?p", JSON))
        texts.append((f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}", TURTLE))
    for kind in classes:
        texts.append((f"SELECT ?s ?l WHERE {{ ?s a <{kind}> ; rdfs:label ?l }} LIMIT 100", JSON))
    for parent in parents:
        texts.append((f"SELECT ?s ?l WHERE {{ ?s cg:isPartOf <{parent}> ; rdfs:label ?l }}", JSON))
    for iri in resources[10:40]:  # what links to a resource, until 40 queries
        texts.append((f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT 100", JSON))
    requests = []
    for text, accept in texts[: COUNTS["sparql"]]:
        call = _sparql_call(PREFIXES + text, accept)
        requests.append(Request("sparql", Call("/sparql", call.params, accept), (call,)))
    return requests


_CLASSES = "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 10"
_PARENTS = (
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s cg:isPartOf ?p } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10"
)


def build(coopgraph_url: str) -> Mix:
    """The 200 distinct requests, found on the coopgraph server at ``coopgraph_url``."""
    with httpx.Client(base_url=coopgraph_url, timeout=120) as client:
        documents_found = documents(client)
        iris = [r.coopgraph.path for r in documents_found]
        resources = [BASE.rstrip("/") + path.rsplit(".", 1)[0] for path in iris]
        return Mix(
            {
                "document": documents_found,
                "stored": stored_queries(client),
                "sparql": sparql_queries(client, resources[1::2]),
            }
        )


def counted(mix: Mix) -> Iterator[str]:
    """One line per kind: how many distinct requests it holds."""
    for kind, requests in mix.requests.items():
        yield f"{kind}: {len(requests)} distinct requests"
