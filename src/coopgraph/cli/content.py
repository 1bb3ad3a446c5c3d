"""The commands over coopgraph's content: ``validate`` files, ``ask`` a stored query, write the
``docs``; and reading a stored query's parameters from the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coopgraph.cli.main import StoreOption, app, fail, opened, settings_of
from coopgraph.errors import CoopgraphError, InputError, NotFound, StoreError
from coopgraph.languages import LANGUAGES

if TYPE_CHECKING:
    from coopgraph.questions import Asked, StoredQuery
    from coopgraph.store import Store


@app.command()
def docs(
    output: Annotated[Path, typer.Argument(help="Folder to write the HTML documentation into.")],
) -> None:
    """Write the documentation of the ontology, referential and shapes as static HTML."""
    from coopgraph.linked_data import build_documentation_site

    written = build_documentation_site(settings_of(None).content_root, output)
    typer.echo(f"wrote {len(written)} files into {output}", err=True)


@app.command("ask", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def ask_stored_query(
    context: typer.Context,
    name: Annotated[str, typer.Argument(help="A stored query of queries/, e.g. action-effects.")],
    as_json: Annotated[bool, typer.Option("--json", help="The API's JSON, not a table.")] = False,
    lang: Annotated[str, typer.Option(help="Language of labels: fr or en.")] = "fr",
    store: StoreOption = None,
) -> None:
    """Ask a stored query: coopgraph ask NAME --PARAMETER VALUE ..."""
    settings = settings_of(store)
    try:
        given = option_values(context.args)
    except InputError as exc:
        raise fail(exc, 2) from exc
    with opened(settings) as target:
        try:
            text = ask_text(settings.content_root / "queries", name, given, target, lang, as_json)
        except CoopgraphError as exc:
            raise fail(exc, 2 if isinstance(exc, InputError) else 1) from exc
    typer.echo(text, nl=False)


@app.command("validate")
def validate_files(
    files: Annotated[
        list[Path], typer.Argument(help="RDF files to check (.ttl, .nt, .jsonld...).")
    ],
    output_format: Annotated[
        str, typer.Option("--format", help="text, json, turtle, jsonld, csv or html.")
    ] = "text",
    lang: Annotated[str, typer.Option(help="Language of the messages: fr or en.")] = "fr",
    store: StoreOption = None,
) -> None:
    """Validate files against the shapes: exit 0 if they conform, 1 on violations, 2 if
    unreadable, 3 if the store cannot help."""
    from coopgraph.content import synchronise
    from coopgraph.validation import (
        choose_report_format,
        load_shapes,
        read_files,
        render_report,
        validate,
    )

    settings = settings_of(store)
    try:
        name = choose_report_format(None, output_format)
        if lang not in LANGUAGES:
            raise InputError(f"unknown --lang '{lang}'; use fr or en")
        submission = read_files(files, settings.max_validation_bytes)
    except OSError as exc:
        raise fail(InputError(f"cannot read {exc.filename}: {exc.strerror}"), 2) from exc
    except CoopgraphError as exc:
        raise fail(_in_language(exc, lang), 2) from exc
    with opened(settings, lambda exc: fail(_without_store(exc), 3)) as target:
        try:
            if settings.is_memory:
                synchronise(target, settings.content_root)
            shapes = load_shapes(settings.content_root / "shapes")
            report = validate(
                submission.graph, target, shapes, submission.locations, submission.texts
            )
        except StoreError as exc:
            raise fail(_without_store(exc), 3) from exc
        except CoopgraphError as exc:
            raise fail(exc, 3) from exc
    text, _media_type = render_report(report, name, lang)
    sys.stdout.write(text)
    raise typer.Exit(0 if report.conforms else 1)


def _in_language(error: CoopgraphError, lang: str) -> CoopgraphError:
    """The error as printed under ``--lang`` (both languages when it is neither fr nor en)."""
    return InputError(error.in_language(lang if lang in LANGUAGES else None))


def _without_store(error: CoopgraphError) -> StoreError:
    """A store error of `validate`, with the ways to validate without that store."""
    return StoreError(
        f"{error}. Or validate without it: `coopgraph validate --store memory FILE...` loads "
        "the ontology, shapes and geography in memory first (slower), and a running server "
        "validates files POSTed to its /validate."
    )


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


def find_query(queries: Mapping[str, StoredQuery], name: str) -> StoredQuery:
    """The stored query called ``name``, or NotFound listing the names there are."""
    if name not in queries:
        raise NotFound(f"no stored query '{name}'; there are: {', '.join(queries) or 'none'}")
    return queries[name]


async def _ask_once(query: StoredQuery, given: Mapping[str, Sequence[str]], store: Store) -> Asked:
    import asyncio

    from coopgraph.questions import Limits, ask
    from coopgraph.workers import InlineRunner

    limits = Limits(deadline=3600.0, gate=asyncio.Semaphore(1))
    return await ask(query, given, store, InlineRunner(store), limits)


def ask_text(
    folder: Path, name: str, given: Mapping[str, Sequence[str]], store: Store, lang: str,
    as_json: bool,
) -> str:  # fmt: skip
    """A stored query's answer for the command line: a text table, or the API's JSON."""
    import asyncio

    from coopgraph.questions import (
        cell_json,
        findings_json,
        iri_labels,
        iris_of,
        load_queries,
        text_table,
    )

    query = find_query(load_queries(folder), name)
    asked = asyncio.run(_ask_once(query, given, store))
    records = asked.findings.records
    names = iri_labels(store, iris_of(records, asked.findings.summary), lang)
    if not as_json:
        return text_table(asked.findings, records, names, lang)
    head = {"query": name, "parameters": cell_json(asked.values, names, lang)}
    return findings_json(asked.findings, records, names, lang, head).decode() + "\n"
