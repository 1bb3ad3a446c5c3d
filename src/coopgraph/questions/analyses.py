"""What SPARQL alone does not do: walk causal chains, rank peers, find bridging actors.

A stored query names its analysis in its header (``analysis: effects``); the analysis turns
the query's rows and the request's parameter values into findings.
"""

from __future__ import annotations

from collections.abc import Callable

from coopgraph.errors import InputError
from coopgraph.questions.cooperation import network
from coopgraph.questions.effects import effects
from coopgraph.questions.findings import Findings
from coopgraph.questions.parameters import Values
from coopgraph.questions.stored_queries import StoredQuery
from coopgraph.questions.transfer import peers
from coopgraph.store import Table

Analysis = Callable[[Table, Values], Findings]
"""What an analysis is: rows and parameter values in, findings out."""
ANALYSES: dict[str, Analysis] = {"effects": effects, "peers": peers, "network": network}
"""Each analysis by the name a query header gives it."""
REQUIRED_PARAMETERS = {"effects": ("action",)}
"""The parameters an analysis needs, which a query naming it must declare required."""
DRAWN_ANALYSES = ("effects", "network")
"""Analyses whose findings come with a drawing."""
GRAPH_SHAPED_ANALYSES = ("effects",)
"""Analyses whose findings come with an RDF graph."""


def check_analysis(query: StoredQuery) -> None:
    """InputError naming the file if its header names an unknown analysis or misses a need."""
    if query.analysis is None:
        return
    if query.analysis not in ANALYSES:
        known = ", ".join(ANALYSES)
        raise InputError(f"{query.source}: analysis '{query.analysis}' is not one of {known}")
    for name in REQUIRED_PARAMETERS.get(query.analysis, ()):
        parameter = query.parameter(name)
        if parameter is None or not parameter.required:
            raise InputError(
                f"{query.source}: analysis '{query.analysis}' needs a required parameter '{name}'"
            )


def analyse(query: StoredQuery, table: Table, values: Values) -> Findings | None:
    """The findings of the query's analysis, or None when it has none."""
    return ANALYSES[query.analysis](table, values) if query.analysis else None
