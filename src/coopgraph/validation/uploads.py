"""Reading a steward's upload into a graph, safely, and finding where each node is described.

Uploads are parsed by the store's own engine (an in-memory store), so every format is read
the same way as a load: syntax errors carry their line and column, JSON-LD contexts are never
fetched from the network, blank nodes of two files stay apart. RDF/XML with a DOCTYPE is
refused before parsing (entity expansion). A syntax error points at the line where the fault
is when the text tells (a '.' missing at the end of a line is noticed on the next one), and
quotes that line as written. The size cap counts every upload together, and so
does the triple cap, counted as the parser yields triples (it stops at the first past it) or
as a spreadsheet is converted (its rows' triples count as parsed ones do; a zip, a workbook
included, may not unpack to more than ten times the size cap).

>>> upload = Upload(b"<http://example.org/a> <http://example.org/b> 1 .", "text/turtle", "a.ttl")
>>> submission = read_submission([upload], limit=1000)
>>> len(submission.graph), submission.locations[URIRef("http://example.org/a")].line
(1, 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin

from rdflib import Graph, URIRef
from rdflib.term import Node

from coopgraph import formats
from coopgraph.content import read_apart, read_rdf_file
from coopgraph.errors import InputError, RdfSyntaxError, RefusedOperation, SyntaxFault, TooLarge
from coopgraph.store import EngineTriples, Store, read_document
from coopgraph.validation.data_graph import DataGraph
from coopgraph.validation.literals import as_written
from coopgraph.validation.results import Location, Result, Text
from coopgraph.validation.tabular import convert_table
from coopgraph.validation.territory_names import TerritoryNames

TABLE_FORMATS = tuple(formats.SHEET_SUFFIXES.values())
"""Spreadsheets, converted to RDF (``coopgraph.validation.tabular``) before validation."""
TABLE_SUFFIXES = formats.SHEET_SUFFIXES
TEXT_FORMATS = (formats.TURTLE, formats.N_TRIPLES, formats.N_QUADS, formats.TRIG, formats.N3)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^\s*(<[^>\s]*>|[A-Za-z_][\w.-]*:[^\s;,()\[\]]*|:[^\s;,()\[\]]*)")
_STATEMENT_END = (".", "{", "}")
_UNFINISHED = (";", ",", "[", "(", "{")
UNPACKED = 10
"""How many times the size cap a zip (a workbook is one) may unpack to."""
EXCERPT_LENGTH = 60
"""Characters of a faulty line quoted in a syntax error, at most."""


@dataclass(frozen=True)
class Upload:
    """One uploaded document: its bytes, its RDF media type, and a name for messages."""

    data: bytes
    media_type: str
    name: str


@dataclass(frozen=True)
class Submission:
    """The parsed triples of every upload, and where each named subject is described."""

    graph: Graph
    locations: dict[Node, Location] = field(default_factory=dict)
    texts: tuple[Text, ...] = ()
    """The uploads as written, where results find the line of their triple."""
    findings: tuple[Result, ...] = ()
    """What converting spreadsheets found (a territory name unknown or ambiguous), at its
    cell: results to add to the validation report."""
    engine: EngineTriples | None = None
    """The same triples in the engine's terms when no spreadsheet was sent: the rule shapes'
    engine takes them as they are (``validation.shacl.validate``)."""


def read_submission(
    uploads: Sequence[Upload],
    limit: int,
    base_iri: str | None = None,
    max_triples: int | None = None,
    store: Store | None = None,
) -> Submission:
    """Parse the uploads into one graph; TooLarge past ``limit`` bytes or ``max_triples``
    triples in all. With the ``store``, territories named in spreadsheets are found in its
    geography (without it, a name stays as written)."""
    size = sum(len(upload.data) for upload in uploads)
    if size > limit:
        raise TooLarge(
            f"the submission is {size} bytes; the limit is {limit} bytes "
            "(COOPGRAPH_MAX_VALIDATION_BYTES)"
        )
    names = TerritoryNames(store) if store is not None else None
    parts: list[Graph | Sequence[tuple[Node, Node, Node]]] = []
    engine: list[EngineTriples] = []
    findings: list[Result] = []
    texts: list[Text] = []
    locations: dict[Node, Location] = {}
    loaded = 0
    for upload in uploads:
        if formats.essence(upload.media_type) in TABLE_FORMATS:
            kind = formats.essence(upload.media_type)
            table = convert_table(upload.data, kind, upload.name, UNPACKED * limit, names)
            loaded += len(table.graph)
            if max_triples is not None and loaded > max_triples:
                raise TooLarge(too_many_triples(max_triples))
            parts.append(table.graph)
            texts.append(table.text)
            locations.update(table.locations)
            findings.extend(table.findings)
            continue
        media_type = formats.readable_media_type(upload.media_type)
        _refuse_doctype(upload, media_type)
        left = None if max_triples is None else max_triples - loaded
        try:
            with as_written():  # an ill-typed literal is reported by validation, not warned
                document = read_document(upload.data, media_type, base_iri, left)
        except TooLarge as exc:
            raise TooLarge(too_many_triples(max_triples or 0)) from exc
        except RdfSyntaxError as exc:
            raise pointed(exc, upload) from exc
        parts.append(document.triples)
        engine.append(document.engine)
        loaded += len(document.triples)
        if media_type in TEXT_FORMATS:
            for node, line in subject_lines(_text(upload), base_iri):
                locations.setdefault(node, Location(upload.name, line))
        if media_type in (*TEXT_FORMATS, formats.RDF_XML, formats.JSON_LD):
            texts.append(Text(upload.name, media_type, _text(upload)))
    graph = _one_graph(parts)
    described = {triple[0] for part in parts for triple in part}
    kept = {n: where for n, where in locations.items() if n in described}
    joined = EngineTriples.joined(engine) if len(engine) == len(parts) else None
    return Submission(graph, kept, tuple(texts), tuple(findings), joined)


def _one_graph(parts: list[Graph | Sequence[tuple[Node, Node, Node]]]) -> Graph:
    """The graph of the whole submission, its parts in the order sent: a lone spreadsheet's
    own (not copied: a steward's workbook is most often the whole submission), else every
    triple in a new DataGraph (which validation extends in place instead of copying it)."""
    if len(parts) == 1 and isinstance(parts[0], Graph):
        return parts[0]
    graph = DataGraph()
    for part in parts:
        for triple in part:
            graph.add(triple)
    return graph


def too_many_triples(cap: int) -> str:
    """The message of the triple cap, in English and French."""
    return (
        f"the submission holds more than {cap} triples, the limit (COOPGRAPH_MAX_TRIPLES); "
        "nothing was stored: split it into smaller submissions. / La soumission contient plus "
        f"de {cap} triplets, la limite (COOPGRAPH_MAX_TRIPLES) ; rien n'a été enregistré : "
        "découpez-la en soumissions plus petites."
    )


def read_files(paths: Sequence[Path], limit: int, store: Store | None = None) -> Submission:
    """Parse files (format from the suffix, ``.gz`` unpacked); TooLarge past ``limit`` bytes.
    With the ``store``, territories named in spreadsheets are found in its geography."""
    size = sum(path.stat().st_size for path in paths)
    if size > limit:
        raise TooLarge(
            f"the files are {size} bytes; the limit is {limit} bytes "
            "(COOPGRAPH_MAX_VALIDATION_BYTES)"
        )
    uploads = []
    for path in paths:
        if path.suffix.lower() in TABLE_SUFFIXES:
            uploads.append(
                Upload(path.read_bytes(), TABLE_SUFFIXES[path.suffix.lower()], str(path))
            )
            continue
        data, media_type = read_rdf_file(path)
        try:
            data, media_type = read_apart(data, media_type, None, triples_only=True)
        except RdfSyntaxError as exc:
            raise pointed(exc, Upload(data, media_type, str(path))) from exc
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from exc
        uploads.append(Upload(data, media_type, str(path)))
    return read_submission(uploads, limit, base_iri=None, store=store)


def pointed(error: RdfSyntaxError, upload: Upload) -> RdfSyntaxError:
    """The error in ``upload``: at the line where the fault is, that line quoted."""
    if error.fault is None:
        return error.located(upload.name)
    lines = _text(upload).splitlines()
    fault = error.fault
    if fault.kind in ("dot", "end", "bracket") and fault.line is not None:
        fault = _before(fault, fault.line, lines)
    excerpt = _excerpt(lines, fault.line, fault.column)
    return RdfSyntaxError.of(replace(fault, source=upload.name, excerpt=excerpt))


def _before(fault: SyntaxFault, noticed: int, lines: list[str]) -> SyntaxFault:
    """A '.' or ']' expected where a line starts, or the end of the file: the fault is at the
    end of the last line written before (for a '.', when that line ends a value)."""
    current = lines[noticed - 1] if noticed <= len(lines) else ""
    start = (fault.column or 1) - 1
    if current[:start].strip():
        return fault  # not the first token of its line: the parser is right where it is
    written = [n for n in range(min(noticed - 1, len(lines)), 0, -1) if _code(lines[n - 1])]
    if not written:
        return fault
    line = written[0]
    code = _code(lines[line - 1])
    if fault.kind == "end":
        return replace(fault, line=line, column=len(code) + 1)
    if fault.kind == "bracket":
        return replace(fault, line=line, column=len(code) + 1, noticed=noticed)
    if code.endswith(_UNFINISHED):
        return fault
    kind = "missing_dot" if start == 0 else "missing_separator"  # indented: a ';' more likely
    return replace(fault, line=line, column=len(code) + 1, kind=kind, noticed=noticed)


def _code(line: str) -> str:
    """A line without its comment and trailing spaces (a light reading: '#' in IRIs stays)."""
    return "" if line.lstrip().startswith("#") else line.split(" #", 1)[0].rstrip()


def _excerpt(lines: list[str], line: int | None, column: int | None) -> str:
    """The text of ``line`` as written, cut to EXCERPT_LENGTH characters around ``column``."""
    if line is None or not 0 < line <= len(lines):
        return ""
    written = lines[line - 1].rstrip()
    text = written.lstrip()
    if len(text) <= EXCERPT_LENGTH:
        return text
    at = max((column or 1) - 1 - (len(written) - len(text)), 0)
    start = min(max(at - EXCERPT_LENGTH // 2, 0), len(text) - EXCERPT_LENGTH)
    end = start + EXCERPT_LENGTH
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _refuse_doctype(upload: Upload, media_type: str) -> None:
    if media_type == formats.RDF_XML and _DOCTYPE.search(upload.data):
        raise RefusedOperation(
            f"{upload.name}: RDF/XML with a DOCTYPE is refused (its entities could expand "
            "without bound); remove the <!DOCTYPE ...> declaration"
        )


def _text(upload: Upload) -> str:
    return upload.data.decode("utf-8", errors="replace")


def subject_lines(text: str, base_iri: str | None = None) -> Iterable[tuple[URIRef, int]]:
    """The IRIs that start a statement in Turtle-like text, with their 1-based line.

    A light reading of the text, not a parser: it follows prefixes and statement ends, and
    is only used to point a steward at a line.
    """
    prefixes: dict[str, str] = {}
    expect_subject = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        declared = _PREFIX.match(line)
        if declared:
            prefixes[declared.group(1)] = declared.group(2)
        elif expect_subject:
            iri = _expand(_SUBJECT.match(line), prefixes, base_iri)
            if iri is not None:
                yield iri, number
        expect_subject = bool(declared) or line.endswith(_STATEMENT_END)


def _expand(
    found: re.Match[str] | None, prefixes: dict[str, str], base_iri: str | None
) -> URIRef | None:
    if found is None:
        return None
    token = found.group(1)
    if token.startswith("<"):
        return URIRef(urljoin(base_iri, token[1:-1]) if base_iri else token[1:-1])
    prefix, _, local = token.partition(":")
    if prefix not in prefixes:
        return None
    return URIRef(prefixes[prefix] + local.rstrip("."))  # a local name never ends with "."
