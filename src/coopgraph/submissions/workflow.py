"""The steward workflow: validate a territory description, publish it atomically, keep versions.

A submission is parsed (``validation.uploads``), checked to state nothing about what its
token's territories do not own (``ownership``: its triples first, then, once it conforms to
the shapes, what reasoning would derive from them), and validated. With a Violation its
report is returned and nothing is stored. Otherwise the version is written to the archive,
then one SPARQL Update (one transaction) replaces the territory's graph
``graph/submission/{kind}/{code}`` and adds the PROV-O record, then the territory's inferred
graph is recomputed. A rollback publishes a kept version again, as a new version, once its
ownership is judged again. One lock per process orders publications, so version
numbers never repeat; several processes writing to one remote store need a lock of their own.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rdflib import Graph

from coopgraph.access import Identity
from coopgraph.errors import InputError, NotFound, StoreError
from coopgraph.iris import IDENTIFIER_BASE, PROVENANCE_GRAPH, SUBMISSION_GRAPH_BASE
from coopgraph.reasoning import materialise
from coopgraph.settings import Settings
from coopgraph.store import Store
from coopgraph.submissions import audit, ownership, provenance, versions
from coopgraph.submissions.provenance import Publication, Version
from coopgraph.submissions.versions import Archive, Changes
from coopgraph.validation import (
    Checked,
    Report,
    Shapes,
    Upload,
    load_shapes,
    read_submission,
    render_report,
    validate,
)

_TERRITORY_PATH = re.compile(r"[a-z][a-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9_-]*)+")
_publishing = threading.Lock()
_reasoning = threading.Lock()
_reasoned: weakref.WeakKeyDictionary[Store, dict[str, int]] = weakref.WeakKeyDictionary()


def territory_iri(text: str) -> str:
    """A territory's IRI from its IRI, ``id:{kind}/{code}`` or ``{kind}/{code}``.

    >>> territory_iri("commune/62528")
    'https://w3id.org/coopgraph/id/commune/62528'
    """
    path = text.strip().removeprefix(IDENTIFIER_BASE).removeprefix("id:")
    if not _TERRITORY_PATH.fullmatch(path):
        raise InputError(
            f"'{text}' does not name a territory: give its IRI ({IDENTIFIER_BASE}commune/62528), "
            "id:commune/62528 or commune/62528"
        )
    return IDENTIFIER_BASE + path


def territory_graph(territory: str) -> str:
    """The graph holding a territory's published description."""
    return SUBMISSION_GRAPH_BASE + territory.removeprefix(IDENTIFIER_BASE)


@dataclass(frozen=True)
class Workspace:
    """What the workflow works with: the store, the archive of versions, the shapes."""

    store: Store
    archive: Archive
    shapes: Shapes
    limit: int

    @classmethod
    def open(cls, settings: Settings, store: Store) -> Workspace:
        """The workspace of these settings; StoreError when they name no private folder."""
        folder = settings.private_path
        if folder is None:
            raise StoreError(
                "submissions are disabled: a store in memory or a remote store needs "
                "COOPGRAPH_PRIVATE_FOLDER, where versions and tokens are kept"
            )
        shapes = load_shapes(settings.content_root / "shapes")
        return cls(store, Archive(folder), shapes, settings.max_validation_bytes)


@dataclass(frozen=True)
class Outcome:
    """A submission's report, and the version it published (None when refused)."""

    report: Report
    version: Version | None


@dataclass(frozen=True)
class _Draft:
    """A publication before it has a number: who, what, when, from which source."""

    kind: str
    agent: str
    territory: str
    started: datetime
    checksum: str
    media_type: str = ""
    shapes_version: str = ""
    restored: Version | None = None


def submit(
    space: Workspace,
    identity: Identity,
    territory: str,
    uploads: Sequence[Upload],
    checked: Checked | None = None,
) -> Outcome:
    """Validate uploads (or take them as ``checked`` by the validation workers) and publish
    them as the territory's new version if they conform."""
    started = datetime.now(UTC)
    submission = checked.submission if checked else read_submission(uploads, space.limit)
    if len(submission.graph) == 0:
        raise InputError("the submission holds no triples; send the territory's description")
    ownership.check_asserted(space.store, identity, territory, submission.graph)
    report = (
        checked.report
        if checked
        else validate(
            submission.graph, space.store, space.shapes, submission.locations, submission.texts
        )
    )
    if not report.conforms:
        return Outcome(report, None)
    graph = territory_graph(territory)
    ownership.check_derived(space.store, identity, territory, graph, submission.graph)
    checksum = hashlib.sha256(b"".join(upload.data for upload in uploads)).hexdigest()
    media_types = ", ".join(dict.fromkeys(upload.media_type for upload in uploads))
    draft = _Draft("submission", identity.name, territory, started, checksum, media_types,
                   report.shapes_version)  # fmt: skip
    return Outcome(report, _publish(space, draft, versions.canonical(submission.graph), report))


