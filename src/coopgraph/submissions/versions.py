"""Every published version of a territory description, kept as canonical N-Triples files.

Versions live in the private folder, one file per submission, never in the store: in a graph
they would join the public union default graph, and a superseded or rolled-back description
would still answer queries. A version is written before the store changes, so a version the
provenance graph names always has its file. Blank nodes get canonical labels (RDFC via
rdflib's ``to_canonical_graph``, in a child process under a deadline) and lines are sorted, so
two versions differ exactly where their triples do and a diff is a comparison of lines.

>>> old = b"<http://ex/a> <http://ex/b> 1 .\\n<http://ex/a> <http://ex/c> 2 .\\n"
>>> new = b"<http://ex/a> <http://ex/b> 1 .\\n<http://ex/a> <http://ex/c> 3 .\\n"
>>> changes = compare(old, new)
>>> changes.added, changes.removed
(['<http://ex/a> <http://ex/c> 3 .'], ['<http://ex/a> <http://ex/c> 2 .'])
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from coopgraph import formats
from coopgraph.errors import NotFound, StoreError, TooLarge
from coopgraph.store import memory_store

_SUBMISSION_ID = re.compile(r"[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}")


@dataclass(frozen=True)
class Changes:
    """The triples one version adds to another and those it removes, as N-Triples lines."""

    added: list[str]
    removed: list[str]


CANONICAL_SECONDS = 10.0
"""How long a submission's blank nodes may take to get their canonical labels."""
_LABELLED_HERE = 8
_LABELLING = (  # rdflib's RDFC, in a child process the deadline can kill; literals as written
    "import sys, rdflib\n"
    "from rdflib.compare import to_canonical_graph\n"
    "rdflib.NORMALIZE_LITERALS = False\n"
    "graph = rdflib.Graph().parse(data=sys.stdin.buffer.read().decode(), format='nt')\n"
    "sys.stdout.buffer.write(to_canonical_graph(graph).serialize(format='nt', encoding='utf-8'))"
)


def canonical(graph: Graph, seconds: float = CANONICAL_SECONDS) -> bytes:
    """A graph as sorted N-Triples with canonical blank node labels.

    Labelling blank nodes can take exponential time (50 identical ones took a minute), so it
    runs in a child process, killed past ``seconds``: then TooLarge, naming the problem. A few
    blank nodes are labelled here: even 8! orderings of them take well under a second."""
    blank_nodes = {term for triple in graph for term in triple if isinstance(term, BNode)}
    if len(blank_nodes) <= _LABELLED_HERE:
        text = to_canonical_graph(graph).serialize(format="nt", encoding="utf-8")
    else:
        text = _labelled(graph.serialize(format="nt", encoding="utf-8"), len(blank_nodes), seconds)
    lines = sorted({line for line in text.decode().splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines).encode()


def _labelled(text: bytes, blank_nodes: int, seconds: float) -> bytes:
    """N-Triples with canonical blank node labels, made by a child process within ``seconds``."""
    command = [sys.executable, "-I", "-c", _LABELLING]
    try:
        done = subprocess.run(command, input=text, capture_output=True, timeout=seconds)
    except subprocess.TimeoutExpired as exc:
        raise TooLarge(
            f"the submission's {blank_nodes} blank nodes could not be given canonical labels "
            f"within {seconds:g} s (many alike blank nodes make this slow); nothing was stored: "
            f"name these resources with IRIs. / Les {blank_nodes} nœuds anonymes de la soumission "
            f"n'ont pu recevoir d'étiquettes canoniques en {seconds:g} s ; rien n'a été "
            "enregistré : nommez ces ressources par des IRI."
        ) from exc
    if done.returncode != 0:
        raise StoreError(f"labelling blank nodes failed: {done.stderr.decode()[-300:]}")
    return done.stdout


def compare(old: bytes, new: bytes) -> Changes:
    """What ``new`` adds to ``old`` and removes from it, line by line, sorted."""
    before = set(old.decode().splitlines()) - {""}
    after = set(new.decode().splitlines()) - {""}
    return Changes(sorted(after - before), sorted(before - after))


def render_version(version: bytes, media_type: str) -> bytes:
    """A version's N-Triples in another RDF format."""
    if media_type == formats.N_TRIPLES:
        return version
    engine = memory_store()
    engine.load(version, formats.N_TRIPLES, None)
    return engine.export_graph(None, media_type)


def rdf_patch(changes: Changes) -> str:
    """Changes as an RDF Patch: ``D`` lines removed, then ``A`` lines added.

    >>> print(rdf_patch(Changes(["<a> <b> <c> ."], ["<a> <b> <d> ."])), end="")
    D <a> <b> <d> .
    A <a> <b> <c> .
    """
    lines = [f"D {line}" for line in changes.removed] + [f"A {line}" for line in changes.added]
    return "".join(line + "\n" for line in lines)


def check_submission_id(submission: str) -> str:
    """The id if it has the form coopgraph gives submissions (it becomes a file name)."""
    if not _SUBMISSION_ID.fullmatch(submission):
        raise NotFound(f"'{submission}' is not a submission id (like 20260101T120000Z-0a1b2c3d)")
    return submission


class Archive:
    """The versions and reports of a private folder, one pair of files per submission."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "submissions"

    def keep(self, submission: str, version: bytes, report: dict[str, Any] | None) -> None:
        """Write a submission's version (and report) durably, before it is published."""
        self.folder.mkdir(parents=True, exist_ok=True)
        _write(self._path(submission, ".nt"), version)
        if report is not None:
            text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
            _write(self._path(submission, ".report.json"), text.encode())

    def version(self, submission: str) -> bytes:
        """The N-Triples a submission published."""
        try:
            return self._path(submission, ".nt").read_bytes()
        except FileNotFoundError as exc:
            raise NotFound(f"no version is kept for submission {submission}") from exc

    def report(self, submission: str) -> dict[str, Any] | None:
        """A submission's validation report (JSON), or None for a rollback."""
        try:
            document: dict[str, Any] = json.loads(
                self._path(submission, ".report.json").read_text(encoding="utf-8")
            )
        except FileNotFoundError:
            return None
        return document

    def _path(self, submission: str, suffix: str) -> Path:
        return self.folder / (check_submission_id(submission) + suffix)


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, so a reader never sees half a file."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        with temporary.open("wb") as output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise
