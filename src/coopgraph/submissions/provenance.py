"""The PROV-O record of each publication, in the public provenance graph, and its reading.

A publication is a ``prov:Activity`` (``id:submission/{id}``) associated with the token's
agent (``id:token/{name}``: the name only, never the secret), that used the source file (its
SHA-256) and the shapes' version IRI, and generated a version (``.../version``): a
``prov:Entity`` that is a specialisation of the territory's graph, numbered with
``dcat:version``, a revision of the version before it. A submission's validation report
(warnings and infos) is kept as ``.../report``, its results with IRIs of their own, so the
record holds no blank node and any SPARQL server accepts it. A rollback is an activity of
kind "rollback" that used the version it restores, instead of a file and the shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, VOID

from coopgraph.iris import PROVENANCE_GRAPH, SHAPE_BASE, SUBMISSION_BASE, TOKEN_BASE
from coopgraph.store import Row, Store
from coopgraph.validation import Report, add_result

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # rdflib's DCAT is version 2, without dcat:version


@dataclass(frozen=True)
class Publication:
    """What is recorded of one publication."""

    submission: str
    territory: str
    graph: str
    number: int
    agent: str
    kind: str
    started: datetime
    ended: datetime
    triples: int
    checksum: str
    media_type: str = ""
    previous: int | None = None
    restored: int | None = None
    shapes_version: str = ""


def activity_iri(submission: str) -> URIRef:
    """The activity of a submission."""
    return URIRef(SUBMISSION_BASE + submission)


def version_iri(submission: str) -> URIRef:
    """The version a submission generated."""
    return URIRef(SUBMISSION_BASE + submission + "/version")


def record(publication: Publication, report: Report | None, versions: dict[int, str]) -> Graph:
    """The PROV-O triples of a publication; ``versions`` maps numbers to submission ids."""
    graph = Graph()
    activity, version = activity_iri(publication.submission), version_iri(publication.submission)
    agent = URIRef(TOKEN_BASE + publication.agent)
    graph.add((agent, RDF.type, PROV.Agent))
    graph.add((agent, RDFS.label, Literal(publication.agent)))
    _describe_activity(graph, activity, publication, agent)
    graph.add((version, RDF.type, PROV.Entity))
    graph.add((version, PROV.specializationOf, URIRef(publication.graph)))
    graph.add((version, DCTERMS.subject, URIRef(publication.territory)))
    graph.add((version, DCAT.version, Literal(publication.number)))
    graph.add((version, PROV.wasGeneratedBy, activity))
    graph.add((version, PROV.generatedAtTime, Literal(publication.ended)))
    graph.add((version, VOID.triples, Literal(publication.triples)))
    if publication.previous is not None:
        graph.add((version, PROV.wasRevisionOf, version_iri(versions[publication.previous])))
    if publication.restored is not None:
        restored = version_iri(versions[publication.restored])
        graph.add((version, PROV.wasDerivedFrom, restored))
        graph.add((activity, PROV.used, restored))
    if report is not None:
        _describe_report(graph, activity, report)
    return graph


def _describe_activity(
    graph: Graph, activity: URIRef, publication: Publication, agent: URIRef
) -> None:
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, DCTERMS.type, Literal(publication.kind)))
    graph.add((activity, PROV.startedAtTime, Literal(publication.started)))
    graph.add((activity, PROV.endedAtTime, Literal(publication.ended)))
    graph.add((activity, PROV.wasAssociatedWith, agent))
    graph.add((activity, PROV.generated, version_iri(publication.submission)))
    source = URIRef(activity + "/source")
    graph.add((activity, PROV.used, source))
    graph.add((source, RDF.type, PROV.Entity))
    graph.add((source, SPDX.checksumValue, Literal(publication.checksum)))
    if publication.media_type:
        graph.add((source, DCTERMS.format, Literal(publication.media_type)))
    if publication.shapes_version:
        shapes = URIRef(SHAPE_BASE + publication.shapes_version)
        graph.add((activity, PROV.used, shapes))
        graph.add((shapes, OWL.versionInfo, Literal(publication.shapes_version)))


def _describe_report(graph: Graph, activity: URIRef, report: Report) -> None:
    node = URIRef(activity + "/report")
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, PROV.wasGeneratedBy, activity))
    graph.add((node, SH.conforms, Literal(report.conforms)))
    for number, result in enumerate(report.results, start=1):
        described = URIRef(f"{node}/result/{number}")
        graph.add((node, SH.result, described))
        add_result(graph, described, result, blank_nodes=False, component=False)


_VERSIONS = f"""
PREFIX prov: <{PROV}> PREFIX dcterms: <{DCTERMS}> PREFIX dcat: <{DCAT}>
PREFIX rdfs: <{RDFS}> PREFIX void: <{VOID}> PREFIX spdx: <{SPDX}>
SELECT ?territory ?number ?activity ?time ?name ?kind ?triples ?checksum WHERE {{
    GRAPH <{PROVENANCE_GRAPH}> {{
        ?version dcterms:subject ?territory ; dcat:version ?number ; prov:wasGeneratedBy ?activity ;
            prov:generatedAtTime ?time ; void:triples ?triples .
        ?activity dcterms:type ?kind ; prov:wasAssociatedWith/rdfs:label ?name ;
            prov:used/spdx:checksumValue ?checksum .
    }}
}} ORDER BY ?number"""

_SUBMISSION = f"""
PREFIX prov: <{PROV}> PREFIX dcterms: <{DCTERMS}> PREFIX dcat: <{DCAT}>
PREFIX rdfs: <{RDFS}> PREFIX void: <{VOID}> PREFIX spdx: <{SPDX}>
SELECT ?activity ?territory ?number ?time ?name ?kind ?triples ?checksum WHERE {{
    GRAPH <{PROVENANCE_GRAPH}> {{
        ?version prov:wasGeneratedBy ?activity ; dcterms:subject ?territory ;
            dcat:version ?number ; prov:generatedAtTime ?time ; void:triples ?triples .
        ?activity dcterms:type ?kind ; prov:wasAssociatedWith/rdfs:label ?name ;
            prov:used/spdx:checksumValue ?checksum .
    }}
}}"""


_NEWEST = f"""
PREFIX prov: <{PROV}> PREFIX dcterms: <{DCTERMS}> PREFIX dcat: <{DCAT}>
SELECT ?territory ?number ?activity WHERE {{
    GRAPH <{PROVENANCE_GRAPH}> {{
        ?version dcterms:subject ?territory ; dcat:version ?number ; prov:wasGeneratedBy ?activity .
    }}
}} ORDER BY DESC(?number) LIMIT 1"""


@dataclass(frozen=True)
class Version:
    """One published version of a territory's description, as the record tells it."""

    territory: str
    number: int
    submission: str
    time: str
    agent: str
    kind: str
    triples: int
    checksum: str


