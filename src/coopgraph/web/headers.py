"""coopgraph's own HTTP headers: what an answer says of its limits, what a request may name.

The answers of ``/sparql`` and ``/api`` state the row cap and whether it cut them, never
silently; browsers may read these (CORS exposes them).
"""

from __future__ import annotations

TRUNCATED_HEADER = "Coopgraph-Truncated"
"""``true`` when the answer was cut at the row cap."""
ROW_CAP_HEADER = "Coopgraph-Row-Cap"
"""The most rows or triples one answer holds (COOPGRAPH_ROW_CAP)."""
UNKNOWN_GRAPHS_HEADER = "Coopgraph-Unknown-Graphs"
"""Graphs of default-graph-uri or named-graph-uri the store does not hold: the protocol
answers over them as empty graphs, and this header says so."""
TERRITORY_HEADER = "Coopgraph-Territory"
"""The territory a submission is for, when ``?territory=`` does not name it."""

CACHE_HEADER = "Coopgraph-Cache"
"""Whether an answer came from the answer cache: ``hit``, ``miss`` or ``off``."""

EXPOSED_HEADERS = (
    TRUNCATED_HEADER,
    ROW_CAP_HEADER,
    UNKNOWN_GRAPHS_HEADER,
    CACHE_HEADER,
    "Location",
    "ETag",
    "Retry-After",
)
"""The answer headers a browser script may read beyond CORS's safelisted ones: ours, where a
new resource is, the validator to send back, and how long to wait while the content loads."""
