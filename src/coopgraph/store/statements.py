"""The SPARQL text a remote store sends: chunked inserts, swaps, its bookkeeping.

A remote server holds other graphs than ours (Virtuoso's own system graphs, other
applications'), so the remote store keeps a registry graph naming the graphs coopgraph wrote,
and a write counter; every write request updates both in the same request.

>>> graphs_written("PREFIX g: <http://ex/g/> INSERT DATA { GRAPH g:one { <a> <b> <c> } }")
['http://ex/g/one']
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from rdflib import Literal

from coopgraph import sparql_text
from coopgraph.errors import QuerySyntaxError
from coopgraph.iris import REGISTRY_GRAPH, STAGING_BASE
from coopgraph.store.base import Dataset

_GRAPH_CLASS = "http://www.w3.org/ns/sparql-service-description#Graph"
_GENERATION = REGISTRY_GRAPH + "#generation"
_OBJECT_BLANK_NODE = re.compile(r" (_:\S+) \.\s*$")
_GRAPH_KEYWORDS = frozenset({"GRAPH", "INTO", "TO", "WITH"})
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_INTERNAL = (REGISTRY_GRAPH, STAGING_BASE)


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword of the query."""
    for word in sparql_text.keywords(query):
        if word in _FORMS:
            return word
    raise QuerySyntaxError("the query is none of SELECT, ASK, CONSTRUCT or DESCRIBE")


def has_own_dataset(query: str) -> bool:
    """True when the query names its dataset with FROM or FROM NAMED."""
    words = [t for t in sparql_text.tokens(query) if t[0] != "comment"]
    return any(_keyword(words, index) == "FROM" for index in range(len(words)))


def own_dataset(query: str) -> tuple[Dataset, str]:
    """A query's FROM and FROM NAMED graphs (prefixed names expanded, relative IRIs resolved
    against its BASE), and the query without those clauses: a server such as Virtuoso merges
    FROM with default-graph-uri, where the SPARQL Protocol lets the parameters win.

    >>> own_dataset("BASE <http://g/> SELECT * FROM <a> FROM NAMED <b> { ?s ?p ?o }")
    (Dataset(default_graphs=('http://g/a',), named_graphs=('http://g/b',)), \
'BASE <http://g/> SELECT *   { ?s ?p ?o }')
    """
    words = [t for t in sparql_text.tokens(query) if t[0] != "comment"]
    prefixes: dict[str, str] = {}
    graphs: tuple[list[str], list[str]] = ([], [])
    base, kept, last, index = "", [], 0, 0
    while index < len(words):
        keyword = _keyword(words, index)
        if keyword == "BASE" and index + 1 < len(words):
            base = urljoin(base, words[index + 1][1][1:-1])
        elif keyword == "PREFIX" and index + 2 < len(words):
            prefixes[words[index + 1][1]] = urljoin(base, words[index + 2][1][1:-1])
        elif keyword == "FROM":
            named = _keyword(words, index + 1) == "NAMED"
            start, index = words[index][2], index + 1 + named
            _, name, offset = words[index] if index < len(words) else ("", "", len(query))
            graphs[named].append(_graph_named(name, prefixes, base, query, offset))
            kept.append(query[last:start])
            last = offset + len(name)
        index += 1
    return Dataset(tuple(graphs[0]), tuple(graphs[1])), "".join(kept) + query[last:]


def _keyword(words: Sequence[tuple[str, str, int]], index: int) -> str:
    """The word at ``index`` upper-cased, unless it is no keyword (a language tag)."""
    if index >= len(words) or words[index][0] != "word":
        return ""
    return "" if index and words[index - 1][1] == "@" else words[index][1].upper()


def _graph_named(name: str, prefixes: Mapping[str, str], base: str, query: str, at: int) -> str:
    """The IRI a FROM clause names, or a QuerySyntaxError saying where and what it found."""
    if name.startswith("<"):
        return urljoin(base, name[1:-1])
    iri = _expand(name, prefixes)
    if iri is None:
        found = f"'{name}'" if name else "the end of the query"
        raise QuerySyntaxError(
            f"FROM expects a graph IRI, found {found} (at {sparql_text.position(query, at)})"
        )
    return iri


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


def terminated(update: str) -> str:
    """The update without a trailing ``;``, so that more operations can follow."""
    significant = [(k, v, o) for k, v, o in sparql_text.tokens(update) if k != "comment"]
    if significant and significant[-1][1] == ";":
        update = update[: significant[-1][2]]
    return update + "\n"


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


def with_base(text: str, base_iri: str | None) -> str:
    """The query or update with a BASE declaration first, unless it has its own."""
    if base_iri is None or "BASE" in sparql_text.keywords(text):
        return text
    return f"BASE {sparql_text.iri_ref(base_iri)}\n{text}"


@dataclass(frozen=True)
class Swap:
    """The requests that make graphs hold exactly new triples, all readers seeing the change
    at once: inserts into staging graphs (each its own request; none for small content),
    the operations of one final request, and the update that drops the staging graphs."""

    staging: list[str]
    final: list[str]
    cleanup: str | None


def swap(
    graphs: Mapping[str, bytes], dropped: Sequence[str], additions: Mapping[str, bytes], size: int
) -> Swap:
    """Replace ``graphs`` and remove ``dropped``, adding ``additions`` (small) at the end.

    Small content goes in the request that drops the old; larger content is first written
    to staging graphs, which the final request moves into place."""
    chunked = {g: insert_chunks(t, g, size) for g, t in graphs.items()}
    removals = [drop(g) for g in dropped] + [unregister(g) for g in dropped]
    added = [chunk for g, t in additions.items() for chunk in insert_chunks(t, g, size)]
    recorded = register([*graphs, *additions])
    if all(len(chunks) <= 1 for chunks in chunked.values()):
        inserts = [chunk for chunks in chunked.values() for chunk in chunks]
        return Swap([], [*removals, *inserts, *added, recorded], None)
    staged = {g: STAGING_BASE + str(uuid.uuid4()) for g in graphs}
    staging = [
        chunk for g, name in staged.items() for chunk in insert_chunks(graphs[g], name, size)
    ]
    moves = [move(name, g) for g, name in staged.items()]
    cleanup = joined(*(drop(name) for name in staged.values()))
    return Swap(staging, [*removals, *moves, *added, recorded], cleanup)