def versions(store: Store, territory: str) -> list[Version]:
    """The versions of a territory, oldest first."""
    rows = store.select(_VERSIONS, {"territory": URIRef(territory)})
    return [_version(row) for row in rows]


def newest(store: Store, territory: str) -> tuple[int, str] | None:
    """The number of a territory's newest version and the submission that published it: what
    a publication needs, read without the whole history (which grows with every version)."""
    rows = store.select(_NEWEST, {"territory": URIRef(territory)}).rows
    if not rows:
        return None
    return int(str(rows[0]["number"])), str(rows[0]["activity"]).removeprefix(SUBMISSION_BASE)


def numbered(store: Store, territory: str, number: int) -> Version | None:
    """Version ``number`` of a territory, or None if it has no such version."""
    rows = store.select(_VERSIONS, {"territory": URIRef(territory), "number": Literal(number)})
    found = [_version(row) for row in rows]
    return found[0] if found else None


def find(store: Store, submission: str) -> Version | None:
    """The version a submission published, or None if it published none."""
    rows = store.select(_SUBMISSION, {"activity": activity_iri(submission)}).rows
    return _version(rows[0]) if rows else None


def _version(row: Row) -> Version:
    return Version(
        territory=str(row["territory"]),
        number=int(str(row["number"])),
        submission=str(row["activity"]).removeprefix(SUBMISSION_BASE),
        time=str(row["time"]),
        agent=str(row["name"]),
        kind=str(row["kind"]),
        triples=int(str(row["triples"])),
        checksum=str(row["checksum"]),
    )
