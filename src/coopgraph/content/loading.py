"""Brings the store up to date with the project's ontology/, shapes/ and data/ folders.

Each source becomes one named graph: the whole ontology/ folder one graph, the whole shapes/
folder another, and each file of data/ its own. The files of data/examples/ are invented to
illustrate the model: they are loaded only when asked (``examples``), each into its graph under
``graph/examples/``. A catalog graph records the digest of what
each graph was loaded from, so unchanged sources are skipped, changed ones replace their
graph, and graphs whose file is gone are dropped.
"""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from rdflib import Literal, URIRef

from coopgraph import formats
from coopgraph.content.closing import Versions, closing_beside
from coopgraph.content.progress import Listener, Tracker
from coopgraph.errors import InputError, RdfSyntaxError
from coopgraph.iris import (
    CATALOG_GRAPH,
    DATA_GRAPH_BASE,
    EXAMPLES_GRAPH_BASE,
    MERGE_GRAPH,
    ONTOLOGY_GRAPH,
    SHAPES_GRAPH,
)
from coopgraph.reasoning import follow_synchronisation, inferred_graph_name, is_inferred
from coopgraph.store import Store, flatten_rdf, memory_store

_CHECKSUM = "http://spdx.org/rdf/terms#checksumValue"
_SOURCE = "http://purl.org/dc/terms/source"
_MODIFIED = "http://purl.org/dc/terms/modified"
_RDF_SUFFIXES = frozenset(formats.SUFFIXES) - {".json", ".xml"}
EXAMPLES_FOLDER = "examples"
"""The folder of data/ whose files are illustrative, loaded on demand only."""
TREE_FORMATS = frozenset({formats.JSON_LD, formats.RDF_XML})
"""Formats whose pyoxigraph parser recurses: some thousands of nested levels crash it."""


@dataclass(frozen=True)
class Source:
    """Files that together make one named graph."""

    graph: str
    files: tuple[Path, ...]
    label: str

    def digest(self) -> str:
        """The SHA-256 of the files' names and contents."""
        sha = hashlib.sha256()
        for path in self.files:
            sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        return sha.hexdigest()


@dataclass(frozen=True)
class SyncReport:
    """What a synchronisation did, graph by graph."""

    loaded: list[str]
    unchanged: list[str]
    dropped: list[str]
    triples: int = 0
    """Triples loaded from the sources loaded."""
    inferred: int = 0
    """Triples reasoning wrote into the inferred graphs it remade."""

    def summary(self) -> str:
        """One line: sources loaded, unchanged and dropped, triples loaded and inferred.

        >>> SyncReport(["a"], ["b", "c"], [], 1500, 12).summary()
        '1 loaded, 2 unchanged, 0 dropped: 1,500 triples loaded, 12 inferred'
        """
        return (
            f"{len(self.loaded)} loaded, {len(self.unchanged)} unchanged, "
            f"{len(self.dropped)} dropped: {self.triples:,} triples loaded, "
            f"{self.inferred:,} inferred"
        )


Progress = Callable[[str], None]


def read_rdf_file(path: Path) -> tuple[bytes, str]:
    """A file's bytes (gunzipped if ``.gz``) and its media type from the suffix."""
    media_type = formats.media_type_for_path(path)
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = gzip.decompress(data)
    return data, media_type


def read_apart(
    data: bytes, media_type: str, base_iri: str | None, triples_only: bool
) -> tuple[bytes, str]:
    """A JSON-LD or RDF/XML document parsed in a child process and handed back as N-Triples
    (``triples_only``) or N-Quads (``coopgraph.store.flatten_rdf``): a tree some thousands of levels
    deep crashes pyoxigraph's parser, and its process with it. InputError if the child died;
    the parser's own errors as they are. Other formats come back unchanged: their parsers do
    not recurse."""
    if formats.readable_media_type(media_type) not in TREE_FORMATS:
        return data, media_type
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as child:
        try:
            flat = child.submit(flatten_rdf, data, media_type, base_iri, triples_only, None)
            return flat.result()
        except BrokenProcessPool as exc:
            raise InputError(
                "the document stopped the RDF parser (a JSON-LD or RDF/XML tree some "
                "thousands of levels deep does this); nothing was read / le document a arrêté "
                "l'analyseur RDF (un arbre JSON-LD ou RDF/XML profond de quelques milliers de "
                "niveaux produit cet arrêt) ; rien n'a été lu"
            ) from exc


