"""questions.analyses: which analysis a stored query names, and what it needs."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from coopgraph.errors import InputError
from coopgraph.questions.analyses import ANALYSES, analyse, check_analysis
from coopgraph.questions.stored_queries import StoredQuery, read_query
from coopgraph.store import Table

HEADER = """\
#+ name: sample
#+ summary: {fr: Exemple, en: Sample}
"""
SELECT = "SELECT ?actor ?partner WHERE { ?actor ?p ?partner }\n"


def query(*lines: str) -> StoredQuery:
    """A stored query with extra header lines."""
    return read_query(HEADER + "".join(f"#+ {line}\n" for line in lines) + SELECT, "sample.rq")


def test_a_query_without_analysis_passes_and_has_no_findings_of_its_own() -> None:
    plain = query()
    check_analysis(plain)
    assert analyse(plain, Table(("actor",), []), {}) is None


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (("analysis: magic",), "analysis 'magic' is not one of effects, peers, network"),
        (("analysis: effects",), "analysis 'effects' needs a required parameter 'action'"),
        (
            ("analysis: effects", "params:", "  - {name: action, type: iri}"),
            "analysis 'effects' needs a required parameter 'action'",
        ),
    ],
    ids=["unknown", "missing-parameter", "optional-parameter"],
)
def test_a_header_naming_a_bad_analysis_names_the_file(
    lines: tuple[str, ...], message: str
) -> None:
    with pytest.raises(InputError, match=f"sample.rq: {message}"):
        check_analysis(query(*lines))


def test_the_named_analysis_turns_rows_into_findings() -> None:
    networked = query("analysis: network")
    check_analysis(networked)
    a, b = URIRef("http://ex/a"), URIRef("http://ex/b")
    table = Table(("actor", "partner"), [{"actor": a, "partner": b, "n": Literal(1)}])
    findings = analyse(networked, table, {})
    assert findings is not None
    assert findings.summary["actors"] == 2
    assert set(ANALYSES) == {"effects", "peers", "network"}
