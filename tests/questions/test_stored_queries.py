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


def test_every_project_query_reads_and_gives_an_example() -> None:
    queries = load_queries(REPOSITORY / "queries")
    questions = sorted(q.question for q in queries.values() if q.question is not None)
    assert questions == list(range(1, 13))  # the twelve competency questions, and more
    assert {"theme-actions", "theme-effects"} <= set(queries)
    assert [name for name, query in queries.items() if not query.examples] == []


EXAMPLES = """\
#+ examples:
#+   - action: id:action/a
#+     dimension: [ref:effect-dimension/social, ref:effect-dimension/economic]
#+   - {action: "https://example.org/b", since: 1999}
"""


def test_examples_are_read_with_their_prefixes_expanded() -> None:
    query = read_query(EXAMPLES + HEADER, "sample.rq")
    assert query.examples == (
        {
            "action": ("https://w3id.org/coopgraph/id/action/a",),
            "dimension": (
                "https://w3id.org/coopgraph/ref/effect-dimension/social",
                "https://w3id.org/coopgraph/ref/effect-dimension/economic",
            ),
        },
        {"action": ("https://example.org/b",), "since": ("1999",)},
    )


@pytest.mark.parametrize(
    ("examples", "message"),
    [
        ("#+ examples: {action: x}", "`examples` must be a list"),
        ("#+ examples:\n#+   - actor: id:action/a", "example 1: 'actor' is not a parameter"),
        ("#+ examples:\n#+   - since: 1999", "example 1: the required parameter 'action'"),
        ("#+ examples:\n#+   - {action: [id:a, id:b]}", "'action' takes one value, 2 were given"),
        ("#+ examples:\n#+   - {action: id:a, since: nineteen}", "'nineteen' is not of the"),
        ("#+ examples:\n#+   - {action: nope:a}", "'nope:a' is neither a full IRI"),
        ("#+ examples:\n#+   - {action: {a: b}}", "a value is a string or a number"),
        ("#+ examples:\n#+   - [action]", "example 1: expected a mapping"),
    ],
    ids=["not-a-list", "unknown", "required", "one-value", "datatype", "prefix", "nested",
         "not-a-mapping"],
)  # fmt: skip
def test_example_errors_name_the_file_the_example_and_the_fault(
    examples: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as raised:
        read_query(examples + "\n" + HEADER, "queries/sample.rq")
    assert "queries/sample.rq" in str(raised.value)
