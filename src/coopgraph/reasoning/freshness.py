"""Which inferred graphs follow their source: the source's version, recorded with each one.

Reasoning follows a write in a second transaction, so a crash in between leaves an inferred
graph made from the source's previous version. Each materialisation therefore records, in the
catalog graph, the version of the source it read (``<inferred> prov:wasDerivedFrom <source> ;
spdx:checksumValue "version"``: the checksum of what the graph was made from, as the catalog
says of a content graph's files). At start, reasoning's follow-up compares each recorded
version with the source's own and materialises again those that differ (``stale``).

A source's version is its catalog checksum when it has one (a content file, loaded by
``content.synchronise``, which records the checksum before reasoning follows); otherwise
(a territory's published description, a graph written through the Graph Store) the SHA-256
of its N-Triples lines, sorted: the same triples give the same version whatever order the
engine exports them in.

>>> text_version(b'<http://e/b> <http://e/p> "2" .\\n<http://e/a> <http://e/p> "1" .\\n') == (
...     text_version(b'<http://e/a> <http://e/p> "1" .\\n<http://e/b> <http://e/p> "2" .'))
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import Literal, URIRef

from coopgraph import formats
from coopgraph.iris import CATALOG_GRAPH
from coopgraph.sparql_text import term_text
from coopgraph.store import Store

CHECKSUM = "http://spdx.org/rdf/terms#checksumValue"
"""What the catalog says of a graph: the checksum of what it was made from."""
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
"""What the catalog says of an inferred graph: its source graph."""
_CATALOG = term_text(URIRef(CATALOG_GRAPH))


def text_version(ntriples: bytes) -> str:
    """The version of a graph exported as N-Triples: SHA-256 of its lines, sorted."""
    lines = sorted(line for line in ntriples.splitlines() if line.strip())
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def source_version(store: Store, source: str, exported: bytes | None = None) -> str:
    """The version of ``source``: its catalog checksum, else that of its triples (``exported``
    when the caller already has them as N-Triples)."""
    checksum = _catalog_checksums(store, [source]).get(source)
    if checksum is not None:
        return checksum
    return text_version(_export(store, source) if exported is None else exported)


def record_version(store: Store, inferred: str, source: str, version: str) -> None:
    """Record that ``inferred`` was made from ``source`` at ``version``."""
    subject, derived_from = term_text(URIRef(inferred)), term_text(URIRef(source))
    store.update(
        f"DELETE WHERE {{ GRAPH {_CATALOG} {{ {subject} ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH {_CATALOG} {{ {subject} <{DERIVED_FROM}> {derived_from} ; "
        f"<{CHECKSUM}> {term_text(Literal(version))} }} }}"
    )


def forget_version(store: Store, inferred: str) -> None:
    """Remove the record of an inferred graph that is dropped."""
    store.update(f"DELETE WHERE {{ GRAPH {_CATALOG} {{ {term_text(URIRef(inferred))} ?p ?o }} }}")


def recorded_versions(store: Store) -> dict[str, str]:
    """The source version each inferred graph was made from, by source."""
    table = store.select(
        f"SELECT ?source ?version WHERE {{ GRAPH {_CATALOG} {{ "
        f"?inferred <{DERIVED_FROM}> ?source ; <{CHECKSUM}> ?version }} }}"
    )
    return {str(row["source"]): str(row["version"]) for row in table}


def stale(store: Store, sources: Iterable[str]) -> list[str]:
    """The sources whose inferred graph was made from another version than theirs (or has no
    record: made before versions were recorded, or never)."""
    wanted = list(sources)
    recorded = recorded_versions(store)
    checksums = _catalog_checksums(store, wanted)
    found = []
    for source in wanted:
        version = checksums.get(source) or text_version(_export(store, source))
        if recorded.get(source) != version:
            found.append(source)
    return found


def _catalog_checksums(store: Store, sources: list[str]) -> dict[str, str]:
    """The catalog checksums of those of ``sources`` the catalog lists."""
    if not sources:
        return {}
    values = " ".join(term_text(URIRef(source)) for source in sources)
    table = store.select(
        f"SELECT ?g ?sum WHERE {{ VALUES ?g {{ {values} }} "
        f"GRAPH {_CATALOG} {{ ?g <{CHECKSUM}> ?sum }} }}"
    )
    return {str(row["g"]): str(row["sum"]) for row in table}


def _export(store: Store, graph: str) -> bytes:
    return store.export_graph(graph, formats.N_TRIPLES) if store.has_graph(graph) else b""
