"""Media types: content negotiation, body types, file suffixes."""

from __future__ import annotations

from pathlib import PurePath

import pytest

from coopgraph import formats
from coopgraph.errors import UnsupportedMediaType

RESULTS = formats.RESULT_MEDIA_TYPES
GRAPHS = formats.GRAPH_MEDIA_TYPES


@pytest.mark.parametrize(
    ("accept", "offered", "chosen"),
    [
        (None, RESULTS, formats.SPARQL_JSON),
        ("", GRAPHS, formats.TURTLE),
        ("   ", GRAPHS, formats.TURTLE),
        ("text/csv", RESULTS, formats.CSV),
        ("text/csv;q=0.5, application/sparql-results+json", RESULTS, formats.SPARQL_JSON),
        ("application/sparql-results+json;q=0.2, text/csv;q=0.9", RESULTS, formats.CSV),
        ("*/*", RESULTS, formats.SPARQL_JSON),
        ("*/*", GRAPHS, formats.TURTLE),
        ("text/*", RESULTS, formats.CSV),
        ("text/*", GRAPHS, formats.TURTLE),
        ("application/*", GRAPHS, formats.N_TRIPLES),
        ("text/*;q=0.5, */*;q=0.1", GRAPHS, formats.TURTLE),
        ("*/*;q=0.1, application/rdf+xml", GRAPHS, formats.RDF_XML),
        ("text/tab-separated-values, text/csv", RESULTS, formats.CSV),
        ("application/ld+json, application/n-triples", GRAPHS, formats.N_TRIPLES),
        ("text/turtle;q=0, */*", GRAPHS, formats.N_TRIPLES),
        ("application/xml", GRAPHS, formats.RDF_XML),
        ("application/json", GRAPHS, formats.JSON_LD),
        ("Text/Turtle; charset=utf-8", GRAPHS, formats.TURTLE),
        ("text/csv;q=oops, text/tab-separated-values", RESULTS, formats.TSV),
        ("image/png", GRAPHS, None),
        ("text/turtle;q=0", GRAPHS, None),
        ("text/html", RESULTS, None),
    ],
    ids=[
        "no-accept",
        "empty-accept",
        "blank-accept",
        "exact",
        "q-values-default-one",
        "q-values-explicit",
        "any-results",
        "any-graph",
        "type-wildcard-results",
        "type-wildcard-graph",
        "application-wildcard",
        "wildcards-with-q",
        "exact-beats-lower-wildcard",
        "tie-server-order-results",
        "tie-server-order-graph",
        "q-zero-excludes",
        "alias-xml",
        "alias-json",
        "case-and-parameters",
        "bad-q-is-zero",
        "nothing-acceptable",
        "only-refused",
        "html-for-results",
    ],
)
def test_negotiate(accept: str | None, offered: tuple[str, ...], chosen: str | None) -> None:
    assert formats.negotiate(accept, offered) == chosen


def test_a_more_specific_range_wins_at_equal_quality() -> None:
    assert formats.negotiate("*/*;q=0.5, text/csv;q=0.5", RESULTS) == formats.CSV


@pytest.mark.parametrize(
    ("media_type", "expected"),
    [
        ("text/turtle", formats.TURTLE),
        ("text/turtle; charset=utf-8", formats.TURTLE),
        ("application/x-turtle", formats.TURTLE),
        ("text/plain", formats.N_TRIPLES),
        ("application/ld+json", formats.JSON_LD),
        ("text/x-nquads", formats.N_QUADS),
    ],
    ids=["turtle", "charset", "alias-turtle", "alias-plain", "json-ld", "alias-nquads"],
)
def test_readable_media_type(media_type: str, expected: str) -> None:
    assert formats.readable_media_type(media_type) == expected


@pytest.mark.parametrize("media_type", ["image/png", None, ""], ids=["png", "none", "empty"])
def test_readable_media_type_refuses_and_lists_what_it_reads(media_type: str | None) -> None:
    with pytest.raises(UnsupportedMediaType, match="text/turtle"):
        formats.readable_media_type(media_type)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.ttl", formats.TURTLE),
        ("a.TTL", formats.TURTLE),
        ("dir/a.nt.gz", formats.N_TRIPLES),
        ("a.nq", formats.N_QUADS),
        ("a.trig", formats.TRIG),
        ("a.rdf", formats.RDF_XML),
        ("a.owl", formats.RDF_XML),
        ("a.jsonld", formats.JSON_LD),
        ("geography-2026.v2.ttl", formats.TURTLE),
    ],
    ids=["turtle", "upper-case", "gzipped", "nquads", "trig", "rdf-xml", "owl", "json-ld", "dots"],
)
def test_media_type_for_path(name: str, expected: str) -> None:
    assert formats.media_type_for_path(PurePath(name)) == expected


@pytest.mark.parametrize("name", ["a.csv", "a", "a.gz"], ids=["csv", "no-suffix", "only-gz"])
def test_media_type_for_path_refuses_an_unknown_suffix(name: str) -> None:
    with pytest.raises(UnsupportedMediaType, match=rf"{name}: unknown RDF file suffix"):
        formats.media_type_for_path(PurePath(name))


def test_every_short_name_is_a_known_media_type() -> None:
    known = set(formats.READABLE_MEDIA_TYPES) | set(formats.RESULT_MEDIA_TYPES)
    assert set(formats.SHORT_NAMES.values()) <= known


def test_application_json_is_itself_where_offered_and_json_ld_for_rdf() -> None:
    """Plain JSON answers (the domain API) are chosen by Accept: application/json; where
    only RDF is offered, application/json still means JSON-LD."""
    offered = ("application/json", "text/csv", formats.TURTLE, formats.JSON_LD)
    assert formats.negotiate("application/json", offered) == "application/json"
    assert formats.negotiate("application/json", formats.GRAPH_MEDIA_TYPES) == formats.JSON_LD


@pytest.mark.parametrize(
    ("media_type", "sent"),
    [
        (formats.TURTLE, "text/turtle; charset=utf-8"),
        (formats.CSV, "text/csv; charset=utf-8"),
        ("text/html", "text/html; charset=utf-8"),
        (formats.SPARQL_JSON, "application/sparql-results+json; charset=utf-8"),
        (formats.SPARQL_XML, "application/sparql-results+xml; charset=utf-8"),
        (formats.JSON_LD, "application/ld+json; charset=utf-8"),
        (formats.RDF_XML, "application/rdf+xml; charset=utf-8"),
        ("application/json", "application/json"),
        (formats.N_TRIPLES, "application/n-triples"),
        ("image/svg+xml", "image/svg+xml; charset=utf-8"),
    ],
)
def test_the_one_charset_rule(media_type: str, sent: str) -> None:
    assert formats.with_charset(media_type) == sent
