"""Three graphs that share a triple, for the tests of the merged default graphs on both
engines (tests/store/test_merged_graphs.py, tests/store/test_remote_merges.py)."""

from __future__ import annotations

from coopgraph import formats
from coopgraph.store.base import AnswerFormats, Dataset, Store

EX = "http://example.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ONE, TWO = EX + "graph/one", EX + "graph/two"
INFERRED = "https://w3id.org/coopgraph/graph/inferred/graph/one"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ACTIONS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a <{EX}Action> }}"
CSV = AnswerFormats(formats.CSV, None)
CONTENT = f"""
INSERT DATA {{
  GRAPH <{ONE}> {{ <{EX}a> a <{EX}Action> . <{EX}b> a <{EX}Action> . }}
  GRAPH <{TWO}> {{ <{EX}a> a <{EX}Action> . }}
  GRAPH <{INFERRED}> {{ <{EX}a> a <{EX}Action> . <{EX}c> a <{EX}Action> . }}
}}"""
"""Three actions; "a" is in both asserted graphs and in the inferred one, "c" only inferred."""


def count_of(store: Store, query: str = COUNT, dataset: Dataset = Dataset()) -> int:
    """The one number a COUNT query answers on ``store``."""
    body = store.answer(query, CSV, dataset).body.decode()
    return int(body.split()[-1])
