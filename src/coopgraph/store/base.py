"""The Store interface: query, update, load, replace_graph, dump, restore.

Terms cross this interface as rdflib terms and graph names as IRI strings, so no caller
needs to know which engine holds the triples.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

from rdflib.term import Identifier

AnswerKind = Literal["solutions", "boolean", "graph"]
Row = dict[str, Identifier]


@dataclass(frozen=True)
class Dataset:
    """An RDF dataset for one query (SPARQL Protocol default-graph-uri, named-graph-uri)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def is_given(self) -> bool:
        """True when the request named any graph."""
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class AnswerFormats:
    """The media types negotiated for each kind of answer; None where none is acceptable."""

    results: str | None
    graph: str | None


@dataclass(frozen=True)
class Answer:
    """A serialised query answer, ready to send."""

    kind: AnswerKind
    body: bytes
    media_type: str
    truncated: bool = False


@dataclass(frozen=True)
class Table:
    """SELECT results as rows of rdflib terms; a variable unbound in a row is absent."""

    variables: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class Store(abc.ABC):
    """What coopgraph needs of a triple store; every engine implements all of it."""

    @abc.abstractmethod
    def answer(
        self,
        sparql: str,
        formats: AnswerFormats,
        dataset: Dataset = Dataset(),
        row_cap: int | None = None,
        base_iri: str | None = None,
        bindings: Mapping[str, Identifier] | None = None,
    ) -> Answer:
        """Run a query and serialise its answer in the negotiated format; relative IRIs
        resolve against ``base_iri``; ``bindings`` as for :meth:`select`."""

    @abc.abstractmethod
    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table:
        """Run a SELECT; ``bindings`` are bound by the engine, never spliced into text."""

    @abc.abstractmethod
    def ask(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK."""

    @abc.abstractmethod
    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL Update atomically; relative IRIs resolve against ``base_iri``."""

    @abc.abstractmethod
    def load(
        self, data: bytes, media_type: str, graph: str | None, base_iri: str | None = None
    ) -> int:
        """Add the triples of ``data`` to ``graph`` (None: the default graph, or the quads'
        own graphs for N-Quads and TriG); returns how many quads were read."""

    @abc.abstractmethod
    def load_all(
        self, documents: Sequence[tuple[bytes, str]], graph: str | None, base_iri: str | None = None
    ) -> int:
        """Add several (data, media type) documents to ``graph`` (as :meth:`load`) in one
        transaction: all of them, or none if one does not parse."""

    @abc.abstractmethod
    def replace_graph(
        self, graph: str | None, data: bytes, media_type: str, base_iri: str | None = None
    ) -> int:
        """Replace the content of ``graph`` with ``data`` in one transaction."""

    @abc.abstractmethod
    def replace_and_add(self, graph: str, ntriples: bytes, additions: Mapping[str, bytes]) -> None:
        """Replace ``graph`` with these N-Triples and add to other graphs the N-Triples of
        ``additions`` (small: a record), all in one transaction."""

    @abc.abstractmethod
    def export_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one graph (None: the default graph)."""

    @abc.abstractmethod
    def drop_graph(self, graph: str | None) -> bool:
        """Remove a graph (None: clear the default graph); False if it did not exist."""

    @abc.abstractmethod
    def has_graph(self, graph: str) -> bool:
        """True if the named graph exists."""

    @abc.abstractmethod
    def graph_names(self) -> list[str]:
        """The named graphs, sorted."""

    @abc.abstractmethod
    def dump(self, output: IO[bytes]) -> None:
        """Write every quad as N-Quads: the backup format."""

    @abc.abstractmethod
    def restore(self, source: IO[bytes]) -> int:
        """Replace the whole store with the N-Quads of ``source``; returns the quad count."""

    @abc.abstractmethod
    def close(self) -> None:
        """Flush and release the store."""

    def generation(self) -> int:
        """A number that grows with every write (isolated readers reopen on change)."""
        return 0

    def checkpoint(self, target: Path) -> bool:
        """Write a consistent copy of the store's own files into ``target`` (a backup that
        costs little); False where the engine has none (in memory, on a server): then
        :meth:`dump` is the backup."""
        return False
