"""Whole-dataset dumps: the store as one gzipped N-Quads file and one gzipped N-Triples file
per graph, written into a folder and made again when the store changes.

Engine-agnostic: every graph is read once through :meth:`Store.export_graph` (pyoxigraph's
own serialiser on the embedded store, a CONSTRUCT on a remote one), written to its own file
and appended, as N-Quads, to the whole dump, so the whole dump is exactly the union of the
graph files. A build writes a fresh folder and is published only once every file is complete:
a reader always gets a whole set, the last complete one while the next is being made. Files
are gzipped without a name or a time, so the same content gives the same bytes (and SHA-256).

:class:`DumpKeeper` holds the sets of a running service: a build runs in a thread of its own,
one at a time, started by the first reader who finds the store's generation changed.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from coopgraph import formats
from coopgraph.iris import GRAPH_BASE
from coopgraph.settings import Settings
from coopgraph.store.base import Store
from coopgraph.store.statements import as_nquads

logger = logging.getLogger("coopgraph")

WHOLE_NAME = "all.nq.gz"
"""The whole dataset's file, in every set."""
DEFAULT_GRAPH_NAME = "default.nt.gz"
"""The default graph's own triples (not the union), when it holds any."""
CHECKSUMS_NAME = "SHA256SUMS"
"""``sha256sum -c`` reads it in a set's folder."""
_SET_PREFIX = "set-"
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")


@dataclass(frozen=True)
class DumpFile:
    """One gzipped file of a set: what it holds, its size and its SHA-256."""

    name: str
    """Its path in the set, and under ``/dumps/``: ``all.nq.gz``, ``graph/ontology.nt.gz``."""
    graph: str | None
    """The graph it holds; None for the whole dataset and for the default graph."""
    media_type: str
    """The media type of its content once decompressed: N-Quads or N-Triples."""
    quads: int
    byte_size: int
    sha256: str
    """Hexadecimal SHA-256 of the gzipped bytes, as served."""
    path: Path

    @property
    def is_whole(self) -> bool:
        """True for the whole dataset's file."""
        return self.name == WHOLE_NAME


@dataclass(frozen=True)
class DumpSet:
    """The files written from one state of the store (its generation)."""

    generation: int
    made: datetime
    files: tuple[DumpFile, ...]
    folder: Path

    @property
    def whole(self) -> DumpFile:
        """The whole dataset's file."""
        return next(f for f in self.files if f.is_whole)

    def find(self, name: str) -> DumpFile | None:
        """The file of this name, or None."""
        return next((f for f in self.files if f.name == name), None)


def graph_file_name(graph: str | None) -> str:
    """Where a graph's triples go in a set: its IRI under ``graph/`` when it is one of ours
    and plain, else a name made from its SHA-256.

    >>> graph_file_name("https://w3id.org/coopgraph/graph/data/seed/workshop")
    'graph/data/seed/workshop.nt.gz'
    >>> graph_file_name("http://example.org/g?x=1")
    'graph/other/7439a8a1c6e38f67.nt.gz'
    """
    if graph is None:
        return DEFAULT_GRAPH_NAME
    local = graph.removeprefix(GRAPH_BASE)
    if local == graph or not _SAFE_LOCAL.fullmatch(local) or ".." in local:
        local = "other/" + hashlib.sha256(graph.encode()).hexdigest()[:16]
    return f"graph/{local}.nt.gz"


def write_dumps(store: Store, folder: Path, stop: threading.Event | None = None) -> DumpSet:
    """Write a new set of every graph of ``store`` into a fresh folder under ``folder``.

    The set is renamed into place once complete; ``stop`` (set) abandons it between graphs.
    """
    generation = store.generation()
    target = folder / f"{_SET_PREFIX}{generation}-{uuid.uuid4().hex[:8]}"
    partial = target.with_name(target.name + ".partial")
    partial.mkdir(parents=True)
    try:
        files = _write_files(store, partial, stop)
        _write_checksums(partial, files)
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    moved = tuple(_moved(f, partial, target) for f in files)
    return DumpSet(generation, datetime.now(UTC), moved, target)


class Abandoned(Exception):
    """A build stopped because its keeper is closing."""


def _write_files(store: Store, folder: Path, stop: threading.Event | None) -> list[DumpFile]:
    """The graph files, then the whole dump, as the graphs are read one by one."""
    files: list[DumpFile] = []
    whole = _HashingWriter(folder / WHOLE_NAME)
    with whole:
        for graph in [None, *store.graph_names()]:
            if stop is not None and stop.is_set():
                raise Abandoned("closing")
            ntriples = store.export_graph(graph, formats.N_TRIPLES)
            quads = as_nquads(ntriples, graph)
            if graph is None and not quads:
                continue
            files.append(_write_one(folder, graph_file_name(graph), ntriples, graph))
            whole.write(quads, quads.count(b"\n"))
    files.insert(0, whole.described(WHOLE_NAME, None, formats.N_QUADS))
    return files


def _write_one(folder: Path, name: str, ntriples: bytes, graph: str | None) -> DumpFile:
    """One graph's N-Triples, gzipped."""
    writer = _HashingWriter(folder / name)
    with writer:
        writer.write(ntriples, sum(1 for line in ntriples.splitlines() if line.strip()))
    return writer.described(name, graph, formats.N_TRIPLES)


class _HashingWriter:
    """A gzip file without name or time, its compressed bytes counted and hashed."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._raw: BinaryIO = path.open("wb")
        self._hashed = _Hashed(self._raw)
        self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self._hashed, mtime=0)
        self.quads = 0

    def __enter__(self) -> _HashingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._gzip.close()
        self._raw.close()

    def write(self, data: bytes, quads: int) -> None:
        self._gzip.write(data)
        self.quads += quads

    def described(self, name: str, graph: str | None, media_type: str) -> DumpFile:
        digest = self._hashed.digest.hexdigest()
        size = self._hashed.size
        return DumpFile(name, graph, media_type, self.quads, size, digest, self.path)


class _Hashed:
    """A binary sink that hashes and counts what passes through it."""

    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self._sink.write(data)

    def flush(self) -> None:
        self._sink.flush()


def _write_checksums(folder: Path, files: list[DumpFile]) -> None:
    lines = "".join(f"{f.sha256}  {f.name}\n" for f in files)
    (folder / CHECKSUMS_NAME).write_text(lines, encoding="ascii")


def _moved(file: DumpFile, old: Path, new: Path) -> DumpFile:
    return replace(file, path=new / file.path.relative_to(old))


def dumps_folder(settings: Settings) -> Path | None:
    """``dumps/`` in an embedded store's folder; None (a temporary folder) in memory or remote."""
    if settings.is_memory or settings.is_remote:
        return None
    return settings.store_path / "dumps"


class DumpKeeper:
    """Holds the last complete set of a store's dumps and makes a new one when it changes."""

    def __init__(self, store: Store, folder: Path | None) -> None:
        self._store = store
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        if folder is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="coopgraph-dumps-")
            folder = Path(self._temporary.name)
        self.folder = folder
        self._current: DumpSet | None = None
        self._builder: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        _remove_sets(self.folder, keep=())  # an earlier process's generations mean nothing now

    def current(self) -> DumpSet | None:
        """The last complete set (None before the first); a build starts if the store changed."""
        dumps = self._current
        if dumps is None or dumps.generation != self._store.generation():
            self._start()
        return dumps

    def is_fresh(self, dumps: DumpSet) -> bool:
        """True when ``dumps`` holds the store as it is now."""
        return dumps.generation == self._store.generation()

    def wait(self, timeout: float | None = None) -> DumpSet | None:
        """The set of the store as it is now, built here if needed (tests, the CLI)."""
        self.current()
        builder = self._builder
        if builder is not None:
            builder.join(timeout)
        return self.current()

    def close(self) -> None:
        """Abandon a build under way and remove a temporary folder."""
        self._stop.set()
        builder = self._builder
        if builder is not None:
            builder.join()
        if self._temporary is not None:
            self._temporary.cleanup()

    def _start(self) -> None:
        with self._lock:
            if self._stop.is_set() or (self._builder and self._builder.is_alive()):
                return
            self._builder = threading.Thread(target=self._build, name="dumps", daemon=True)
            self._builder.start()

    def _build(self) -> None:
        try:
            made = write_dumps(self._store, self.folder, self._stop)
        except Abandoned:
            return
        except Exception as exc:  # the previous set goes on being served
            logger.warning("dumps not made: %s", exc)
            return
        previous = self._current
        self._current = made
        _remove_sets(self.folder, keep=(made.folder, *([previous.folder] if previous else [])))
        logger.info("dumps: %d files, %d quads", len(made.files), made.whole.quads)


def _remove_sets(folder: Path, keep: tuple[Path, ...]) -> None:
    """Remove the sets other than ``keep`` (the previous one may still be being read)."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.name.startswith(_SET_PREFIX) and child not in keep:
            shutil.rmtree(child, ignore_errors=True)
