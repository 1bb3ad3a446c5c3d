"""The page cache: answers of one store version, bounded, aged, and conditional requests."""

from __future__ import annotations

from coopgraph.store.embedded import EmbeddedStore
from coopgraph.web.page_cache import (
    LARGEST_SHARE,
    PageCache,
    Rendered,
    cache_of,
    cost_of,
    if_none_match,
)


def _page(text: str) -> Rendered:
    return Rendered(text.encode(), "text/html")


def test_an_answer_of_another_version_is_a_miss_and_is_dropped() -> None:
    cache = PageCache()
    cache.put("a", 1, _page("a"))
    assert cache.get("a", 2) is None
    assert cache.get("a", 1) is None
    assert len(cache) == 0


def test_the_least_recently_used_answer_goes_first() -> None:
    cache = PageCache(size=2)
    cache.put("a", 1, _page("a"))
    cache.put("b", 1, _page("b"))
    assert cache.get("a", 1) is not None
    cache.put("c", 1, _page("c"))
    assert cache.get("b", 1) is None
    assert cache.get("a", 1) is not None
    assert cache.get("c", 1) is not None


def test_an_answer_older_than_max_age_is_a_miss() -> None:
    now = [0.0]
    cache = PageCache(max_age=60, clock=lambda: now[0])
    cache.put("a", 1, _page("a"))
    now[0] = 59.0
    assert cache.get("a", 1) is not None
    now[0] = 61.0
    assert cache.get("a", 1) is None


def test_the_etag_follows_body_and_status() -> None:
    assert _page("a").etag == _page("a").etag
    assert _page("a").etag != _page("b").etag
    assert _page("a").etag != Rendered(b"a", "text/html", status=303).etag


def test_if_none_match_lists_and_wildcard() -> None:
    assert if_none_match('"x", "y"', '"y"')
    assert if_none_match("*", '"y"')
    assert not if_none_match('"x"', '"y"')
    assert not if_none_match("", '"y"')


def test_each_store_has_its_own_cache() -> None:
    one, other = EmbeddedStore.in_memory(), EmbeddedStore.in_memory()
    try:
        assert cache_of(one) is cache_of(one)
        assert cache_of(one) is not cache_of(other)
    finally:
        one.close()
        other.close()


def test_the_byte_bound_drops_the_least_recently_used() -> None:
    cache = PageCache(max_bytes=8000)
    for name in "abcd":
        cache.put(name, 1, Rendered(b"x" * 150, "text/plain"))  # about 260 bytes each
    assert len(cache) == 4
    assert cache.bytes == len(cache) * cost_of("a", Rendered(b"x" * 150, "text/plain"))
    cache.resize(600)
    assert cache.bytes <= 600
    assert cache.get("d", 1) is not None
    assert cache.get("a", 1) is None


def test_an_answer_over_a_share_of_the_bound_is_not_kept_but_has_its_etag() -> None:
    cache = PageCache(max_bytes=16_000)
    large = Rendered(b"x" * int(16_000 * LARGEST_SHARE), "text/plain")
    entry = cache.put("large", 1, large)
    assert entry.etag == large.etag
    assert cache.get("large", 1) is None
    assert cache.bytes == 0
    cache.put("small", 1, _page("s"), keep=False)
    assert len(cache) == 0


def test_a_cache_takes_the_bound_it_is_given() -> None:
    store = EmbeddedStore.in_memory()
    try:
        assert cache_of(store, 1024).max_bytes == 1024
        assert cache_of(store).max_bytes == 1024
        assert cache_of(store, 2048).max_bytes == 2048
    finally:
        store.close()
