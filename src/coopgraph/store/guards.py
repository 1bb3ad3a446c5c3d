"""What the store refuses, and how it reports, when an engine reads a document or a folder.

No engine is imported here: these rules hold whichever parser runs after them.

>>> list(capped(iter("ab"), 2))
['a', 'b']
>>> bulk_loadable(b"<a> <b> _:c .", "application/n-triples", None)
False
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from coopgraph import formats
from coopgraph.errors import (
    NotAcceptable,
    RdfSyntaxError,
    RefusedOperation,
    SyntaxFault,
    TooLarge,
)

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_PARSER_PLACE = re.compile(r"^Parser error (?:at|between) [^:]*?: ")
_FAULTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"dot is expected|followed by a dot|or a '\.' is expected"), "dot"),
    (re.compile(r"^The prefix (\S+) has not been declared"), "prefix"),
    (re.compile(r"^Unexpected end of file"), "unclosed"),
    (re.compile(r"^Unexpected end$"), "end"),
    (re.compile(r"^Invalid IRI code point '(.+)'"), "iri_character"),
    (re.compile(r"^(.+) is not a valid RDF object"), "object"),
    (re.compile(r"should end with a '\]'"), "bracket"),
    (re.compile(r"^Trailing commas are not allowed"), "trailing_comma"),
    (re.compile(r"LoadDocumentCallback"), "remote_context"),
)
_Item = TypeVar("_Item")


def refuse_doctype(data: bytes, is_rdf_xml: bool) -> None:
    """Refuse RDF/XML with a DOCTYPE before the engine reads it: pyoxigraph expands its
    entities without bound (650 bytes become 870 MB, a little more aborts the process)."""
    if is_rdf_xml and _DOCTYPE.search(data):
        raise RefusedOperation(
            "RDF/XML with a DOCTYPE is refused (its entities could expand without bound); "
            "remove the <!DOCTYPE ...> declaration"
        )


def capped(items: Iterator[_Item], cap: int) -> Iterator[_Item]:
    """The items (quads) as the parser yields them; TooLarge at the first one past ``cap``,
    so the parser reads no further."""
    for count, item in enumerate(items, start=1):
        if count > cap:
            raise TooLarge(f"the data holds more than {cap} triples")
        yield item


def bulk_loadable(data: bytes, media_type: str, graph: str | None) -> bool:
    """True for line-based documents without blank nodes, which the bulk loader takes as is
    (it keeps blank node labels, so documents with blank nodes get fresh ones through parse).
    """
    if b"_:" in data:
        return False
    kind = formats.readable_media_type(media_type)
    return kind == formats.N_TRIPLES or (kind == formats.N_QUADS and graph is None)


def rdf_error(exc: SyntaxError) -> RdfSyntaxError:
    """A parser's syntax error as ours: its place said once, the fault named when known.

    >>> error = SyntaxError("Parser error at line 2 column 6: The prefix zz: has not been declared")
    >>> error.lineno, error.offset = 2, 6
    >>> print(rdf_error(error))
    line 2, column 6: the prefix zz: is not declared: add @prefix zz: <...> . at the top of the \
file, or correct its spelling
    """
    line = exc.lineno if isinstance(exc.lineno, int) else None
    column = exc.offset if isinstance(exc.offset, int) else None
    reason = _PARSER_PLACE.sub("", exc.msg if isinstance(exc.msg, str) else str(exc))
    kind, term = next(
        ((kind, found.group(1) if found.groups() else "")
         for pattern, kind in _FAULTS if (found := pattern.search(reason))),
        ("", ""),
    )  # fmt: skip
    if kind == "iri_character" and not term.strip():
        term = f"U+{ord(term[0]):04X}"  # a space or a tab, named so it shows in quotes
    return RdfSyntaxError.of(SyntaxFault(reason, line, column, kind, term))


def required_format(media_type: str | None, what: str) -> str:
    """The negotiated media type for ``what``; NotAcceptable when there is none."""
    if media_type is None:
        raise NotAcceptable(f"the Accept header allows no format for {what}")
    return media_type


def open_failure(path: Path, exc: Exception) -> str:
    """Why the store folder ``path`` could not be opened, and what to do."""
    text = str(exc)
    if "lock" in text.lower():
        return (
            f"the store at {path} is in use by another process (a running `coopgraph serve`?); "
            "stop it or set COOPGRAPH_STORE to another folder"
        )
    return f"cannot open the store at {path}: {text}. Nothing was changed or deleted."
