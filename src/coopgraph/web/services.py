"""What the app opens once at start and hands to every request."""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph.settings import Settings
from coopgraph.store import Store
from coopgraph.validation import Validator
from coopgraph.workers import QueryRunner


@dataclass
class Services:
    """The settings, the store, the runner of public queries, the validation workers."""

    settings: Settings
    store: Store
    runner: QueryRunner
    validator: Validator
