"""Asking a stored query: check the values, bind them, run the query, analyse the rows.

The same function serves the web API (through the isolated query workers, so that a slow
query meets the deadline and never holds the service) and the CLI (in a thread).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from coopgraph import analysis, formats, renderings
from coopgraph.bindings import Values, read_values, with_values
from coopgraph.errors import InputError, NotFound
from coopgraph.findings import Findings, from_graph, parse_results, plain
from coopgraph.store.base import Answer, AnswerFormats, Store
from coopgraph.store.isolation import InlineRunner, QueryRunner
from coopgraph.stored_queries import StoredQuery, load_queries

ENGINE_FORMATS = AnswerFormats(formats.SPARQL_JSON, formats.N_TRIPLES)
"""What the engine answers in, to be read back: SPARQL JSON results, or N-Triples."""


@dataclass(frozen=True)
class Asked:
    """A stored query's findings and the parameter values they answer."""

    findings: Findings
    values: Values


def bound_text(query: StoredQuery, given: Mapping[str, Sequence[str]], store: Store) -> str:
    """The query's text with the request's checked values bound in it."""
    return with_values(query.text, read_values(query, given, store))


def findings_of(query: StoredQuery, answer: Answer, values: Values) -> Findings:
    """The engine's answer read back, then analysed if the query names an analysis."""
    if answer.kind == "graph":
        graph = Graph().parse(data=answer.body, format="nt")
        return from_graph(graph, answer.truncated)
    table = parse_results(answer.body)
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
    row_cap: int | None,
) -> Asked:
    """Check and bind the values, run the query through ``runner``, analyse its rows."""
    values = await asyncio.to_thread(read_values, query, given, store)
    answer = await runner.answer(with_values(query.text, values), ENGINE_FORMATS, row_cap=row_cap)
    findings = await asyncio.to_thread(findings_of, query, answer, values)
    return Asked(findings, values)


def option_values(arguments: list[str]) -> dict[str, list[str]]:
    """``--name value`` and ``--name=value`` pairs of a command line, by name.

    >>> option_values(["--action", "http://ex/a", "--depth=3", "--action", "http://ex/b"])
    {'action': ['http://ex/a', 'http://ex/b'], 'depth': ['3']}
    """
    given: dict[str, list[str]] = {}
    pending = list(arguments)
    while pending:
        option = pending.pop(0)
        if not option.startswith("--") or len(option) == 2:
            raise InputError(f"expected --PARAMETER VALUE, found '{option}'")
        name, equals, value = option[2:].partition("=")
        if not equals:
            if not pending:
                raise InputError(f"--{name} needs a value")
            value = pending.pop(0)
        given.setdefault(name, []).append(value)
    return given


def find(queries: Mapping[str, StoredQuery], name: str) -> StoredQuery:
    """The stored query called ``name``, or NotFound listing the names there are."""
    if name not in queries:
        raise NotFound(f"no stored query '{name}'; there are: {', '.join(queries) or 'none'}")
    return queries[name]


def ask_text(
    folder: Path, name: str, given: Mapping[str, Sequence[str]], store: Store, lang: str,
    as_json: bool,
) -> str:  # fmt: skip
    """A stored query's answer for the command line: a text table, or the API's JSON."""
    query = find(load_queries(folder), name)
    asked = asyncio.run(ask(query, given, store, InlineRunner(store), None))
    records = asked.findings.records
    names = renderings.labels(store, renderings.iris_of(records, asked.findings.summary), lang)
    if not as_json:
        return renderings.text_table(asked.findings, records, names, lang)
    head = {"query": name, "parameters": renderings.cell_json(asked.values, names, lang)}
    return renderings.to_json(asked.findings, records, names, lang, head).decode() + "\n"
