"""Where a triple is written in RDF/XML (its property element) and JSON-LD (its key).

RDF/XML is read again by expat (the standard library's XML parser, which tells the line and
column of each element; a DOCTYPE was refused before any parsing). Node elements give subjects
(``rdf:about``, ``rdf:ID``), their typed tags ``rdf:type`` triples, their children the property
elements, with ``rdf:resource`` or their text as the object.

JSON-LD is scanned as JSON text: the object whose ``"@id"`` names the subject, then its keys at
that depth; a key matches a predicate when it is the predicate's IRI, a compact IRI of it, or a
term the document's own contexts map to it (``"@type"`` for ``rdf:type``). Remote contexts are
never fetched: a term only a remote context defines is found by its IRI's local name.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urljoin
from xml.parsers import expat

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from coopgraph.validation.results import Location, Text, named_ancestors

_RDF = str(RDF)
_NODE_ATTRIBUTES = {_RDF + "about", _RDF + "ID", _RDF + "nodeID", _RDF + "resource"}
_XML_BASE = "http://www.w3.org/XML/1998/namespace base"
_SYNTAX = {
    _RDF + "parseType",
    _RDF + "datatype",
    "http://www.w3.org/XML/1998/namespace lang",
    _XML_BASE,
}

Entry = tuple[Node, Node, Node | None, int, int]
"""subject, predicate, object (None when not known), line, column (1-based)."""


class XmlFinder:
    """Positions in RDF/XML, read by expat."""

    def __init__(self, text: Text) -> None:
        self.source = text.source
        self.entries: list[Entry] = []
        self._frames: list[Frame] = []
        self._characters: list[str] = []
        self._base = ""
        parser = expat.ParserCreate(namespace_separator="")
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters.append
        self._parser = parser
        try:
            parser.Parse(text.text, True)
        except expat.ExpatError:
            self.entries = []  # the engine read it; a position is only a help

    def find(self, focus: Node, path: Node | None, value: Node | None) -> Location | None:
        """The property element of (focus, path), the one holding ``value`` first."""
        described = self.by_subject.get(focus, [])
        matches = [e for e in described if path is None or e[1] == path]
        best = [e for e in matches if value is not None and e[2] == value] or matches
        best = best or described[:1]  # a property missing: the node element
        if not best:
            return None
        return Location(self.source, best[0][3], best[0][4])

    @cached_property
    def by_subject(self) -> dict[Node, list[Entry]]:
        """The entries of each subject, in document order."""
        entries: dict[Node, list[Entry]] = {}
        for entry in self.entries:
            entries.setdefault(entry[0], []).append(entry)
        return entries

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        line, column = self._parser.CurrentLineNumber, self._parser.CurrentColumnNumber + 1
        self._base = attributes.get(_XML_BASE, self._base)
        parent = self._frames[-1] if self._frames else None
        if name == _RDF + "RDF":
            self._frames.append(Frame("root", None))
        elif parent is None or parent.kind != "node":
            self._frames.append(Frame("node", self._node(name, attributes, parent, line, column)))
        else:
            resource = attributes.get(_RDF + "resource")
            target = URIRef(urljoin(self._base, resource)) if resource is not None else None
            if parent.subject is not None:
                self.entries.append((parent.subject, URIRef(name), target, line, column))
            self._characters.clear()
            self._frames.append(Frame("property", parent.subject, URIRef(name), line, column))

    def _node(
        self, name: str, attributes: dict[str, str], parent: Frame | None, line: int, column: int
    ) -> Node | None:
        subject: Node | None = None
        if _RDF + "about" in attributes:
            subject = URIRef(urljoin(self._base, attributes[_RDF + "about"]))
        elif _RDF + "ID" in attributes:
            subject = URIRef(urljoin(self._base, "#" + attributes[_RDF + "ID"]))
        if subject is None:
            return None
        if parent is not None and parent.kind == "property" and parent.subject is not None:
            assert parent.predicate is not None
            self.entries.append((parent.subject, parent.predicate, subject, *parent.at))
        if name != _RDF + "Description":
            self.entries.append((subject, RDF.type, URIRef(name), line, column))
        for key, text in attributes.items():
            if key not in _NODE_ATTRIBUTES | _SYNTAX:
                self.entries.append((subject, URIRef(key), Literal(text), line, column))
        return subject

    def _end(self, name: str) -> None:
        frame = self._frames.pop() if self._frames else None
        if frame is not None and frame.kind == "property" and frame.subject is not None:
            assert frame.predicate is not None
            text = "".join(self._characters).strip()
            if text:
                self.entries.append((frame.subject, frame.predicate, Literal(text), *frame.at))


@dataclass(frozen=True)
class Frame:
    """An open XML element: the root, a node element or a property element."""

    kind: str
    subject: Node | None
    predicate: Node | None = None
    line: int = 0
    column: int = 0

    @property
    def at(self) -> tuple[int, int]:
        """Its line and column."""
        return self.line, self.column


class JsonLdFinder:
    """Positions in JSON-LD text: the line of the key."""

    def __init__(self, text: Text, data: Graph) -> None:
        self.source = text.source
        self.text = text.text
        self.data = data
        self.terms: dict[str, str] = {}
        with suppress(ValueError):  # the engine read it; a position is only a help
            self._read_contexts(json.loads(text.text))

    def find(self, focus: Node, path: Node | None, value: Node | None) -> Location | None:
        """The key of ``path`` in the object whose "@id" is ``focus`` (or its ancestor's)."""
        fallback = None
        for subject in named_ancestors(focus, self.data):
            for brace, named_at in self._objects_of(str(subject)):
                fallback = fallback or self._location(named_at)
                for key, position in _keys(self.text, brace):
                    if path is not None and self._means(key, path):
                        return self._location(position)
        return fallback  # a property missing: the "@id" that names the subject

    def _objects_of(self, iri: str) -> Iterator[tuple[int, int]]:
        """The offsets of each object naming ``iri`` by "@id": its brace, its "@id" key."""
        names = {iri} | {f"{t}:{iri[len(ns) :]}" for t, ns in self.terms.items() if
                         iri.startswith(ns) and ns.endswith(("/", "#"))}  # fmt: skip
        for name in names:
            yield from self.identified.get(name, [])

    @cached_property
    def identified(self) -> dict[str, list[tuple[int, int]]]:
        """Each "@id" value as written, with the offsets of its object's brace and its key."""
        found: dict[str, list[tuple[int, int]]] = {}
        for match in re.finditer(r'"@id"\s*:\s*"([^"]*)"', self.text):
            at = match.start()
            found.setdefault(match.group(1), []).append((self.text.rfind("{", 0, at), at))
        return found

    def _means(self, key: str, path: Node) -> bool:
        if path == RDF.type and key == "@type":
            return True
        iri = str(path)
        prefix, colon, local = key.partition(":")
        if colon and prefix in self.terms and self.terms[prefix] + local == iri:
            return True
        if key == iri or self.terms.get(key) == iri:
            return True
        return key not in self.terms and re.split(r"[/#]", iri)[-1] == key

    def _location(self, offset: int) -> Location:
        line = bisect_right(self.line_starts, offset)
        return Location(self.source, line, offset - self.line_starts[line - 1] + 1)

    @cached_property
    def line_starts(self) -> list[int]:
        """The offset where each line starts."""
        return [0, *(found.end() for found in re.finditer("\n", self.text))]

    def _read_contexts(self, document: Any) -> None:
        if isinstance(document, list):
            for item in document:
                self._read_contexts(item)
        elif isinstance(document, dict):
            context = document.get("@context")
            for one in context if isinstance(context, list) else [context]:
                if isinstance(one, dict):
                    self._read_terms(one)
            for key, item in document.items():
                if key != "@context":
                    self._read_contexts(item)

    def _read_terms(self, context: dict[str, Any]) -> None:
        for term, definition in context.items():
            iri = definition.get("@id") if isinstance(definition, dict) else definition
            if isinstance(iri, str) and not term.startswith("@"):
                prefix, colon, local = iri.partition(":")
                self.terms[term] = context.get(prefix, iri) + local if colon and (
                    isinstance(context.get(prefix), str)) else iri  # fmt: skip


def _keys(text: str, start: int) -> Iterator[tuple[str, int]]:
    """The keys of the JSON object opening at ``start``, with their offsets."""
    depth = 0
    position = start
    expecting_key = False
    while position < len(text):
        char = text[position]
        if char == '"':
            end = position + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if depth == 1 and expecting_key:
                yield text[position + 1 : end], position
            expecting_key = False
            position = end
        elif char in "{[":
            depth += 1
            expecting_key = char == "{" and depth == 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return
        elif char == "," and depth == 1:
            expecting_key = True
        position += 1
