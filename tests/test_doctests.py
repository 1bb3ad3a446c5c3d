"""Every docstring example in coopgraph runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import coopgraph


def _modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(coopgraph.__path__, prefix="coopgraph."):
        module = importlib.import_module(info.name)
        if any(test.examples for test in doctest.DocTestFinder().find(module)):
            names.append(info.name)
    return sorted(names)


MODULES = _modules_with_examples()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"


def test_the_modules_with_examples_are_found() -> None:
    assert {"coopgraph.formats", "coopgraph.sparql_text", "coopgraph.content.loading"} <= set(
        MODULES
    )
