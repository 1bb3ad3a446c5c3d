"""The audit record: one line for every accepted write, appended, never rewritten.

Each line is a JSON object: ``at`` (UTC, ISO 8601), ``who`` (the token's name, never its
secret; ``cli:<user>`` for a restore), ``action`` (``update``, ``graph-put``, ``graph-post``,
``graph-delete``, ``submission``, ``rollback``, ``restore``), ``graph`` (an IRI, ``default``,
or null when the write names none), ``sha256`` and ``bytes`` of the payload (the body as
received; for a submission or a rollback, the published N-Triples as the archive keeps them;
for a restore, the dump or the backup's manifest), and ``shapes`` (the owl:versionInfo of the
shapes that validated it; empty for a rollback or a restore, not validated again).
The file is ``audit.jsonl`` in the private folder, which is never served; without a private
folder (a store in memory or a remote store without COOPGRAPH_PRIVATE_FOLDER) the lines go
to the ``coopgraph.audit`` logger only. A line is written after its write is accepted and is
on disk before the response leaves: a crash can lose the line of a write, never invent one.
Restoring a backup appends the backup's lines this file lacks (``merge_audit``), then its own
line (``record_restore``): the record only grows.

>>> line = entry("steward-62", "submission", "https://w3id.org/coopgraph/id/commune/62528",
...              b"data", "0.1.0", at=datetime(2026, 1, 1, tzinfo=UTC))
>>> line.sha256[:12], line.bytes, line.at
('3a6eb0790f39', 4, '2026-01-01T00:00:00+00:00')
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coopgraph.access import identify, keyring_of
from coopgraph.errors import CoopgraphError
from coopgraph.settings import Settings
from coopgraph.validation import load_shapes

FILE_NAME = "audit.jsonl"
logger = logging.getLogger("coopgraph.audit")
_appending = threading.Lock()


@dataclass(frozen=True)
class Entry:
    """One accepted write."""

    at: str
    who: str
    action: str
    graph: str | None
    sha256: str
    bytes: int
    shapes: str


def entry(
    who: str,
    action: str,
    graph: str | None,
    payload: bytes,
    shapes: str,
    at: datetime | None = None,
) -> Entry:
    """The record of one write of ``payload``."""
    moment = (at or datetime.now(UTC)).isoformat()
    digest = hashlib.sha256(payload).hexdigest()
    return Entry(moment, who, action, graph, digest, len(payload), shapes)


def audit_path(settings: Settings) -> Path | None:
    """Where the audit lines go: audit.jsonl in the private folder, if there is one."""
    folder = settings.private_path
    return folder / FILE_NAME if folder is not None else None


def append(path: Path | None, line: Entry) -> None:
    """Add ``line`` at the end of the file, on disk before returning, and to the log."""
    text = json.dumps(dataclasses.asdict(line), ensure_ascii=False, sort_keys=True)
    logger.info("%s", text)
    if path is not None:
        _append_text(path, text + "\n")


def _append_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _appending:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, text.encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def merge_audit(private: Path, restored: Path) -> int:
    """Append to the audit file of the private folder ``private`` the lines that of
    ``restored`` (a backup's private folder) holds and it lacks, in their order: the file only
    grows. Returns how many."""
    path, backup = private / FILE_NAME, restored / FILE_NAME
    if not backup.is_file():
        return 0
    present = set(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else set()
    missing = [
        line
        for line in backup.read_text(encoding="utf-8").splitlines()
        if line.strip() and line not in present
    ]
    if missing:
        _append_text(path, "".join(line + "\n" for line in missing))
    return len(missing)


def record_restore(private: Path | None, who: str, sha256: str, size: int) -> Entry:
    """Write the audit line of a restore by ``who`` of the whole store (no graph) from a dump
    or a backup: ``sha256`` and ``size`` are those of the dump, or of the backup's manifest.
    Without a private folder, the line goes to the log only."""
    line = Entry(datetime.now(UTC).isoformat(), who, "restore", None, sha256, size, "")
    append(private / FILE_NAME if private is not None else None, line)
    return line


def read(path: Path) -> list[Entry]:
    """Every line of an audit file, oldest first."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Entry(**json.loads(line)) for line in lines if line.strip()]


def author(settings: Settings, authorization: str | None) -> str:
    """The name of the token of an already accepted ``Authorization`` header."""
    try:
        identity = identify(authorization, settings.admin_secret(), keyring_of(settings))
    except CoopgraphError:
        return "unknown"
    return identity.name


def shapes_version(settings: Settings) -> str:
    """The owl:versionInfo of the shapes in force."""
    return load_shapes(settings.content_root / "shapes").version


def record_write(
    settings: Settings, authorization: str | None, action: str, graph: str | None, payload: bytes
) -> Entry:
    """Write the audit line of a write accepted from the holder of ``authorization``."""
    who = author(settings, authorization)
    line = entry(who, action, graph, payload, shapes_version(settings))
    append(audit_path(settings), line)
    return line


def published(
    private: Path, who: str, action: str, graph: str, content: bytes, shapes: str
) -> None:
    """Write the audit line of a publication (submission or rollback) of ``content``."""
    append(private / FILE_NAME, entry(who, action, graph, content, shapes))
