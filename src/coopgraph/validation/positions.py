"""Where a result's triple is written in the file sent: the line and column of the fault.

A result names a focus node, a path and often a value. The steward needs the line where that
triple is written, not the line where its subject begins: the value's line when the result has
a value (a wrong concept, an ill-typed date), else the predicate's (a property given twice),
else the subject's (a property missing). No RDF parser reports positions, so each format is
read here for that purpose only, after the engine has parsed it:

- Turtle, TriG, N-Triples, N-Quads (``TextFinder``): the blocks that start with the subject (a
  blank node is looked for in its named ancestor's blocks), then the predicate's written forms
  (``<iri>``, every ``prefix:local`` the file's prefixes allow, ``a``), then the value's;
- RDF/XML and JSON-LD (``coopgraph.validation.markup_positions``): the property element, or
  the key, read by expat and by a JSON scan.

A thing the file only mentions (an official territory linked to) is found where it is first
written. Nothing found: no location (the report then shows the subject's, if known).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from coopgraph import formats
from coopgraph.validation.cells import CELLS, CellFinder
from coopgraph.validation.markup_positions import JsonLdFinder, XmlFinder
from coopgraph.validation.results import Location, Result, Text, named_ancestors

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
_LOCAL = re.compile(r"^[\w.-]*$")
_BARE = re.compile(r"^(?:[+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?|true|false)$")
_STATEMENT_END = (".", "{", "}")
_TOKEN = re.compile(r"<[^>\s]*>|(?<![\w:.-])[A-Za-z_][\w.-]*:[\w.-]*")
LOCATED = 2000
"""Results given a triple's location, at most: a report shows its first results (a few hundred),
and each costs a fraction of a millisecond."""
_BLOCK_LINES = 2000
"""A statement longer than this many lines is searched no further."""


class Finder(Protocol):
    """Finds where a triple is written in one document."""

    def find(self, focus: Node, path: Node | None, value: Node | None) -> Location | None:
        """The location of the triple (focus, path, value), or None if not found."""


def locate_results(results: Iterable[Result], texts: Sequence[Text], data: Graph) -> list[Result]:
    """The results, each of the first :data:`LOCATED` given the location of its triple in the
    first text that holds it (the rest keep their subject's). The texts are read only when
    there is a result to locate (a finder splits its whole text into lines)."""
    listed = list(results)
    finders = [finder_for(text, data) for text in texts] if listed else []
    located: list[Result] = []
    for number, result in enumerate(listed):
        if number >= LOCATED or not finders:
            located.append(result)
            continue
        where = None
        for finder in finders:
            where = finder.find(result.focus, result.path, result.value)
            if where is not None:
                break
        located.append(replace(result, location=where) if where else result)
    return located


def finder_for(text: Text, data: Graph) -> Finder:
    """The finder that reads this text's format."""
    if text.media_type == CELLS:
        return CellFinder(text)
    if text.media_type == formats.RDF_XML:
        return XmlFinder(text)
    if text.media_type == formats.JSON_LD:
        return JsonLdFinder(text, data)
    return TextFinder(text, data)


class TextFinder:
    """Positions in Turtle, TriG, N-Triples and N-Quads text."""

    def __init__(self, text: Text, data: Graph) -> None:
        self.source = text.source
        self.lines = [_code(line) for line in text.text.splitlines()]
        self.data = data
        self.prefixes: dict[str, str] = {}
        self._forms: dict[Node, list[re.Pattern[str]]] = {}
        for line in self.lines:
            declared = _PREFIX.match(line)
            if declared:
                self.prefixes[declared.group(1)] = declared.group(2)

    @cached_property
    def blocks(self) -> dict[Node, list[int]]:
        """The 0-based first line of each statement, by its subject."""
        starts: dict[Node, list[int]] = {}
        expect_subject = True
        for number, line in enumerate(self.lines):
            if not line.strip():
                continue
            if expect_subject and not _PREFIX.match(line):
                found = re.match(r"\s*(\S+)", line)
                if found:
                    for subject in self._terms(found.group(1)):
                        starts.setdefault(subject, []).append(number)
            expect_subject = bool(_PREFIX.match(line)) or line.endswith(_STATEMENT_END)
        return starts

    def find(self, focus: Node, path: Node | None, value: Node | None) -> Location | None:
        """Where (focus, path, value) is written; see the module's docstring."""
        value = None if value == focus else value
        fallback = None
        for subject in named_ancestors(focus, self.data):
            for start in self.blocks.get(subject, []):
                where, complete = self._in_block(start, path, value)
                if complete:
                    return where
                fallback = fallback or where  # the predicate without the value: try on
        return fallback or self.mentions.get(focus)

    def _in_block(
        self, start: int, path: Node | None, value: Node | None
    ) -> tuple[Location | None, bool]:
        """Where the predicate (then the value) is in the block at ``start``, and whether all
        that was looked for was found."""
        end = start
        while end < min(len(self.lines), start + _BLOCK_LINES) - 1:
            if self.lines[end].rstrip().endswith(_STATEMENT_END):
                break
            end += 1
        if path is None or isinstance(path, BNode):
            return Location(self.source, start + 1), True
        said = self._first(self.forms(path), start, end + 1)
        if said is None or value is None:
            return said, said is not None
        told = self._first(self.forms(value), said.line - 1, end + 1, (said.column or 1) - 1)
        return (told, True) if told is not None else (said, False)

    @cached_property
    def mentions(self) -> dict[Node, Location]:
        """Where each IRI is first written (a thing the file only links to is found there)."""
        first: dict[Node, Location] = {}
        for number, line in enumerate(self.lines):
            if _PREFIX.match(line):
                continue
            for token in _TOKEN.finditer(line):
                for term in self._terms(token.group(0)):
                    first.setdefault(term, Location(self.source, number + 1, token.start() + 1))
        return first

    def forms(self, term: Node) -> list[re.Pattern[str]]:
        """The ways ``term`` can be written in this text, as patterns (kept once made)."""
        if term not in self._forms:
            self._forms[term] = self._written(term)
        return self._forms[term]

    def _written(self, term: Node) -> list[re.Pattern[str]]:
        if isinstance(term, Literal):
            text = re.escape(str(term).split("\n", 1)[0])
            quoted = [re.compile(rf"[\"']{text}")]
            if _BARE.match(str(term)):  # numbers and booleans may be written unquoted
                quoted.append(re.compile(rf"(?<![\w.\"']){text}(?![\w\"'])"))
            return quoted
        if not isinstance(term, URIRef):
            return []
        iri = str(term)
        written = [re.compile(re.escape(f"<{iri}>"))]
        for prefix, namespace in self.prefixes.items():
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and _LOCAL.match(local):
                name = re.escape(f"{prefix}:{local}")
                written.append(re.compile(rf"(?<![\w:.-]){name}(?![\w:-])"))
        if term == RDF.type:
            written.append(re.compile(r"(?<![\w:<\"'])a(?![\w:])"))
        return written

    def _first(
        self, patterns: Sequence[re.Pattern[str]], start: int, end: int, column: int = 0
    ) -> Location | None:
        for number in range(start, min(end, len(self.lines))):
            offset = column if number == start else 0
            hits = [m.start() for p in patterns if (m := p.search(self.lines[number], offset))]
            if hits:
                return Location(self.source, number + 1, min(hits) + 1)
        return None

    def _terms(self, token: str) -> list[Node]:
        if token.startswith("<") and ">" in token:
            return [URIRef(token[1 : token.index(">")])]
        prefix, colon, local = token.partition(":")
        if colon and prefix in self.prefixes:
            return [URIRef(self.prefixes[prefix] + re.split(r"[;,\s]", local)[0].rstrip("."))]
        return []


def _code(line: str) -> str:
    """A line without its trailing comment (a light reading: ' #' starts one)."""
    return line.split(" #", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
