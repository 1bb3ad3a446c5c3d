"""Published versions: canonical N-Triples (equal graphs, equal bytes), compared line by line,
written as an RDF Patch or another RDF format, kept durably in the private folder; blank nodes
that cannot be labelled within the deadline are refused at it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_canonical_graph

from coopgraph import formats
from coopgraph.errors import NotFound, TooLarge
from coopgraph.store import memory_store
from coopgraph.submissions.versions import (
    Archive,
    Changes,
    canonical,
    check_submission_id,
    compare,
    rdf_patch,
    render_version,
)

SUBMISSION = "20260101T120000Z-0a1b2c3d"
TURTLE = """
@prefix ex: <http://example.org/> .
ex:a ex:name "a" ; ex:part [ ex:name "inner" ] .
ex:b ex:name "b" .
"""


def _graph(text: str = TURTLE, kind: str = "turtle") -> Graph:
    return Graph().parse(data=text, format=kind)


def test_equal_graphs_give_equal_bytes_sorted_with_canonical_blank_nodes() -> None:
    reordered = "\n".join(reversed(TURTLE.strip().splitlines()[1:]))
    first = canonical(_graph())
    assert first == canonical(_graph("@prefix ex: <http://example.org/> .\n" + reordered))
    lines = first.decode().splitlines()
    assert lines == sorted(lines)
    assert len(lines) == 4
    assert isomorphic(_graph(first.decode(), "nt"), _graph())


def test_a_diff_is_the_lines_added_and_removed_and_a_patch_writes_them() -> None:
    old = canonical(_graph())
    new = canonical(_graph(TURTLE.replace('"b"', '"bee"')))
    changes = compare(old, new)
    assert changes == Changes(
        ['<http://example.org/b> <http://example.org/name> "bee" .'],
        ['<http://example.org/b> <http://example.org/name> "b" .'],
    )
    assert rdf_patch(changes).splitlines() == [
        'D <http://example.org/b> <http://example.org/name> "b" .',
        'A <http://example.org/b> <http://example.org/name> "bee" .',
    ]
    assert compare(old, old) == Changes([], [])


@pytest.mark.parametrize("media_type", [formats.TURTLE, formats.JSON_LD, formats.RDF_XML])
def test_a_version_is_written_in_another_rdf_format(media_type: str) -> None:
    version = canonical(_graph())
    engine = memory_store()
    engine.load(render_version(version, media_type), media_type, None)
    read_back = engine.export_graph(None, formats.N_TRIPLES).decode()
    assert isomorphic(_graph(read_back, "nt"), _graph())


def test_n_triples_are_given_back_as_they_are() -> None:
    version = canonical(_graph())
    assert render_version(version, formats.N_TRIPLES) is version


def test_a_submission_id_must_have_the_form_coopgraph_gives() -> None:
    assert check_submission_id(SUBMISSION) == SUBMISSION
    with pytest.raises(NotFound, match="is not a submission id"):
        check_submission_id("../../etc/passwd")


def test_the_archive_keeps_versions_and_reports(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    version = canonical(_graph())
    archive.keep(SUBMISSION, version, {"conforms": True})
    assert archive.version(SUBMISSION) == version
    assert archive.report(SUBMISSION) == {"conforms": True}
    assert sorted(p.name for p in (tmp_path / "submissions").iterdir()) == [
        f"{SUBMISSION}.nt",
        f"{SUBMISSION}.report.json",
    ]


def test_a_rollback_has_no_report_and_an_unknown_version_is_not_found(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.keep(SUBMISSION, b"", None)
    assert archive.report(SUBMISSION) is None
    with pytest.raises(NotFound, match="no version is kept"):
        archive.version("20260102T120000Z-0a1b2c3d")


ALIKE = "@prefix ex: <http://example.org/> .\n" + 'ex:t ex:has [ ex:p "x" ] .\n' * 50
"""50 identical blank nodes: rdflib's RDFC took 45-67 s to label them."""


def test_alike_blank_nodes_are_refused_at_the_deadline_naming_the_problem() -> None:
    started = time.monotonic()
    with pytest.raises(TooLarge) as caught:
        canonical(_graph(ALIKE), seconds=1.0)
    assert time.monotonic() - started < 4
    message = str(caught.value)
    assert "50 blank nodes" in message
    assert "within 1 s" in message
    assert "50 nœuds anonymes" in message  # French too


def test_labelling_apart_matches_rdflib_and_keeps_literals_as_written() -> None:
    graph = _graph()  # and more blank nodes than are labelled in this process
    for number in range(10):
        graph.add((BNode(), URIRef("http://example.org/n"), Literal(f"0{number}",
                   datatype=XSD.integer, normalize=False)))  # fmt: skip
    text = to_canonical_graph(graph).serialize(format="nt", encoding="utf-8").decode()
    expected = "".join(line + "\n" for line in sorted({ln for ln in text.splitlines() if ln}))
    assert canonical(graph).decode() == expected
    assert '"01"^^<http://www.w3.org/2001/XMLSchema#integer>' in expected
    assert len(expected.splitlines()) == 4 + 10
