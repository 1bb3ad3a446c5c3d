"""Opening a store: the settings choose the engine; a memory store is scratch space that
holds a Store's whole interface."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from coopgraph import formats
from coopgraph.settings import Settings
from coopgraph.store import Store
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.store.opening import memory_store, open_store
from coopgraph.store.remote import RemoteStore


def test_a_memory_store_is_a_fresh_store_each_time() -> None:
    first, second = memory_store(), memory_store()
    first.load(b"<http://ex/a> <http://ex/b> <http://ex/c> .", formats.N_TRIPLES, "http://ex/g")
    assert isinstance(first, Store)
    assert first.graph_names() == ["http://ex/g"]
    assert second.graph_names() == []
    assert first.checkpoint(Path("unused")) is False


def test_the_settings_open_a_store_on_disk(tmp_path: Path) -> None:
    store = open_store(Settings(store=str(tmp_path / "store")))
    try:
        assert isinstance(store, EmbeddedStore)
        assert store.path == tmp_path / "store"
    finally:
        store.close()


def test_the_settings_open_a_store_in_memory() -> None:
    store = open_store(Settings(store="memory"))
    assert isinstance(store, EmbeddedStore)
    assert store.path is None


def test_the_settings_open_a_remote_store_with_its_credentials() -> None:
    settings = Settings(
        store="http://127.0.0.1:9/sparql",
        update_url="http://127.0.0.1:9/sparql-auth",
        store_user="dba",
        store_password=SecretStr("secret"),
        query_timeout=7.0,
    )
    store = open_store(settings)
    assert isinstance(store, RemoteStore)
    assert (store.query_url, store.update_url) == (settings.store, settings.update_url)
    assert store._credentials == (settings.store_auth, "dba", "secret")
    assert store._timeout == 7.0
