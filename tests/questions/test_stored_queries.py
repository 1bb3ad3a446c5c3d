"""Stored queries: headers read into typed definitions, and every header error named."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.errors import InputError
from coopgraph.questions.stored_queries import load_queries, read_query

REPOSITORY = Path(__file__).resolve().parents[2]
HEADER = """\
#+ name: sample
#+ summary: {fr: Exemple, en: Sample}
#+ description: {fr: Une requête, en: A query}
#+ question: 3
#+ params:
#+   - {name: action, type: iri, class: cg:Action, required: true}
#+   - {name: dimension, type: concept, scheme: ref:effect-dimensions, list: true}
#+   - {name: since, type: literal, datatype: xsd:gYear, default: 2000}
#+ tags: [effects, H2]
PREFIX cg: <https://w3id.org/coopgraph/def/>
SELECT ?action ?effect WHERE {
  ?action cg:hasEffect ?effect . ?effect cg:dimension ?dimension .
  FILTER(?since != "")
}
"""


def test_header_becomes_typed_parameters() -> None:
    query = read_query(HEADER, "sample.rq")
    action, dimension, since = query.parameters
    assert (query.name, query.form, query.question, query.tags) == (
        "sample", "SELECT", 3, ("effects", "H2"),
    )  # fmt: skip
    assert query.summary == {"fr": "Exemple", "en": "Sample"}
    assert (action.kind, action.of_class, action.required) == (
        "iri", "https://w3id.org/coopgraph/def/Action", True,
    )  # fmt: skip
    assert (dimension.kind, dimension.many) == ("concept", True)
    assert dimension.scheme == "https://w3id.org/coopgraph/ref/effect-dimensions"
    assert (since.datatype, since.default) == ("http://www.w3.org/2001/XMLSchema#gYear", ("2000",))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("name: sample", "name: Not A Name"), "must be lowercase"),
        (("summary: {fr: Exemple, en: Sample}", "summary: {fr: Exemple}"), "missing en"),
        (("type: iri, class", "type: uri, class"), "type 'uri' is not one of"),
        (("scheme: ref:effect-dimensions, ", ""), "needs its `scheme`"),
        (("xsd:gYear", "xsd:hexBinary"), "is not one of xsd:string"),
        (("cg:Action", "nope:Action"), "neither a full IRI nor a known prefixed name"),
        (("name: action,", "name: actor,"), "'actor' is no variable of the query"),
        (("name: action,", "name: an-action,"), "named as a SPARQL variable"),
        (("tags: [effects, H2]", "tags: [effects"), "not valid YAML"),
        (("SELECT ?action", "INSERT ?action"), "no SELECT, CONSTRUCT"),
        (("tags: [effects, H2]", "tags: [effects, H2]\n#+ binding: splice"), "binding 'splice'"),
    ],
    ids=[
        "name",
        "summary",
        "type",
        "scheme",
        "datatype",
        "prefix",
        "variable",
        "hyphen",
        "yaml",
        "form",
        "binding",
    ],
)
def test_header_errors_name_the_file_and_the_fault(change: tuple[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        read_query(HEADER.replace(*change), "queries/sample.rq")
    assert "queries/sample.rq" in str(raised.value)


def test_two_files_with_one_name_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.rq").write_text(HEADER)
    (tmp_path / "b.rq").write_text(HEADER)
    with pytest.raises(InputError, match=r"already used by .*a\.rq"):
        load_queries(tmp_path)


def test_a_missing_folder_has_no_queries(tmp_path: Path) -> None:
    assert load_queries(tmp_path / "absent") == {}


def test_every_project_query_reads() -> None:
    queries = load_queries(REPOSITORY / "queries")
    questions = sorted(q.question for q in queries.values() if q.question is not None)
    assert questions == list(range(1, 13))