def is_rdf_file(path: Path) -> bool:
    """True for files whose suffix (before an optional .gz) names an RDF format."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    return path.is_file() and bool(suffixes) and suffixes[-1] in _RDF_SUFFIXES


def data_graph_name(data_dir: Path, path: Path) -> str:
    """The graph of one data file: its path under data/ without suffixes; a file of
    data/examples/ goes under ``graph/examples/`` instead.

    >>> data_graph_name(Path("data"), Path("data/geography/geography-2026.nt.gz"))
    'https://w3id.org/coopgraph/graph/data/geography/geography-2026'
    >>> data_graph_name(Path("data"), Path("data/examples/transfers.ttl"))
    'https://w3id.org/coopgraph/graph/examples/transfers'
    """
    relative = path.relative_to(data_dir)
    stem = relative.with_name(relative.name.split(".", 1)[0])
    if is_example(data_dir, path):
        return EXAMPLES_GRAPH_BASE + stem.relative_to(EXAMPLES_FOLDER).as_posix()
    return DATA_GRAPH_BASE + stem.as_posix()


def is_example(data_dir: Path, path: Path) -> bool:
    """True for a file of data/examples/: illustrative, not facts."""
    return path.relative_to(data_dir).parts[0] == EXAMPLES_FOLDER


def project_sources(content_root: Path, examples: bool = False) -> list[Source]:
    """The sources of a project folder: ontology/, shapes/, then every file of data/, those of
    data/examples/ only when ``examples`` is set."""
    sources = []
    for folder, graph in (("ontology", ONTOLOGY_GRAPH), ("shapes", SHAPES_GRAPH)):
        files = tuple(sorted(p for p in (content_root / folder).rglob("*") if is_rdf_file(p)))
        if files:
            sources.append(Source(graph, files, folder + "/"))
    data_dir = content_root / "data"
    for path in sorted(p for p in data_dir.rglob("*") if is_rdf_file(p)):
        if is_example(data_dir, path) and not examples:
            continue
        label = path.relative_to(content_root).as_posix()
        sources.append(Source(data_graph_name(data_dir, path), (path,), label))
    return sources


def _combined_ntriples(files: Iterable[Path]) -> bytes:
    """Several small RDF files merged into one N-Triples document (blank nodes kept apart).

    Each file is parsed by the same engine as a single file, so errors keep their line and
    column, and every format (JSON-LD included, remote contexts refused) is read as such.
    """
    merged = memory_store()
    for path in files:
        data, media_type = read_rdf_file(path)
        try:
            merged.load(data, media_type, MERGE_GRAPH, base_iri=path.as_uri())
        except RdfSyntaxError as exc:
            raise exc.located(str(path)) from exc
    return merged.export_graph(MERGE_GRAPH, formats.N_TRIPLES)


def _loaded_digests(store: Store) -> dict[str, str]:
    """The checksum of each loaded source; the catalog's records of inferred graphs (the
    version of the source they were made from) are reasoning's."""
    table = store.select(
        f"SELECT ?g ?sum WHERE {{ GRAPH <{CATALOG_GRAPH}> {{ ?g <{_CHECKSUM}> ?sum }} }}"
    )
    return {str(row["g"]): str(row["sum"]) for row in table if not is_inferred(str(row["g"]))}