def rollback(space: Workspace, identity: Identity, territory: str, number: int) -> Version:
    """Publish version ``number`` of a territory again, as its newest version."""
    started = datetime.now(UTC)
    target = _numbered(space, territory, number)
    content = space.archive.version(target.submission)
    _check_owned(space, identity, territory, content)
    checksum = hashlib.sha256(content).hexdigest()
    draft = _Draft("rollback", identity.name, territory, started, checksum, restored=target)
    return _publish(space, draft, content, None)


def _check_owned(space: Workspace, identity: Identity, territory: str, content: bytes) -> None:
    """Ownership of a kept version, judged again: what its territory owned then may belong
    to another territory now."""
    check_ownership(space, identity, territory, Graph().parse(data=content, format="nt"))


def check_ownership(space: Workspace, identity: Identity, territory: str, graph: Graph) -> None:
    """ForeignStatements (403) when ``graph``, or what reasoning derives from it, states
    triples about what the token's territories neither own nor mint; as a submission is
    judged."""
    ownership.check_asserted(space.store, identity, territory, graph)
    ownership.check_derived(space.store, identity, territory, territory_graph(territory), graph)


def _publish(space: Workspace, draft: _Draft, content: bytes, report: Report | None) -> Version:
    submission = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(4)
    space.archive.keep(submission, content, _report_json(report))
    with _publishing:
        latest = provenance.newest(space.store, draft.territory)
        publication = _publication(draft, submission, latest, content)
        record = provenance.record(publication, report, _numbers(draft, latest))
        entry = record.serialize(format="nt", encoding="utf-8")
        space.store.replace_and_add(publication.graph, content, {PROVENANCE_GRAPH: entry})
        audit.published(
            space.archive.folder.parent,
            draft.agent,
            draft.kind,
            publication.graph,
            content,
            draft.shapes_version,
        )
    _reason(space.store, draft.territory)
    published = provenance.find(space.store, submission)
    assert published is not None
    return published


def _publication(
    draft: _Draft, submission: str, latest: tuple[int, str] | None, content: bytes
) -> Publication:
    previous = latest[0] if latest else None
    return Publication(
        submission=submission,
        territory=draft.territory,
        graph=territory_graph(draft.territory),
        number=(previous or 0) + 1,
        agent=draft.agent,
        kind=draft.kind,
        started=draft.started,
        ended=datetime.now(UTC),
        triples=content.count(b"\n"),
        checksum=draft.checksum,
        media_type=draft.media_type,
        previous=previous,
        restored=draft.restored.number if draft.restored else None,
        shapes_version=draft.shapes_version,
    )


def _numbers(draft: _Draft, latest: tuple[int, str] | None) -> dict[int, str]:
    """The versions a publication's record names (the one it revises, the one it restores),
    by number."""
    numbers = dict([latest]) if latest else {}
    if draft.restored is not None:
        numbers[draft.restored.number] = draft.restored.submission
    return numbers


def _report_json(report: Report | None) -> dict[str, Any] | None:
    if report is None:
        return None
    document: dict[str, Any] = json.loads(render_report(report, "json", "en")[0])
    return document


def _reason(store: Store, territory: str) -> None:
    """Recompute the territory's inferred graph, unless it already follows the newest
    version: of several publications waiting here, the first reasons for all."""
    with _reasoning:
        latest = provenance.newest(store, territory)
        newest = latest[0] if latest else 0
        done = _reasoned.setdefault(store, {})
        if done.get(territory) != newest:
            materialise(store, territory_graph(territory))
            done[territory] = newest


def history(space: Workspace, territory: str) -> list[Version]:
    """The versions of a territory, oldest first."""
    return provenance.versions(space.store, territory)


def _numbered(space: Workspace, territory: str, number: int) -> Version:
    found = provenance.numbered(space.store, territory, number)
    if found is not None:
        return found
    latest = provenance.newest(space.store, territory)
    known = f"1 to {latest[0]}" if latest else "none yet"
    raise NotFound(f"<{territory}> has no version {number} (versions: {known})")


def version_ntriples(space: Workspace, territory: str, number: int) -> bytes:
    """The N-Triples of one version of a territory."""
    version = _numbered(space, territory, number)
    return space.archive.version(version.submission)


def version_changes(space: Workspace, territory: str, old: int, new: int) -> Changes:
    """The triples version ``new`` adds to version ``old`` and those it removes."""
    before, after = _numbered(space, territory, old), _numbered(space, territory, new)
    return versions.compare(
        space.archive.version(before.submission), space.archive.version(after.submission)
    )


@dataclass(frozen=True)
class Status:
    """What is known of one submission: its version, whether it is current, its report."""

    version: Version
    current: bool
    report: dict[str, Any] | None


def submission_status(space: Workspace, submission: str) -> Status:
    """The status of a published submission; NotFound for an unknown id."""
    version = provenance.find(space.store, versions.check_submission_id(submission))
    if version is None:
        raise NotFound(f"there is no published submission {submission}")
    newest = history(space, version.territory)[-1].number
    return Status(version, version.number == newest, space.archive.report(submission))
