"""The SPARQL text a remote store sends: chunked inserts, VALUES blocks, its bookkeeping.

A remote server holds other graphs than ours (Virtuoso's own system graphs, other
applications'), so the remote store keeps a registry graph naming the graphs coopgraph wrote,
and a write counter; every write request updates both in the same request.

>>> with_values("SELECT ?s { ?s ?p ?o }", {"o": Literal("a \\" } b")})
'SELECT ?s { VALUES (?o) { ("a \\\\" } b") } ?s ?p ?o }'
>>> graphs_written("PREFIX g: <http://ex/g/> INSERT DATA { GRAPH g:one { <a> <b> <c> } }")
['http://ex/g/one']
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from coopgraph import formats, sparql_text
from coopgraph.errors import InputError, QuerySyntaxError
from coopgraph.settings import CANONICAL_BASE
from coopgraph.store.embedded import EmbeddedStore

REGISTRY_GRAPH = CANONICAL_BASE + "graph/registry"
"""The remote store's own graph: which graphs are coopgraph's, and the write counter."""
DEFAULT_GRAPH = CANONICAL_BASE + "graph/default"
"""Where a remote store keeps what coopgraph calls the default graph."""
STAGING_BASE = CANONICAL_BASE + "graph/staging/"
"""Graphs a large replacement is written into before it is moved into place."""
NO_GRAPH = CANONICAL_BASE + "graph/none"
"""A graph that never exists: an empty dataset, where a server would read an empty list as
'every graph'."""

_GRAPH_CLASS = "http://www.w3.org/ns/sparql-service-description#Graph"
_GENERATION = REGISTRY_GRAPH + "#generation"
_VARIABLE = re.compile(r"[A-Za-z0-9_\u00B7-\uFFFF]+")
_OBJECT_BLANK_NODE = re.compile(r" (_:\S+) \.\s*$")
_GRAPH_KEYWORDS = frozenset({"GRAPH", "INTO", "TO", "WITH"})
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_INTERNAL = (REGISTRY_GRAPH, STAGING_BASE)


def term_text(term: Identifier) -> str:
    """A term as SPARQL text; IRIs checked, literals escaped by rdflib, blank nodes refused."""
    if isinstance(term, URIRef):
        return sparql_text.iri_ref(str(term))
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise InputError(f"a blank node ({term.n3()}) cannot be bound in a query to a remote store")
    raise InputError(f"unsupported RDF term for a binding: {term!r}")


def with_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a VALUES block of ``bindings`` first in its outermost group.

    At the top of the WHERE group the values bind before OPTIONAL, FILTER and any GROUP BY,
    as an engine substitution does; a trailing VALUES would join after aggregation instead.
    """
    if not bindings:
        return query
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QuerySyntaxError(f"'{name}' is not a SPARQL variable name")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term_text(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    for kind, _, offset in sparql_text.tokens(query):
        if kind == "open" and query[offset] == "{":
            return query[: offset + 1] + block + query[offset + 1 :]
    raise QuerySyntaxError("the query has no { ... } group to bind values in")


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword of the query."""
    for word in sparql_text.keywords(query):
        if word in _FORMS:
            return word
    raise QuerySyntaxError("the query is none of SELECT, ASK, CONSTRUCT or DESCRIBE")


def has_own_dataset(query: str) -> bool:
    """True when the query names its dataset with FROM or FROM NAMED."""
    return "FROM" in sparql_text.keywords(query)


def graphs_written(update: str) -> list[str]:
    """The graph IRIs an update names after GRAPH, INTO, TO or WITH (prefixes resolved);
    graphs chosen by a variable cannot be known before the update runs."""
    prefixes: dict[str, str] = {}
    found: list[str] = []
    previous: list[str] = ["", ""]
    for kind, value, _ in sparql_text.tokens(update):
        if kind == "comment":
            continue
        if kind == "iri" and previous[0].upper() == "PREFIX":
            prefixes[previous[1]] = value[1:-1]
        elif previous[1].upper() in _GRAPH_KEYWORDS and kind in ("iri", "word"):
            iri = value[1:-1] if kind == "iri" else _expand(value, prefixes)
            if iri and iri not in found and not iri.startswith(_INTERNAL):
                found.append(iri)
        previous = [previous[1], value]
    return found


def _expand(name: str, prefixes: Mapping[str, str]) -> str | None:
    prefix, colon, local = name.partition(":")
    if not colon or prefix + ":" not in prefixes:
        return None
    return prefixes[prefix + ":"] + re.sub(r"\\(.)", r"\1", local)


def register(graphs: Iterable[str]) -> str:
    """An update that records ``graphs`` as coopgraph's."""
    entries = " ".join(f"{sparql_text.iri_ref(g)} a <{_GRAPH_CLASS}> ." for g in graphs)
    return f"INSERT DATA {{ GRAPH <{REGISTRY_GRAPH}> {{ {entries} }} }}"


def unregister(graph: str) -> str:
    """An update that forgets ``graph``."""
    entry = f"{sparql_text.iri_ref(graph)} a <{_GRAPH_CLASS}> ."
    return f"DELETE DATA {{ GRAPH <{REGISTRY_GRAPH}> {{ {entry} }} }}"


def count_write() -> str:
    """An update that stamps the write counter with the time in nanoseconds.

    Not ``?old + 1``: Virtuoso 7 finds no solution for ``OPTIONAL { ... } BIND(...)`` when
    the OPTIONAL matches nothing. A stamp changes with every write and grows as long as the
    clocks of the API processes agree.
    """
    counter = f"<{REGISTRY_GRAPH}> <{_GENERATION}>"
    stamp = Literal(time.time_ns()).n3()
    return joined(
        f"DELETE WHERE {{ GRAPH <{REGISTRY_GRAPH}> {{ {counter} ?old }} }}",
        f"INSERT DATA {{ GRAPH <{REGISTRY_GRAPH}> {{ {counter} {stamp} }} }}",
    )


REGISTERED_GRAPHS = f"SELECT ?g WHERE {{ GRAPH <{REGISTRY_GRAPH}> {{ ?g a <{_GRAPH_CLASS}> }} }}"
EXISTING_GRAPHS = (
    f"SELECT ?g WHERE {{ GRAPH <{REGISTRY_GRAPH}> {{ ?g a <{_GRAPH_CLASS}> }} "
    "FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"
)
GENERATION = (
    f"SELECT ?n WHERE {{ GRAPH <{REGISTRY_GRAPH}> {{ <{REGISTRY_GRAPH}> <{_GENERATION}> ?n }} }}"
)


def graph_exists(graph: str) -> str:
    """An ASK: is ``graph`` coopgraph's and not empty?"""
    name = sparql_text.iri_ref(graph)
    return (
        f"ASK {{ GRAPH <{REGISTRY_GRAPH}> {{ {name} a <{_GRAPH_CLASS}> }} "
        f"GRAPH {name} {{ ?s ?p ?o }} }}"
    )


def joined(*operations: str) -> str:
    """Several update operations as one request (one transaction on the server)."""
    return " ;\n".join(operations)


def _blank_nodes(line: str) -> list[str]:
    labels = [line.split(" ", 1)[0]] if line.startswith("_:") else []
    found = _OBJECT_BLANK_NODE.search(line)
    return labels + ([found.group(1)] if found else [])


def _groups(lines: list[str]) -> tuple[list[list[str]], list[str]]:
    """The lines that hold blank nodes, in groups sharing no blank node with another group
    (union-find), and the lines without any."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            label = parent[label]
        return label

    marked = [(line, _blank_nodes(line)) for line in lines]
    for _, labels in marked:
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
    grouped: dict[str, list[str]] = {}
    for line, labels in marked:
        if labels:
            grouped.setdefault(root(labels[0]), []).append(line)
    return list(grouped.values()), [line for line, labels in marked if not labels]


def insert_chunks(ntriples: bytes, graph: str, size: int) -> list[str]:
    """Updates that insert the N-Triples into ``graph``, about ``size`` triples each.

    ``INSERT { } WHERE { }`` rather than ``INSERT DATA``: Virtuoso refuses blank nodes in
    INSERT DATA. A blank node is one node within one update only, so the triples sharing
    blank nodes stay in the same chunk.
    """
    lines = [line for line in ntriples.decode().splitlines() if line.strip()]
    groups, plain = _groups(lines)
    chunks: list[list[str]] = [[]]
    for group in groups + [plain[i : i + size] for i in range(0, len(plain), size)]:
        if chunks[-1] and len(chunks[-1]) + len(group) > size:
            chunks.append([])
        chunks[-1].extend(group)
    target = sparql_text.iri_ref(graph)
    return [
        f"INSERT {{ GRAPH {target} {{\n" + "\n".join(chunk) + "\n} } WHERE { }"
        for chunk in chunks
        if chunk
    ]


def ntriples_by_graph(
    documents: Sequence[tuple[bytes, str]], graph: str | None, base_iri: str | None
) -> tuple[dict[str, bytes], int]:
    """N-Triples of each graph the documents fill, parsed by the embedded engine (fresh
    blank nodes per document); quads without a graph go to the default graph."""
    scratch = EmbeddedStore.in_memory()
    count = scratch.load_all(documents, graph, base_iri)
    parsed = {name: scratch.export_graph(name, formats.N_TRIPLES) for name in scratch.graph_names()}
    default = scratch.export_graph(None, formats.N_TRIPLES)
    if default.strip():
        parsed[DEFAULT_GRAPH] = default
    return parsed, count


def terminated(update: str) -> str:
    """The update without a trailing ``;``, so that more operations can follow."""
    significant = [(k, v, o) for k, v, o in sparql_text.tokens(update) if k != "comment"]
    if significant and significant[-1][1] == ";":
        update = update[: significant[-1][2]]
    return update + "\n"


def ntriples_of_backup(source: IO[bytes]) -> tuple[dict[str, bytes], int]:
    """The N-Triples of each graph of an N-Quads backup (blank nodes shared across graphs
    stay one node only within a graph), the default graph included, and the quad count."""
    scratch = EmbeddedStore.in_memory()
    count = scratch.restore(source)
    graphs = {g: scratch.export_graph(g, formats.N_TRIPLES) for g in scratch.graph_names()}
    graphs[DEFAULT_GRAPH] = scratch.export_graph(None, formats.N_TRIPLES)
    return graphs, count


def as_nquads(ntriples: bytes, graph: str | None) -> bytes:
    """N-Triples lines as N-Quads of ``graph`` (None: the default graph)."""
    suffix = "" if graph is None else " " + sparql_text.iri_ref(graph)
    lines = [line.rstrip().removesuffix(".").rstrip() for line in ntriples.decode().splitlines()]
    return "".join(f"{line}{suffix} .\n" for line in lines if line).encode()


def drop(graph: str) -> str:
    """An update that removes ``graph``, silent if it does not exist."""
    return f"DROP SILENT GRAPH {sparql_text.iri_ref(graph)}"


def move(source: str, target: str) -> str:
    """An update that replaces ``target`` with ``source`` and removes ``source``."""
    return f"MOVE SILENT {sparql_text.iri_ref(source)} TO {sparql_text.iri_ref(target)}"
