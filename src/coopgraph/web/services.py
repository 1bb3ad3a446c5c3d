"""What the app opens once at start and hands to every request."""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph.settings import Settings
from coopgraph.store.base import Store
from coopgraph.store.isolation import QueryRunner
from coopgraph.validation_sandbox import Validator


@dataclass
class Services:
    """The settings, the store, the runner of public queries, the validation workers."""

    settings: Settings
    store: Store
    runner: QueryRunner
    validator: Validator
