"""What the app opens once at start and hands to every request."""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph.settings import Settings
from coopgraph.store.base import Store
from coopgraph.store.isolation import QueryRunner


@dataclass
class Services:
    """The settings, the store, and the runner of public queries."""

    settings: Settings
    store: Store
    runner: QueryRunner
