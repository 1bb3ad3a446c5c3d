"""coopgraph's own exceptions; library errors are translated into these at one boundary.

::

    CoopgraphError
    ├── InputError                  the caller sent something wrong (4xx)
    │   ├── QuerySyntaxError        a query or update that does not parse
    │   ├── RdfSyntaxError          RDF that does not parse (line, column)
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
"""

from __future__ import annotations


class CoopgraphError(Exception):
    """The root of coopgraph's exceptions."""


class InputError(CoopgraphError):
    """The caller sent something coopgraph cannot accept."""


class QuerySyntaxError(InputError):
    """A SPARQL query or update that does not parse."""


class RdfSyntaxError(InputError):
    """RDF data that does not parse."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


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
