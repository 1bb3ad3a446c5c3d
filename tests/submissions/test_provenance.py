"""The PROV-O record of a publication: who, from which file and shapes, which version it
generated and revised or restored; its report kept with IRIs only; the versions read back."""

from __future__ import annotations

from datetime import UTC, datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SH

from coopgraph import formats
from coopgraph.iris import PROVENANCE_GRAPH
from coopgraph.store import Store, memory_store
from coopgraph.submissions import provenance
from coopgraph.submissions.provenance import Publication
from coopgraph.validation.results import Report, Result

LOOS = "https://w3id.org/coopgraph/id/commune/62528"
GRAPH = "https://w3id.org/coopgraph/graph/submission/commune/62528"
FIRST, SECOND = "20260101T120000Z-0a1b2c3d", "20260102T120000Z-1b2c3d4e"
START = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _publication(submission: str, number: int, **changes: object) -> Publication:
    fields: dict[str, object] = {
        "submission": submission,
        "territory": LOOS,
        "graph": GRAPH,
        "number": number,
        "agent": "alice",
        "kind": "submission",
        "started": START,
        "ended": START,
        "triples": 12,
        "checksum": "ab" * 32,
        "media_type": formats.TURTLE,
        "shapes_version": "0.1.0",
    }
    return Publication(**(fields | changes))  # type: ignore[arg-type]


def _warning() -> Report:
    result = Result(
        focus=BNode(),
        path=URIRef("https://w3id.org/coopgraph/def/name"),
        value=Literal("x"),
        severity="Warning",
        messages={"en": "short", "fr": "court"},
        shape=URIRef("https://w3id.org/coopgraph/shapes/NameShape"),
        component=SH.MinLengthConstraintComponent,
    )
    return Report((result,), Graph(), "0.1.0")


def _stored(*records: Graph) -> Store:
    store = memory_store()
    for record in records:
        store.load(record.serialize(format="nt", encoding="utf-8"), formats.N_TRIPLES,
                   PROVENANCE_GRAPH)  # fmt: skip
    return store


def test_a_publication_is_an_activity_that_generated_a_version() -> None:
    record = provenance.record(_publication(FIRST, 1), None, {})
    activity, version = provenance.activity_iri(FIRST), provenance.version_iri(FIRST)
    assert (activity, RDF.type, PROV.Activity) in record
    assert (version, PROV.wasGeneratedBy, activity) in record
    assert (version, PROV.specializationOf, URIRef(GRAPH)) in record
    assert (activity, PROV.used, URIRef("https://w3id.org/coopgraph/shapes/0.1.0")) in record
    assert (version, PROV.wasRevisionOf, None) not in record
    assert not any(isinstance(term, BNode) for triple in record for term in triple)


def test_the_report_is_kept_with_iris_only() -> None:
    record = provenance.record(_publication(FIRST, 1), _warning(), {})
    report = URIRef(f"{provenance.activity_iri(FIRST)}/report")
    [result] = record.objects(report, SH.result)
    assert result == URIRef(f"{report}/result/1")
    assert (report, SH.conforms, Literal(True)) in record
    assert (result, SH.resultSeverity, SH.Warning) in record
    assert (result, SH.focusNode, None) not in record  # a blank node: left out
    assert (result, SH.sourceConstraintComponent, None) not in record
    assert (result, SH.resultMessage, Literal("court", lang="fr")) in record
    assert not any(isinstance(term, BNode) for triple in record for term in triple)


def test_a_rollback_used_and_derives_from_the_version_it_restores() -> None:
    rollback = _publication(SECOND, 2, kind="rollback", previous=1, restored=1)
    record = provenance.record(rollback, None, {1: FIRST})
    activity, version = provenance.activity_iri(SECOND), provenance.version_iri(SECOND)
    assert (version, PROV.wasRevisionOf, provenance.version_iri(FIRST)) in record
    assert (version, PROV.wasDerivedFrom, provenance.version_iri(FIRST)) in record
    assert (activity, PROV.used, provenance.version_iri(FIRST)) in record


def test_the_versions_are_read_back_from_the_store() -> None:
    store = _stored(
        provenance.record(_publication(FIRST, 1), None, {}),
        provenance.record(_publication(SECOND, 2, agent="bob", previous=1), None, {1: FIRST}),
    )
    versions = provenance.versions(store, LOOS)
    assert [(v.number, v.submission, v.agent) for v in versions] == [
        (1, FIRST, "alice"),
        (2, SECOND, "bob"),
    ]
    assert provenance.newest(store, LOOS) == (2, SECOND)
    assert provenance.numbered(store, LOOS, 1) == versions[0]
    assert provenance.numbered(store, LOOS, 3) is None
    assert provenance.find(store, SECOND) == versions[1]
    assert provenance.find(store, "20260103T120000Z-2c3d4e5f") is None
    assert provenance.newest(store, "https://w3id.org/coopgraph/id/commune/59350") is None