def _record(store: Store, source: Source | None, graph: str, digest: str | None) -> None:
    """Replace the catalog entry of ``graph`` (remove it when ``source`` is None)."""
    entry = ""
    if source is not None and digest is not None:
        stamp = Literal(datetime.now(UTC).isoformat(timespec="seconds"))
        entry = (
            f"INSERT DATA {{ GRAPH <{CATALOG_GRAPH}> {{ <{graph}> <{_CHECKSUM}> "
            f"{Literal(digest).n3()} ; <{_SOURCE}> {Literal(source.label).n3()} ; "
            f"<{_MODIFIED}> {stamp.n3()} }} }}"
        )
    subject = URIRef(graph).n3()
    store.update(
        f"DELETE WHERE {{ GRAPH <{CATALOG_GRAPH}> {{ {subject} ?p ?o }} }}"
        + (" ;\n" + entry if entry else "")
    )


def load_source(store: Store, source: Source, versions: Versions | None = None) -> int:
    """Replace a source's graph with its files' content, a large one's closure computed
    meanwhile given ``versions`` (content.closing); returns the triple count."""
    if len(source.files) == 1:
        data, media_type = read_rdf_file(source.files[0])
        base = source.files[0].as_uri()
    else:
        data, media_type, base = _combined_ntriples(source.files), formats.N_TRIPLES, None
    try:
        with closing_beside(store, source.graph, data, media_type, versions):
            return store.replace_graph(source.graph, data, media_type, base_iri=base)
    except RdfSyntaxError as exc:
        raise exc.located(source.label) from exc


def synchronise(
    store: Store,
    content_root: Path,
    progress: Progress | None = None,
    examples: bool = False,
    listener: Listener | None = None,
) -> SyncReport:
    """Load changed sources, skip unchanged ones, drop graphs whose file is gone (and those of
    data/examples/ when ``examples`` is not set), then bring the inferred graphs of what changed
    up to date. ``progress`` is told each step in a line; ``listener``, how far the whole is."""
    say = progress or (lambda _message: None)
    known = _loaded_digests(store)
    sources = project_sources(content_root, examples)
    digests = {source.graph: source.digest() for source in sources}
    changed = [s for s in sources if known.get(s.graph) != digests[s.graph]]
    tracker = _plan(store, sources, changed, listener or (lambda _advance: None))
    report = SyncReport([], [s.graph for s in sources if s not in changed], [])
    triples = 0
    for source in changed:
        tracker.loading(source.graph)
        say(f"loading {source.label} into <{source.graph}>")
        count = load_source(store, source, _versions(source, sources, digests))
        _record(store, source, source.graph, digests[source.graph])
        say(f"loaded {count} triples from {source.label}")
        tracker.loaded(source.graph)
        report.loaded.append(source.graph)
        triples += count
    for graph in sorted(set(known) - set(digests)):
        tracker.dropping(graph)
        say(f"dropping <{graph}>: its file is gone or its source is not asked for")
        store.drop_graph(graph)
        _record(store, None, graph, None)
        report.dropped.append(graph)
    tracker.reasoning()

    def _heard(message: str) -> None:
        say(message)
        tracker.heard(message)

    inferences = follow_synchronisation(store, report.loaded, report.dropped, _heard)
    tracker.finished()
    return replace(report, triples=triples, inferred=sum(i.triples for i in inferences))


def _versions(source: Source, sources: list[Source], digests: dict[str, str]) -> Versions | None:
    """What a source's closure is computed from, if the project has an ontology."""
    ontology = next((s for s in sources if s.graph == ONTOLOGY_GRAPH), None)
    if ontology is None:
        return None
    read = partial(_combined_ntriples, ontology.files)
    return Versions(digests[source.graph], digests[ONTOLOGY_GRAPH], read)


def _plan(
    store: Store, sources: list[Source], changed: list[Source], listener: Listener
) -> Tracker:
    """The work ahead, weighed: the sources to load, and those reasoning is expected to take
    again (all of them after a change of the ontology), in its order."""
    existing = set(store.graph_names())
    everything = any(source.graph == ONTOLOGY_GRAPH for source in changed)
    reasoned = [
        source
        for source in sorted(sources, key=lambda s: s.graph)
        if source.graph != SHAPES_GRAPH
        and (everything or source in changed or inferred_graph_name(source.graph) not in existing)
    ]
    return Tracker(
        {source.graph: (source.label, source.files) for source in changed},
        {source.graph: (source.label, source.files) for source in reasoned},
        listener,
    )
