"""Which IRI a URL names, and in which format its document comes.

A path on this deployment names an IRI under the persistent base: ``/id/commune/62528`` here
is ``https://w3id.org/coopgraph/id/commune/62528``. A resource IRI is not a document: it is
answered with 303 See Other to a document URL that ends in a format suffix (``.html``,
``.ttl``, ``.jsonld``, ``.rdf``, ``.nt``); what the document holds is descriptions.py's.

>>> canonical_iri("/id/commune/62528")
'https://w3id.org/coopgraph/id/commune/62528'
>>> split_suffix("/def/Territory.ttl")
('/def/Territory', 'ttl')
>>> split_suffix("/def/0.1.0")
('/def/0.1.0', None)

A request path is read as sent, percent-encoded: escapes of unreserved and non-ASCII
characters are decoded (the URI to IRI mapping of RFC 3987, 3.2), the others are kept, so
``/id/a%2Fb`` names ``.../id/a%2Fb``, not ``.../id/a/b``; headers carry the URI form.

>>> iri_path("/ref/%C3%A9nergie/a%2Fb%7E")
'/ref/énergie/a%2Fb~'
>>> uri_of("https://w3id.org/coopgraph/ref/énergie")
'https://w3id.org/coopgraph/ref/%C3%A9nergie'
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import Graph

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable
from coopgraph.iris import CANONICAL_BASE

NAMESPACES: tuple[str, ...] = ("def", "ref", "id", "shapes")
"""The path segments under the base whose IRIs dereference."""

_FILES = Path(__file__).parent


@dataclass(frozen=True)
class DocumentFormat:
    """One representation of a description: its file suffix, media type and name."""

    suffix: str
    media_type: str
    name: str


HTML_DOCUMENT = DocumentFormat("html", "text/html", "HTML")
"""The format of a description as a page for readers."""
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = (
    HTML_DOCUMENT,
    DocumentFormat("ttl", formats.TURTLE, "Turtle"),
    DocumentFormat("jsonld", formats.JSON_LD, "JSON-LD"),
    DocumentFormat("rdf", formats.RDF_XML, "RDF/XML"),
    DocumentFormat("nt", formats.N_TRIPLES, "N-Triples"),
)
"""Every format a description comes in; the first is the default (no Accept, ``*/*``)."""

_BY_SUFFIX = {f.suffix: f for f in DOCUMENT_FORMATS}
_BY_MEDIA_TYPE = {f.media_type: f for f in DOCUMENT_FORMATS}
_FORMAT_NAMES = {"turtle": "ttl", "json-ld": "jsonld", "rdfxml": "rdf", "xml": "rdf"}
_RDFLIB_NAMES = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt"}


def canonical_iri(path: str) -> str:
    """The persistent IRI a deployment path stands for."""
    return CANONICAL_BASE + path.lstrip("/")


def iri_path(raw_path: str) -> str:
    """The IRI form of a request path as sent; InputError when no IRI can hold it."""
    bad = _NOT_IN_IRI.search(raw_path)
    if bad is not None:
        shown = raw_path if len(raw_path) <= 80 else raw_path[:77] + "..."
        raise InputError(
            f"the path '{shown}' cannot name a coopgraph IRI: {bad.group()!r} at position "
            f"{bad.start()} is not allowed in an IRI (percent-encode it, e.g. %5E for ^)"
        )
    return _ESCAPES.sub(_decoded, raw_path)


def uri_of(iri: str) -> str:
    """The URI form of an IRI (non-ASCII characters percent-encoded), for HTTP headers."""
    return quote(iri, safe=_URI_SAFE)


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_NOT_IN_IRI = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f-\x9f]|%(?![0-9A-Fa-f]{2})')
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~"


def _decoded(escapes: re.Match[str]) -> str:
    """A run of %XX escapes with unreserved and non-ASCII characters decoded."""
    try:
        text = bytes.fromhex(escapes.group().replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return escapes.group()
    return "".join(c if c in _UNRESERVED or ord(c) >= 0xA0 else quote(c, safe="") for c in text)


def local_path(iri: str) -> str | None:
    """The deployment path of a persistent IRI, or None for an IRI from elsewhere.

    >>> local_path("https://w3id.org/coopgraph/ref/hypothesis")
    '/ref/hypothesis'
    """
    if not iri.startswith(CANONICAL_BASE):
        return None
    return "/" + iri[len(CANONICAL_BASE) :]


def split_suffix(path: str) -> tuple[str, str | None]:
    """The resource path and the document format suffix, if the path ends with one."""
    stem, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix and suffix in _BY_SUFFIX:
        return stem, suffix
    return path, None


def format_by_suffix(suffix: str) -> DocumentFormat:
    """The format of a document suffix (``ttl``) or ``?format=`` name (``turtle``)."""
    name = _FORMAT_NAMES.get(suffix.lower(), suffix.lower())
    if name not in _BY_SUFFIX:
        known = ", ".join(_BY_SUFFIX)
        raise InputError(f"unknown format '{suffix}'; use one of {known}")
    return _BY_SUFFIX[name]


def choose_document_format(accept: str | None, requested: str | None = None) -> DocumentFormat:
    """The format of the answer: ``?format=`` if given, else the Accept header's choice."""
    if requested:
        return format_by_suffix(requested)
    chosen = formats.negotiate(accept, tuple(_BY_MEDIA_TYPE))
    if chosen is None:
        offered = ", ".join(_BY_MEDIA_TYPE)
        raise NotAcceptable(f"cannot describe a resource as '{accept}'; offered: {offered}")
    return _BY_MEDIA_TYPE[chosen]


@cache
def prefixes() -> dict[str, str]:
    """The prefixes coopgraph writes RDF with (those of its JSON-LD context)."""
    context: dict[str, Any] = json.loads((_FILES / "context.jsonld").read_text("utf-8"))
    return {k: v for k, v in context["@context"].items() if isinstance(v, str)}


def new_graph() -> Graph:
    """An empty rdflib graph with coopgraph's prefixes bound."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in prefixes().items():
        graph.bind(prefix, namespace, override=True)
    return graph


def serialise_document(graph: Graph, document_format: DocumentFormat) -> bytes:
    """An RDF document of ``graph`` in one of the RDF formats."""
    name = _RDFLIB_NAMES[document_format.suffix]
    if name == "json-ld":
        return graph.serialize(format=name, context=prefixes(), encoding="utf-8")
    return graph.serialize(format=name, encoding="utf-8")
