"""Every file of tests/data/submissions/broken/ gets exactly the results its .json sidecar lists.

A sidecar gives, for each expected result, the focus node, the path, the severity and the
shape that reports it, and the languages every message must come in. Together the files make
every shape of shapes/ report something at least once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import SH
from support.content_store import content_store, project_shapes

from coopgraph.validation.results import Report, compact
from coopgraph.validation.shacl import validate
from coopgraph.validation.uploads import read_files

BROKEN = Path(__file__).parents[1] / "data" / "submissions" / "broken"
FILES = sorted(BROKEN.glob("*.ttl"))


def _report(path: Path) -> Report:
    submission = read_files([path], 10_000_000)
    return validate(submission.graph, content_store(), project_shapes(), submission.locations)


def _expected(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return loaded


def _key(focus: str, path: str | None, severity: str, shape: str) -> tuple[str, str, str, str]:
    return ("_:blank" if focus.startswith("_:") else focus, path or "", severity, shape)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_broken_file_gets_its_expected_results(path: Path) -> None:
    report = _report(path)
    expected = _expected(path)
    found = sorted(
        _key(compact(r.focus), compact(r.path), r.severity, compact(r.shape))
        for r in report.results
    )
    wanted = sorted(
        _key(e["focus"], e["path"], e["severity"], e["shape"]) for e in expected["results"]
    )
    assert found == wanted
    assert report.conforms is expected["conforms"] is False


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_message_comes_in_french_and_english(path: Path) -> None:
    languages = set(_expected(path)["message_languages"])
    for result in _report(path).results:
        assert set(result.messages) == languages, result
        assert result.message("fr") != result.message("en")


def _constraint_shapes() -> set[str]:
    graph = project_shapes().graph
    shapes = set(graph.subjects(RDF.type, SH.PropertyShape))
    shapes |= {s for s in graph.subjects(SH.sparql, None) if isinstance(s, URIRef)}
    return {compact(s) for s in shapes}


def test_the_broken_files_cover_every_shape() -> None:
    reported = {e["shape"] for path in FILES for e in _expected(path)["results"]}
    assert _constraint_shapes() - reported == set()
