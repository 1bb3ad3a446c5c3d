"""Rendered Linked Data answers, kept until the store changes: repeat requests cost a lookup.

A page or RDF document of a resource is a function of the store's content and of the request
(path, format, language, site). Each answer is kept under that request, with the store's
:meth:`~coopgraph.store.base.Store.generation` read *before* the store was queried; a lookup
only returns an answer of the current generation, so a write (submission, Graph Store PUT,
SPARQL update) makes every older answer a miss at once.

- Embedded store: the generation counts this process's writes, and only this process writes.
- Remote store: the generation is a stamp every coopgraph process writes with each write, so
  writes through any coopgraph process are seen at the next request. Writes that bypass
  coopgraph (straight to the SPARQL server) are not counted: answers are also dropped after
  ``max_age`` seconds (:data:`MAX_AGE`), the longest such a write can stay unseen.

Each answer carries a strong ETag (a hash of its body and status); a request whose
If-None-Match names it gets 304 Not Modified without a body.

The cache is bounded twice: at most ``size`` answers and at most ``max_bytes`` bytes (bodies,
headers and keys, ``COOPGRAPH_ANSWER_CACHE_BYTES``); the least recently used go first. An
answer larger than :data:`LARGEST_SHARE` of ``max_bytes`` is never kept, so one large answer
cannot empty the cache. The same cache keeps /sparql and /api answers
(:mod:`coopgraph.web.answer_cache`).

>>> cache = PageCache(size=2)
>>> _ = cache.put(("/ref/a", "html"), 1, Rendered(b"<p>a</p>", "text/html"))
>>> cache.get(("/ref/a", "html"), 1).body
b'<p>a</p>'
>>> cache.get(("/ref/a", "html"), 2) is None
True
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field

from fastapi import Response

from coopgraph.store import Store

SIZE = 4096
"""Most answers kept (a concept page is 5-50 kB; the byte bound usually binds first)."""
MAX_BYTES = 128 * 1024 * 1024
"""The default byte bound, as ``Settings.answer_cache_bytes``."""
LARGEST_SHARE = 1 / 16
"""An answer larger than this share of the byte bound is never kept."""
MAX_AGE = 60.0
"""Seconds an answer is kept at most, for writes that bypass coopgraph on a remote store."""


@dataclass(frozen=True)
class Rendered:
    """One answer as sent: body, media type, status and headers (without the ETag)."""

    body: bytes
    media_type: str | None
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        """A strong validator of the body and status, quoted as HTTP wants."""
        digest = hashlib.blake2b(self.body, digest_size=12, key=str(self.status).encode())
        return f'"{digest.hexdigest()}"'


@dataclass(frozen=True)
class _Entry:
    version: int
    born: float
    rendered: Rendered
    etag: str
    cost: int = 0


class PageCache:
    """A bounded least-recently-used map of request keys to answers of one store version."""

    def __init__(
        self,
        size: int = SIZE,
        max_age: float = MAX_AGE,
        clock: Callable[[], float] = time.monotonic,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self._size, self._max_age, self._clock = size, max_age, clock
        self._max_bytes = max_bytes
        self._bytes = 0
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def max_bytes(self) -> int:
        """The byte bound: bodies, headers and keys of the kept answers together."""
        return self._max_bytes

    @property
    def bytes(self) -> int:
        """The bytes the kept answers take now (bodies, headers and keys)."""
        return self._bytes

    def resize(self, max_bytes: int) -> None:
        """Bound the cache to ``max_bytes``, dropping the least recently used if needed."""
        with self._lock:
            self._max_bytes = max_bytes
            self._evict()

    def get(self, key: Hashable, version: int) -> Rendered | None:
        """The answer kept for ``key`` at store ``version``, if still fresh."""
        entry = self.entry(key, version)
        return None if entry is None else entry.rendered

    def entry(self, key: Hashable, version: int) -> _Entry | None:
        """The kept entry (answer and ETag) for ``key`` at ``version``, if still fresh."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.version != version or self._clock() - entry.born > self._max_age:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: Hashable, version: int, rendered: Rendered, keep: bool = True) -> _Entry:
        """Keep ``rendered`` for ``key``, made from the store at ``version``; the entry is
        returned (with its ETag) even when not kept: too large, or ``keep`` False."""
        cost = cost_of(key, rendered)
        entry = _Entry(version, self._clock(), rendered, rendered.etag, cost)
        with self._lock:
            if key in self._entries:
                self._drop(key)
            if not keep or cost > self._max_bytes * LARGEST_SHARE:
                return entry
            self._entries[key] = entry
            self._bytes += cost
            self._evict()
        return entry

    def _drop(self, key: Hashable) -> None:
        self._bytes -= self._entries.pop(key).cost

    def _evict(self) -> None:
        while self._entries and (len(self._entries) > self._size or self._bytes > self._max_bytes):
            _, oldest = self._entries.popitem(last=False)
            self._bytes -= oldest.cost

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


def cost_of(key: Hashable, rendered: Rendered) -> int:
    """The bytes an answer takes in the cache: body, headers, key (strings counted by length).

    >>> cost_of(("/ref/a", "html"), Rendered(b"<p>a</p>", "text/html"))
    146
    """
    headers = sum(len(name) + len(value) for name, value in rendered.headers.items())
    return len(rendered.body) + headers + _key_cost(key) + _OVERHEAD


_OVERHEAD = 112
"""A rough count of the bytes of the entry, its ETag and its place in the map."""


def _key_cost(key: object) -> int:
    if isinstance(key, str | bytes):
        return len(key)
    if isinstance(key, tuple):
        return sum(_key_cost(part) for part in key) + 8 * len(key)
    return 8


_caches: weakref.WeakKeyDictionary[Store, PageCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def cache_of(store: Store, max_bytes: int | None = None) -> PageCache:
    """The page cache of one store (one per store object, made on first use), bounded to
    ``max_bytes`` when given (``COOPGRAPH_ANSWER_CACHE_BYTES``)."""
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = PageCache(
                max_bytes=MAX_BYTES if max_bytes is None else max_bytes
            )
    if max_bytes is not None and max_bytes != cache.max_bytes:
        cache.resize(max_bytes)
    return cache


def if_none_match(header: str | None, etag: str) -> bool:
    """True when an If-None-Match header names ``etag`` (or is ``*``); weak tags compare too.

    >>> if_none_match('W/"x", "y"', '"x"')
    True
    >>> if_none_match(None, '"x"')
    False
    """
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def rendered_of(response: Response) -> Rendered:
    """A response as kept: body, type, status, headers (but those computed when sent again)."""
    headers = {k: v for k, v in response.headers.items() if k not in _COMPUTED_HEADERS}
    media_type = response.headers.get("content-type")
    return Rendered(bytes(response.body), media_type, response.status_code, headers)


_COMPUTED_HEADERS = frozenset({"content-length", "content-type"})


def response_of(rendered: Rendered, etag: str, if_none_match_header: str | None) -> Response:
    """A kept answer with its ETag; 304 without a body when If-None-Match names it."""
    headers = {**rendered.headers, "ETag": etag, "Cache-Control": "no-cache"}
    if if_none_match(if_none_match_header, etag):
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, rendered.status, headers=headers, media_type=rendered.media_type)
