"""Parameter values: typed, checked against a real store, bound as VALUES, never spliced."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from coopgraph import formats
from coopgraph.errors import InputError
from coopgraph.questions.parameters import (
    ParameterError,
    engine_bound,
    read_values,
    with_used_values,
)
from coopgraph.questions.stored_queries import read_query
from coopgraph.store.embedded import EmbeddedStore

FIXTURES = Path(__file__).parents[1] / "data" / "fixtures"
ACTION = "https://w3id.org/coopgraph/id/action/test"
EFFECT = "https://w3id.org/coopgraph/id/effect/e1"
QUERY = read_query(
    """\
#+ name: sample
#+ summary: {fr: Exemple, en: Sample}
#+ params:
#+   - {name: action, type: iri, class: cg:Action, required: true}
#+   - {name: dimension, type: concept, scheme: ref:effect-dimensions, list: true}
#+   - {name: depth, type: literal, datatype: xsd:integer, default: 2}
#+   - {name: note, type: literal}
PREFIX cg: <https://w3id.org/coopgraph/def/>
SELECT ?action ?effect WHERE { ?action cg:hasEffect ?effect . OPTIONAL { ?effect cg:dimension
  ?dimension } FILTER(?depth > 0 && (!BOUND(?note) || ?note != "")) }
""",
    "sample.rq",
)
SCHEME = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/coopgraph/ref/effect-dimension/economic>
    skos:inScheme <https://w3id.org/coopgraph/ref/effect-dimensions> .
"""


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The effects fixture and a scrap of the dimension scheme, in memory."""
    found = EmbeddedStore.in_memory()
    found.load((FIXTURES / "effects.ttl").read_bytes(), formats.TURTLE, "http://example.org/g")
    found.load(SCHEME.encode(), formats.TURTLE, "http://example.org/scheme")
    return found


def test_values_are_typed_and_defaults_filled(store: EmbeddedStore) -> None:
    values = read_values(QUERY, {"action": [ACTION]}, store)
    assert values == {"action": (URIRef(ACTION),), "depth": (Literal(2),)}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "parameter 'action' is required"),
        ({"action": ['"> } ; DROP ALL ; #']}, "parameter 'action': .* is not an absolute IRI"),
        ({"action": [EFFECT]}, "parameter 'action': .* is not an instance of .*Action"),
        ({"action": ["https://example.org/unknown"]}, "is not an instance"),
        ({"action": [ACTION, ACTION]}, "takes one value, 2 were given"),
        ({"action": [ACTION], "depth": ["two"]}, "parameter 'depth': 'two' is not a valid"),
        ({"action": [ACTION], "depth": ["1 } ; DROP ALL"]}, "parameter 'depth'"),
        ({"action": [ACTION], "dimension": [ACTION]}, "is not a concept of the scheme"),
        ({"action": [ACTION], "dimension": ["x"] * 51}, "at most 50 values"),
        ({"action": [ACTION], "actor": [ACTION]}, "unknown parameter 'actor'"),
    ],
    ids=[
        "required",
        "injection",
        "class",
        "unknown",
        "one",
        "integer",
        "integer-injection",
        "scheme",
        "too-many",
        "unknown-name",
    ],
)
def test_bad_values_name_the_parameter(
    store: EmbeddedStore, given: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        read_values(QUERY, given, store)


def test_bound_query_runs_and_binds(store: EmbeddedStore) -> None:
    economic = "https://w3id.org/coopgraph/ref/effect-dimension/economic"
    given = {"action": [ACTION], "dimension": [economic], "note": ['x" } DROP ALL #']}
    text = with_used_values(QUERY.text, read_values(QUERY, given, store))
    rows = store.select(text).rows
    assert [str(row["effect"]) for row in rows] == [EFFECT]
    assert "DROP ALL" in text
    assert store.ask("ASK { ?s ?p ?o }")


def test_the_header_chooses_how_single_values_are_bound(store: EmbeddedStore) -> None:
    values = read_values(QUERY, {"action": [ACTION]}, store)
    text, bindings = engine_bound(QUERY, values)
    assert set(bindings) == {"action"}  # projected: the engine binds it
    assert "VALUES ?depth" in text
    assert "VALUES ?action" not in text
    in_values = read_query(QUERY.text.replace("#+ params:", "#+ binding: values\n#+ params:"), "s")
    text, bindings = engine_bound(in_values, values)
    assert bindings == {}
    assert f"VALUES ?action {{ <{ACTION}> }}" in text
    assert [str(row["effect"]) for row in store.select(text)] == [EFFECT]


def test_a_refusal_is_worded_in_french_and_english(store: EmbeddedStore) -> None:
    with pytest.raises(ParameterError) as refused:
        read_values(QUERY, {"action": [ACTION, EFFECT]}, store)
    error = refused.value
    assert error.in_language("fr") == (
        "le paramètre 'action' prend une seule valeur, 2 ont été données"
    )
    assert error.in_language(None) == (
        "le paramètre 'action' prend une seule valeur, 2 ont été données / "
        "parameter 'action' takes one value, 2 were given"
    )


def test_a_list_is_bound_as_one_values_block_of_typed_terms(store: EmbeddedStore) -> None:
    economic, social = (f"https://w3id.org/coopgraph/ref/effect-dimension/{d}"
                        for d in ("economic", "social"))  # fmt: skip
    store.load(SCHEME.replace("economic", "social").encode(), formats.TURTLE, "http://ex/s")
    given = {"action": [ACTION], "dimension": [economic, social, economic]}
    values = read_values(QUERY, given, store)
    assert values["dimension"] == (URIRef(economic), URIRef(social))  # each value once
    text, bindings = engine_bound(QUERY, values)
    assert "dimension" not in bindings
    assert f"VALUES ?dimension {{ <{economic}> <{social}> }}" in text
    assert {str(row["effect"]) for row in store.select(text, bindings)} == {EFFECT}
