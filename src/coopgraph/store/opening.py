"""Opening a store: the one place that picks an engine, and knows both.

>>> store = memory_store()
>>> store.load(b'<http://e/a> <http://e/b> "c" .', "text/turtle", "http://e/g")
1
>>> store.graph_names()
['http://e/g']
"""

from __future__ import annotations

from pathlib import Path

from coopgraph.settings import Settings
from coopgraph.store.base import Store
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.store.remote import RemoteStore


def open_store(settings: Settings) -> Store:
    """The store the settings name: embedded on disk or in memory, or a remote server."""
    if settings.is_remote:
        return _remote_store(settings)
    if settings.is_memory:
        return memory_store()
    return EmbeddedStore.on_disk(Path(settings.store_path))


def memory_store() -> Store:
    """A throw-away store in memory: scratch space to parse, query or rewrite RDF in."""
    return EmbeddedStore.in_memory()


def _remote_store(settings: Settings) -> RemoteStore:
    """The server COOPGRAPH_STORE names, with COOPGRAPH_UPDATE_URL and credentials."""
    credentials = None
    if settings.store_user and settings.store_password:
        password = settings.store_password.get_secret_value()
        credentials = (settings.store_auth, settings.store_user, password)
    return RemoteStore(settings.store, settings.update_url, credentials, settings.query_timeout)
