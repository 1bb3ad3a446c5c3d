"""coopgraph's own exceptions; library errors are translated into these at one boundary.

::

    CoopgraphError
    ├── InputError                  the caller sent something wrong (4xx)
    │   ├── QuerySyntaxError        a query or update that does not parse
    │   ├── RdfSyntaxError          RDF that does not parse (a SyntaxFault: where, why)
    │   ├── RefusedOperation        SERVICE, LOAD, nesting past the limit...
    │   ├── UnsupportedMediaType    a body type we cannot read
    │   ├── NotAcceptable           an Accept we cannot serve
    │   ├── TooLarge                a body past a size cap
    │   ├── NotFound                an unknown graph or resource
    │   └── QueryFailed             the engine gave up on this query (crash, memory)
    ├── AuthError
    │   ├── Unauthorized            no or unknown token
    │   └── Forbidden               a token without the needed right
    ├── QueryTimeout                past the deadline
    └── StoreError                  the store cannot work (locked, corrupt, unreachable)
        └── DiskFull                no space left on the server's disk: nothing written

Every error reads in English (``str``); ``in_language`` gives it in the reader's language
where coopgraph has the words (French or English), both when the language is not known.

>>> error = RdfSyntaxError.of(SyntaxFault("Unexpected end", 3, 8, "end", source="a.ttl"))
>>> error.in_language("fr")[:27]
'a.ttl, ligne 3, colonne 8 :'
>>> print(error.explanation("fr"))
le fichier se termine avant la fin de la dernière déclaration : terminez-la par un « . »
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass, replace

from coopgraph.languages import LANGUAGES, interface_words


class CoopgraphError(Exception):
    """The root of coopgraph's exceptions."""

    def in_language(self, lang: str | None) -> str:
        """The message in ``lang`` (fr or en; None: both); English where there are no words."""
        return str(self)


class InputError(CoopgraphError):
    """The caller sent something coopgraph cannot accept."""


class QuerySyntaxError(InputError):
    """A SPARQL query or update that does not parse."""


@dataclass(frozen=True)
class SyntaxFault:
    """Where a document stops parsing and why, for a message a steward can act on.

    ``kind`` names a fault coopgraph explains (``syntax_<kind>`` in messages/reports.json);
    empty, the parser's own words (``reason``, always kept) are the explanation. ``term`` is
    what the fault is about (a prefix, a character); ``excerpt`` the faulty line as written;
    ``noticed`` the line where the parser noticed a fault made on an earlier ``line``.
    """

    reason: str
    line: int | None = None
    column: int | None = None
    kind: str = ""
    term: str = ""
    source: str | None = None
    excerpt: str = ""
    noticed: int | None = None


class RdfSyntaxError(InputError):
    """RDF data that does not parse: its ``fault`` says where and why, when known."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        fault: SyntaxFault | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.fault = fault

    @classmethod
    def of(cls, fault: SyntaxFault) -> RdfSyntaxError:
        """The error of ``fault``, its message in English."""
        return cls(describe_fault(fault, "en"), fault.line, fault.column, fault)

    def located(self, source: str) -> RdfSyntaxError:
        """The same error, in the document called ``source``."""
        if self.fault is None:
            return RdfSyntaxError(f"{source}: {self}", self.line, self.column)
        return RdfSyntaxError.of(replace(self.fault, source=source))

    def in_language(self, lang: str | None) -> str:
        """The message in ``lang``, the place said once; French then English for None."""
        return self._in(lang, describe_fault)

    def explanation(self, lang: str | None) -> str:
        """What is wrong and what to do, without the place (a JSON answer gives it apart)."""
        return self._in(lang, explain_fault)

    def _in(self, lang: str | None, words: Callable[[SyntaxFault, str], str]) -> str:
        if self.fault is None:
            return str(self)
        if lang in LANGUAGES:
            return words(self.fault, lang)
        return " / ".join(words(self.fault, each) for each in LANGUAGES)

    def __reduce__(self) -> tuple[type[RdfSyntaxError], tuple[object, ...]]:
        # sent back by a worker: the fault crosses the process boundary with the message
        return type(self), (str(self), self.line, self.column, self.fault)


def describe_fault(fault: SyntaxFault, lang: str) -> str:
    """``source, line, column: what is wrong and what to do: “the line”`` in ``lang``."""
    words = interface_words("reports", lang)
    place = [fault.source] if fault.source else []
    if fault.line is not None:
        place.append(words["syntax_line"].format(line=fault.line))
    if fault.column is not None:
        place.append(words["syntax_column"].format(column=fault.column))
    text = explain_fault(fault, lang)
    if fault.excerpt:
        text += words["syntax_quoted"].format(excerpt=fault.excerpt)
    return words["syntax_at"].format(place=", ".join(place), text=text) if place else text


def explain_fault(fault: SyntaxFault, lang: str) -> str:
    """What is wrong and what to do, in ``lang``: the parser's words for an unknown fault."""
    words = interface_words("reports", lang)
    text = words.get(f"syntax_{fault.kind or 'other'}", words["syntax_other"])
    return text.format(term=fault.term, noticed=fault.noticed, reason=fault.reason)


class RefusedOperation(InputError):
    """An operation coopgraph refuses on purpose (SERVICE, LOAD, deep nesting)."""


class UnsupportedMediaType(InputError):
    """A request body in a media type coopgraph cannot read."""


class NotAcceptable(InputError):
    """No representation matches the request's Accept header."""


class TooLarge(InputError):
    """A request body past a size cap."""


class NotFound(InputError):
    """An unknown graph or resource."""


class QueryFailed(InputError):
    """The engine gave up on this query: its worker crashed or ran out of memory."""


class AuthError(CoopgraphError):
    """A write without the right credentials."""


class Unauthorized(AuthError):
    """No token, or a token coopgraph does not know."""


class Forbidden(AuthError):
    """A known token without the right needed here."""


class QueryTimeout(CoopgraphError):
    """A query still running at its deadline."""


class StoreError(CoopgraphError):
    """The store cannot work: locked by another process, corrupt, or unreachable."""


class DiskFull(StoreError):
    """No space left on the server's disk: the write was refused whole; it may be sent again
    once space is freed. The message names no server file (an engine's does)."""

    def __init__(self) -> None:
        super().__init__(
            "the server's disk is full: nothing was written; send it again once space is "
            "freed / le disque du serveur est plein : rien n'a été écrit ; renvoyez la demande "
            "quand de l'espace aura été libéré"
        )

    def __reduce__(self) -> tuple[type[DiskFull], tuple[()]]:
        return DiskFull, ()


def is_no_space(error: BaseException) -> bool:
    """True when ``error`` (or what it was raised from) says the disk is full: ENOSPC, or the
    words RocksDB puts in its own errors.

    >>> is_no_space(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_no_space(OSError("IO error: No space left on device: While appending to file: x"))
    True
    """
    seen: BaseException | None = error
    while seen is not None:
        if getattr(seen, "errno", None) == errno.ENOSPC or "no space left" in str(seen).lower():
            return True
        seen = seen.__cause__
    return False
