"""Asking a stored query: check the values, bind them, run the query, analyse the rows.

Every form runs in the isolated query workers (coopgraph.workers) when the store is
embedded, like a public SPARQL query: a stored query past the deadline is killed with its
worker, so none can hang the service. Values are bound as the query's header says
(parameters.engine_bound: pyoxigraph substitutions, sent to the worker with the text, or VALUES
blocks); the worker answers SPARQL JSON, read back here into rows for the analyses. With a
remote store the query runs in a thread, at most ``gate`` at once, each awaited no longer
than the deadline. The web API and the CLI share this function.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import Graph, Literal
from rdflib.term import Identifier

from coopgraph import formats
from coopgraph.errors import QueryTimeout
from coopgraph.questions import analyses as analysis
from coopgraph.questions.findings import Findings, from_graph, plain
from coopgraph.questions.parameters import Values, engine_bound, read_values, with_used_values
from coopgraph.questions.stored_queries import StoredQuery
from coopgraph.store import Answer, AnswerFormats, Store, Table, read_boolean, read_table
from coopgraph.workers import QueryRunner

ENGINE_FORMATS = AnswerFormats(formats.SPARQL_JSON, formats.N_TRIPLES)
"""What the query workers answer a CONSTRUCT or DESCRIBE in, to be read back."""
Result = TypeVar("Result")
"""What the call run by :func:`bounded` returns."""


@dataclass(frozen=True)
class Limits:
    """How long to wait for a stored query, how many run at once, how many rows to keep."""

    deadline: float
    gate: asyncio.Semaphore
    row_cap: int | None = None


@dataclass(frozen=True)
class Asked:
    """A stored query's findings and the parameter values they answer."""

    findings: Findings
    values: Values


def _timeout(limits: Limits) -> QueryTimeout:
    return QueryTimeout(
        f"the stored query was still running after {limits.deadline:g} s, the deadline "
        "(COOPGRAPH_QUERY_TIMEOUT); narrow it with more parameters"
    )


async def bounded(call: Callable[[], Result], limits: Limits) -> Result:
    """``call()`` in a thread once the gate lets it in; QueryTimeout past the deadline.

    The gate opens again only when the thread ends, so abandoned queries still count.
    """
    try:
        await asyncio.wait_for(limits.gate.acquire(), limits.deadline)
    except TimeoutError as exc:
        raise _timeout(limits) from exc
    running = asyncio.ensure_future(asyncio.to_thread(call))
    running.add_done_callback(lambda done: _finished(done, limits.gate))
    try:
        return await asyncio.wait_for(asyncio.shield(running), limits.deadline)
    except TimeoutError as exc:
        raise _timeout(limits) from exc


def _finished(done: asyncio.Future[Any], gate: asyncio.Semaphore) -> None:
    """Open the gate again; an abandoned query's error is read so that none goes unheard."""
    gate.release()
    if not done.cancelled():
        done.exception()


async def run(
    text: str,
    bindings: Mapping[str, Identifier],
    store: Store,
    runner: QueryRunner,
    limits: Limits,
) -> Answer:
    """The answer of a query in the workers (their deadline), or else in a thread (``limits``)."""
    if runner.isolated:
        return await runner.answer(
            text, ENGINE_FORMATS, row_cap=limits.row_cap, bindings=bindings or None
        )
    return await bounded(
        lambda: store.answer(
            text, ENGINE_FORMATS, row_cap=limits.row_cap, bindings=bindings or None
        ),
        limits,
    )


def rows_of(answer: Answer) -> Table:
    """The rows of a SELECT's SPARQL JSON answer (an ASK's boolean as one ``result`` row)."""
    if answer.kind == "boolean":
        return Table(("result",), [{"result": Literal(read_boolean(answer.body))}])
    return read_table(answer.body)


def findings_of(query: StoredQuery, answer: Answer, values: Values) -> Findings:
    """The rows of the answer (cut at the row cap if it says so), analysed if the query
    names an analysis."""
    table = rows_of(answer)
    analysed = analysis.analyse(query, table, values)
    if analysed is None:
        return plain(table, answer.truncated)
    analysed.truncated = answer.truncated
    return analysed


async def ask(
    query: StoredQuery,
    given: Mapping[str, Sequence[str]],
    store: Store,
    runner: QueryRunner,
    limits: Limits,
) -> Asked:
    """Check and bind the values, run the query, analyse its rows."""
    values = await asyncio.to_thread(read_values, query, given, store)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        answer = await run(with_used_values(query.text, values), {}, store, runner, limits)
        graph = Graph().parse(data=answer.body, format="nt")
        return Asked(from_graph(graph, answer.truncated), values)
    answer = await run(*engine_bound(query, values), store, runner, limits)
    findings = await asyncio.to_thread(findings_of, query, answer, values)
    return Asked(findings, values)
