"""Answers kept until the store changes, a repeat costs a lookup: /sparql, /api, Linked Data.

The request side of :mod:`coopgraph.web.page_cache`. A route names what
its answer depends on (a key: for /sparql the query text, the dataset, the inference flag, the
negotiated result and graph types and the endpoint's base; for /api the whole URL, every
parameter in order, the Accept header and the language), reads the store's generation *before*
it queries (:func:`look_up`), serves a kept answer of that generation (:meth:`Lookup.hit`), or
answers and keeps it (:meth:`Lookup.keep`). Every write grows the generation, so the next
request after a submission, a Graph Store write or a SPARQL update is a miss. Linked Data
pages (a blocking route) go through :func:`kept_or_made` instead.

Never kept: answers to a request carrying a token (``Authorization``: neither served from nor
stored in the cache), errors, truncated answers (``Coopgraph-Truncated``), and answers over a
share of the bound. A hit runs no query, takes no query worker and no thread: the fair-share
books see it as a request of zero query time. Each answer says which way it went in
``Coopgraph-Cache``: ``hit``, ``miss`` or ``off`` (not looked up), and carries an ETag
(If-None-Match gets 304).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool

from coopgraph.settings import Settings
from coopgraph.store import Store
from coopgraph.web.headers import CACHE_HEADER as CACHE_HEADER  # told with every answer
from coopgraph.web.headers import TRUNCATED_HEADER
from coopgraph.web.page_cache import PageCache, Rendered, cache_of, rendered_of, response_of


@dataclass(frozen=True)
class Lookup:
    """One request's place in the answer cache: its key and the store version it reads."""

    cache: PageCache | None
    """None when the request must not use the cache (a token, or a cache of 0 bytes)."""
    key: Hashable
    version: int

    def hit(self, request: Request) -> Response | None:
        """The kept answer of this request at this version, if any (304 if the ETag matches)."""
        if self.cache is None:
            return None
        entry = self.cache.entry(self.key, self.version)
        if entry is None:
            return None
        response = response_of(entry.rendered, entry.etag, request.headers.get("if-none-match"))
        response.headers[CACHE_HEADER] = "hit"
        return response

    def keep(self, request: Request, response: Response) -> Response:
        """``response`` sent, and kept when it may be: a whole 200 answer, no token."""
        if self.cache is None:
            response.headers[CACHE_HEADER] = "off"
            return response
        if response.status_code != 200 or TRUNCATED_HEADER in response.headers:
            response.headers[CACHE_HEADER] = "miss"
            return response
        entry = self.cache.put(self.key, self.version, rendered_of(response))
        sent = response_of(entry.rendered, entry.etag, request.headers.get("if-none-match"))
        sent.headers[CACHE_HEADER] = "miss"
        return sent


def may_use(request: Request, settings: Settings) -> bool:
    """True unless the request carries a token (any Authorization) or the cache is off."""
    return settings.answer_cache_bytes > 0 and "authorization" not in request.headers


def kept_or_made(
    request: Request, store: Store, settings: Settings, key: Hashable, make: Callable[[], Rendered]
) -> Response:
    """A Linked Data answer: kept, or made by ``make`` and kept (blocking: call in a thread)."""
    cache = cache_of(store, settings.answer_cache_bytes)
    usable = may_use(request, settings)
    version = store.generation()  # before the store is read: a later write makes a miss
    entry = cache.entry(key, version) if usable else None
    state = "off" if not usable else "miss" if entry is None else "hit"
    if entry is None:
        entry = cache.put(key, version, make(), keep=usable)
    response = response_of(entry.rendered, entry.etag, request.headers.get("if-none-match"))
    response.headers[CACHE_HEADER] = state
    return response


async def look_up(request: Request, store: Store, settings: Settings, key: Hashable) -> Lookup:
    """The request's lookup, the store's generation read now, before any query runs."""
    if not may_use(request, settings):
        return Lookup(None, key, 0)
    if settings.is_remote:  # the generation is a request to the server: not on the loop
        version = await run_in_threadpool(store.generation)
    else:
        version = store.generation()
    return Lookup(cache_of(store, settings.answer_cache_bytes), key, version)
