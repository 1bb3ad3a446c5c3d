"""Media types of RDF and SPARQL results, file suffixes, content negotiation, and the one
charset rule of answers (:func:`with_charset`).

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULT_MEDIA_TYPES)
'application/sparql-results+json'
>>> negotiate("text/*", GRAPH_MEDIA_TYPES)
'text/turtle'
>>> negotiate("image/png", GRAPH_MEDIA_TYPES) is None
True
"""

from __future__ import annotations

from pathlib import PurePath

from coopgraph.errors import UnsupportedMediaType

TURTLE = "text/turtle"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
TRIG = "application/trig"
RDF_XML = "application/rdf+xml"
JSON_LD = "application/ld+json"
N3 = "text/n3"

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
SHEET_SUFFIXES: dict[str, str] = {".xlsx": XLSX, ".csv": CSV, ".zip": ZIP}
"""Spreadsheets a steward may submit (converted to RDF before validation), by file suffix: a
workbook, a CSV, or a zip of CSVs."""

GRAPH_MEDIA_TYPES: tuple[str, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML)
"""What a CONSTRUCT, DESCRIBE or graph GET can be answered in, preferred first."""

RESULT_MEDIA_TYPES: tuple[str, ...] = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
"""What a SELECT or ASK can be answered in, preferred first."""

DATASET_MEDIA_TYPES: tuple[str, ...] = (N_QUADS, TRIG)
"""Formats that carry named graphs."""

READABLE_MEDIA_TYPES: tuple[str, ...] = (TURTLE, N_TRIPLES, N_QUADS, TRIG, RDF_XML, JSON_LD, N3)
"""Every RDF format coopgraph reads."""

ALIASES: dict[str, str] = {
    "application/x-turtle": TURTLE,
    "text/plain": N_TRIPLES,
    "application/json": JSON_LD,
    "application/xml": RDF_XML,
    "text/xml": RDF_XML,
    "application/x-trig": TRIG,
    "text/x-nquads": N_QUADS,
    "application/sparql-results+xml": SPARQL_XML,
}

SUFFIXES: dict[str, str] = {
    ".ttl": TURTLE,
    ".nt": N_TRIPLES,
    ".nq": N_QUADS,
    ".trig": TRIG,
    ".rdf": RDF_XML,
    ".owl": RDF_XML,
    ".xml": RDF_XML,
    ".jsonld": JSON_LD,
    ".json": JSON_LD,
    ".n3": N3,
}

SHORT_NAMES: dict[str, str] = {
    "json": SPARQL_JSON,
    "xml": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "nt": N_TRIPLES,
    "ntriples": N_TRIPLES,
    "nquads": N_QUADS,
    "trig": TRIG,
    "jsonld": JSON_LD,
    "rdfxml": RDF_XML,
}
"""Short names accepted by ``--format`` and ``?format=``."""


def essence(media_type: str) -> str:
    """The media type without parameters, lower-cased, aliases resolved.

    >>> essence("Text/Turtle; charset=utf-8")
    'text/turtle'
    """
    bare = media_type.split(";", 1)[0].strip().lower()
    return ALIASES.get(bare, bare)


def with_charset(media_type: str) -> str:
    """The Content-Type of an answer: UTF-8 said on text, +json and +xml types.

    Plain JSON goes as it is (RFC 8259 defines no charset for it), as does N-Triples (always
    UTF-8).

    >>> with_charset("text/turtle")
    'text/turtle; charset=utf-8'
    >>> with_charset("application/sparql-results+json")
    'application/sparql-results+json; charset=utf-8'
    >>> with_charset("application/json"), with_charset("application/n-triples")
    ('application/json', 'application/n-triples')
    """
    if media_type.startswith("text/") or media_type.endswith(("+json", "+xml")):
        return media_type + "; charset=utf-8"
    return media_type


def readable_media_type(media_type: str | None) -> str:
    """The RDF format of a request body, or UnsupportedMediaType naming it."""
    bare = essence(media_type or "")
    if bare not in READABLE_MEDIA_TYPES:
        expected = ", ".join(READABLE_MEDIA_TYPES)
        raise UnsupportedMediaType(
            f"cannot read a body of type '{media_type}'; send one of: {expected}"
        )
    return bare


def submitted_media_type(media_type: str | None) -> str:
    """The format of a steward's submission: an RDF format or a spreadsheet (XLSX, CSV).

    >>> submitted_media_type("text/csv; charset=utf-8")
    'text/csv'
    """
    bare = essence(media_type or "")
    return bare if bare in SHEET_SUFFIXES.values() else readable_media_type(media_type)


def submitted_media_type_for_path(path: PurePath) -> str:
    """The format of a submitted file from its suffix: an RDF format or a spreadsheet."""
    suffix = path.suffix.lower()
    return SHEET_SUFFIXES[suffix] if suffix in SHEET_SUFFIXES else media_type_for_path(path)


def media_type_for_path(path: PurePath) -> str:
    """The RDF format of a file from its suffix, ignoring a trailing ``.gz``."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    suffix = suffixes[-1] if suffixes else ""
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise UnsupportedMediaType(f"{path}: unknown RDF file suffix '{suffix}'; use {known}")
    return SUFFIXES[suffix]


def _accept_ranges(accept: str) -> list[tuple[str, float, int]]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        bare = fields[0].strip().lower()
        ranges.append((bare, quality, position))
        if ALIASES.get(bare, bare) != bare:  # application/json: itself, or JSON-LD for RDF
            ranges.append((ALIASES[bare], quality, position))
    return ranges


def _matches(media_range: str, media_type: str) -> int:
    """How specifically a range matches a type: 3 exact, 2 ``type/*``, 1 ``*/*``, 0 not."""
    if media_range == media_type:
        return 3
    if media_range == "*/*":
        return 1
    main, _, sub = media_range.partition("/")
    if sub == "*" and media_type.startswith(main + "/"):
        return 2
    return 0


def negotiate(accept: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header prefers, or None if it accepts none.

    A missing or empty Accept gets the first offered type. Ties go to the server's order.
    """
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen = None
    ranges = _accept_ranges(accept)
    for rank, media_type in enumerate(offered):
        scored = [(_matches(r, media_type), q) for r, q, _ in ranges]
        scored = [s for s in scored if s[0] > 0]
        if not scored:
            continue
        specificity, quality = max(scored)
        if quality <= 0:
            continue
        key = (quality, specificity, -rank)
        if best is None or key > best:
            best, chosen = key, media_type
    return chosen
