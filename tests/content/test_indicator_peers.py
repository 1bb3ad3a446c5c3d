"""The indicator series of Loos-en-Gohelle against its peers (issue 15), on the default content.

The stored query queries/indicator-series.rq runs on the project content as `coopgraph sync`
loads it by default (no examples): the seed's observations of the other season-1 communes must
meet Loos-en-Gohelle's on the indicators they share, or the "against its peers" half of the
question stays empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from support.content_store import default_content

from coopgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/coopgraph/id/"
LOOS = URIRef(ID + "commune/62528")
PEERS = {ID + "commune/59271", ID + "commune/76402", ID + "commune/22046"}
Row = dict[str, str]


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The default project content (no examples), synchronised as `coopgraph sync` does."""
    return default_content()


@pytest.fixture(scope="module")
def series(store: EmbeddedStore) -> list[Row]:
    """The rows of Loos-en-Gohelle's indicator series, the territory bound by the engine."""
    text = (ROOT / "queries" / "indicator-series.rq").read_text(encoding="utf-8")
    table = store.select(text, {"territory": LOOS})
    return [{name: str(value) for name, value in row.items()} for row in table]


def _documented(store: EmbeddedStore, source: str) -> bool:
    """Whether the source is a described document with the page where it was read."""
    query = """ASK { ?doc a <https://w3id.org/coopgraph/def/Document> ;
                        <http://xmlns.com/foaf/0.1/page> ?page }"""
    return store.ask(query, {"doc": URIRef(source)})


def test_loos_series_has_rows_of_a_peer_commune(series: list[Row]) -> None:
    peer_places = {row["place"] for row in series if row["peer"] == "true"}
    assert peer_places & PEERS, f"no season-1 peer in Loos-en-Gohelle's series: {peer_places}"


def test_every_peer_row_has_a_value_and_a_described_source(
    store: EmbeddedStore, series: list[Row]
) -> None:
    peers = [row for row in series if row["peer"] == "true"]
    assert peers
    for row in peers:
        assert row["value"].lstrip("-").replace(".", "", 1).isdigit(), row  # a plain number
        assert _documented(store, row["source"]), row


def test_peer_rows_share_an_indicator_observed_in_loos(series: list[Row]) -> None:
    own = {row["indicator"] for row in series if row["peer"] == "false"}
    peer = {row["indicator"] for row in series if row["peer"] == "true"}
    assert peer <= own
    assert ID + "indicator/public-roof-solar-panel-area" in peer


def test_a_peer_row_holds_what_its_document_says(series: list[Row]) -> None:
    malaunay = [
        (row["value"], row["unit"].rsplit("/", 1)[1], row["source"].rsplit("/", 1)[1])
        for row in series
        if row["place"] == ID + "commune/76402"
        and row["indicator"] == ID + "indicator/public-roof-solar-panel-area"
    ]
    assert malaunay == [("1700", "M2", "franceinfo-malaunay-sobriety")]
