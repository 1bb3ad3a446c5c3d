"""A large source's closure computed from its document while it loads: the same closure as
read back from the store, handed to reasoning only for the versions of the
source and the ontology it was computed from."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from coopgraph import formats
from coopgraph.content.closing import Versions, closing_beside
from coopgraph.content.loading import synchronise
from coopgraph.iris import DATA_GRAPH_BASE
from coopgraph.reasoning import LARGE_SOURCE, inferred_graph_name
from coopgraph.reasoning.closure import IS_PART_OF, document_closure, hierarchy_closure, prepared
from coopgraph.store import Store, memory_store

EX = "http://example.org/"
ONTOLOGY = f"<{EX}Commune> <{RDFS.subClassOf}> <{EX}Place> .\n"
PLACES = DATA_GRAPH_BASE + "places"


def _places(communes: int) -> bytes:
    """Communes typed and parts of one of 100 groups, each group part of one region."""
    lines = [f"<{EX}g{n}> <{IS_PART_OF}> <{EX}region> ." for n in range(100)]
    for n in range(communes):
        lines.append(f"<{EX}c{n}> <{RDF.type}> <{EX}Commune> .")
        lines.append(f"<{EX}c{n}> <{IS_PART_OF}> <{EX}g{n % 100}> .")
    return "\n".join([*lines, ""]).encode()


def _triples(ntriples: bytes) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in Graph().parse(data=ntriples, format="nt")}


def _project(root: Path, places: bytes) -> Path:
    (root / "ontology").mkdir(parents=True)
    (root / "ontology" / "core.nt").write_text(ONTOLOGY, encoding="utf-8")
    (root / "data").mkdir()
    (root / "data" / "a-small.ttl").write_text(f"<{EX}s> <{EX}p> 1 .\n", encoding="utf-8")
    (root / "data" / "places.nt").write_bytes(places)
    return root


def test_a_large_source_gets_the_closure_read_back_from_the_store(tmp_path: Path) -> None:
    places = _places(LARGE_SOURCE // 2 + 10)
    store = memory_store()
    report = synchronise(store, _project(tmp_path, places))
    assert PLACES in report.loaded
    written = store.export_graph(inferred_graph_name(PLACES), formats.N_TRIPLES)
    ontology = Graph().parse(data=ONTOLOGY, format="nt")
    assert _triples(written) == _triples(hierarchy_closure(store, PLACES, ontology))
    assert (f"{EX}c7", str(IS_PART_OF), f"{EX}region") in _triples(written)
    assert (f"{EX}c7", str(RDF.type), f"{EX}Place") in _triples(written)


def _prepare(store: Store, versions: Versions, places: bytes) -> None:
    with closing_beside(store, PLACES, places, formats.N_TRIPLES, versions):
        pass


def test_a_prepared_closure_is_handed_over_once_and_only_for_its_versions() -> None:
    store, places = memory_store(), _places(LARGE_SOURCE)
    versions = Versions("source-1", "ontology-1", ONTOLOGY.encode)
    _prepare(store, versions, places)
    assert prepared(store, PLACES, ("source-1", "ontology-2")) is None  # the ontology changed
    _prepare(store, versions, places)
    expected = document_closure(places, Graph().parse(data=ONTOLOGY, format="nt"))
    assert prepared(store, PLACES, ("source-1", "ontology-1")) == expected
    assert prepared(store, PLACES, ("source-1", "ontology-1")) is None  # handed over once


def test_a_small_document_or_a_failed_preparation_prepares_nothing() -> None:
    store = memory_store()
    _prepare(store, Versions("s", "o", ONTOLOGY.encode), _places(10))
    assert prepared(store, PLACES, ("s", "o")) is None
    _prepare(store, Versions("s", "o", _unreadable_ontology), _places(LARGE_SOURCE))
    assert prepared(store, PLACES, ("s", "o")) is None  # reasoning computes it, as before


def _unreadable_ontology() -> bytes:
    """An ontology file that does not parse: RdfSyntaxError, as reading it would raise."""
    memory_store().load(b"<http://example.org/a> a", formats.TURTLE, EX + "g")
    return b""
