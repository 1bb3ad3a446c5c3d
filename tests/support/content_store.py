"""A store holding the project's ontology and data/ (the geography included), for validation tests.

Loaded once per test session (about three seconds) and only read by the tests.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from coopgraph import iris
from coopgraph.content import loading
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.validation.shapes import Shapes, load_shapes

ROOT = Path(__file__).resolve().parents[2]


@cache
def content_store() -> EmbeddedStore:
    """An in-memory store with ontology/ and every file of data/ (the illustrative examples
    included) loaded, each in its graph."""
    store = EmbeddedStore.in_memory()
    for source in loading.project_sources(ROOT, examples=True):
        if source.graph != iris.SHAPES_GRAPH:
            loading.load_source(store, source)
    return store


@cache
def default_content() -> EmbeddedStore:
    """An in-memory store with the project content as `coopgraph sync` loads it by default
    (no examples, everything inferred), made once per test session and only read."""
    store = EmbeddedStore.in_memory()
    loading.synchronise(store, ROOT)
    return store


def project_shapes() -> Shapes:
    """The shapes of shapes/."""
    return load_shapes(ROOT / "shapes")
