"""A large source's closure, computed from its document while the store loads it.

The bulk loads of a large N-Triples source (the geography) let go of the GIL for seconds,
and its closure (``reasoning.closure``), read back from the store once they were done, took
about a second of Python, fighting for the GIL with the small sources' reasoning, then the
loads of its result. Computed in a thread from the same bytes, while the loads run, it is
handed to reasoning, which only writes it, if the source and the ontology are still the
versions it was computed from (``reasoning.closure.prepared``). A preparation that fails
leaves reasoning to compute the closure as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from rdflib import Graph

from coopgraph import formats
from coopgraph.errors import CoopgraphError
from coopgraph.reasoning import LARGE_SOURCE, prepare
from coopgraph.store import Store

logger = logging.getLogger("coopgraph")


@dataclass(frozen=True)
class Versions:
    """What a source's closure is computed from: the source's version, the ontology's, and
    the ontology itself (read when needed, as N-Triples)."""

    source: str
    ontology: str
    ontology_triples: Callable[[], bytes]


@contextmanager
def closing_beside(
    store: Store, graph: str, data: bytes, media_type: str, versions: Versions | None
) -> Iterator[None]:
    """Around the load of ``data`` into ``graph``: the closure of a large N-Triples document
    computed meanwhile in a thread, kept for reasoning; nothing for other documents."""
    large = media_type == formats.N_TRIPLES and data.count(b"\n") > LARGE_SOURCE
    if versions is None or not large:
        yield
        return
    with ThreadPoolExecutor(1, thread_name_prefix="coopgraph-closure") as apart:
        work = apart.submit(_prepare, store, graph, data, versions)
        yield
        work.result()


def _prepare(store: Store, graph: str, data: bytes, versions: Versions) -> None:
    try:
        ontology = Graph().parse(data=versions.ontology_triples(), format="nt")
        prepare(store, graph, (versions.source, versions.ontology), data, ontology)
    except (CoopgraphError, SyntaxError) as exc:  # told when the source or ontology loads
        logger.debug("the closure of <%s> is left to reasoning: %s", graph, exc)
