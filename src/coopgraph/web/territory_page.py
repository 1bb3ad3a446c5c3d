"""The part of a territory's resource page that gathers what is known of it.

``routes/resources.py`` renders a page in FastAPI's thread pool; the stored queries run on the
event loop (``anyio.from_thread``) through the query runner, like ``/api/<name>``: in the
isolated workers, under the query deadline. Only commune, EPCI, department, region and
grouping pages get it, and only when the content root holds the stored queries.
"""

from __future__ import annotations

import asyncio

from anyio import from_thread
from fastapi import Request
from rdflib import RDF

from coopgraph.linked_data import Description
from coopgraph.questions import (
    Limits,
    TerritoryOverview,
    gather_territory,
    is_territory,
    territory_overview,
    territory_queries,
)
from coopgraph.web.deps import services_of


def territory_of(request: Request, description: Description, lang: str) -> TerritoryOverview | None:
    """What is known of the territory ``description`` names, or None for anything else.

    Called from a thread of FastAPI's pool (a plain ``def`` route), never on the event loop.
    """
    if not is_territory(description.graph.objects(description.iri, RDF.type)):
        return None
    services = services_of(request)
    settings = services.settings
    queries = territory_queries(settings.content_root / "queries")
    if not queries:
        return None
    # A gate of its own: a semaphore is bound to one event loop, and it only matters for a
    # remote store (the embedded store's workers keep their own queue).
    limits = Limits(
        settings.query_timeout, asyncio.Semaphore(settings.query_workers), settings.row_cap
    )
    iri = str(description.iri)
    found = from_thread.run(gather_territory, iri, queries, services.store, services.runner, limits)
    return territory_overview(iri, found, services.store, lang)
