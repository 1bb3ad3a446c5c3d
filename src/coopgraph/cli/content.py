"""The commands over coopgraph's content: ``validate`` files, ``ask`` a stored query, write the
``docs``; and reading a stored query's parameters from the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coopgraph.cli.main import StoreOption, app, fail, opened, settings_of
from coopgraph.errors import CoopgraphError, InputError, NotFound, StoreError
from coopgraph.formats import SHEET_SUFFIXES
from coopgraph.languages import LANGUAGES

if TYPE_CHECKING:
    from rdflib import Graph

    from coopgraph.questions import Asked, StoredQuery
    from coopgraph.settings import Settings
    from coopgraph.store import Store
    from coopgraph.validation.uploads import Submission


@app.command()
def docs(
    output: Annotated[Path, typer.Argument(help="Folder to write the HTML documentation into.")],
) -> None:
    """Write the documentation of the ontology, referential, shapes and transfer as static HTML."""
    from coopgraph.linked_data import build_documentation_site
    from coopgraph.questions import dot_svg

    written = build_documentation_site(settings_of(None).content_root, output, dot_svg)
    typer.echo(f"wrote {len(written)} files into {output}", err=True)


@app.command()
def template(
    output: Annotated[Path, typer.Argument(help="File to write: a workbook, or a zip of CSVs.")],
    output_format: Annotated[str, typer.Option("--format", help="xlsx or csv.")] = "xlsx",
) -> None:
    """Write the stewards' spreadsheet template, generated from the shapes."""
    from coopgraph.validation import write_template

    try:
        data = write_template(settings_of(None).content_root, output_format)
        output.write_bytes(data)
    except OSError as exc:
        raise fail(InputError(f"cannot write {exc.filename}: {exc.strerror}"), 2) from exc
    except InputError as exc:
        raise fail(exc, 2) from exc
    typer.echo(f"wrote {output} ({len(data)} bytes)", err=True)


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
        list[Path],
        typer.Argument(help="RDF files (.ttl, .nt, .jsonld...) or spreadsheets (.xlsx, .csv)."),
    ],
    output_format: Annotated[
        str, typer.Option("--format", help="text, json, turtle, jsonld, csv or html.")
    ] = "text",
    lang: Annotated[str, typer.Option(help="Language of the messages: fr or en.")] = "fr",
    store: StoreOption = None,
    server: Annotated[
        str | None,
        typer.Option("--server", help="URL of a running coopgraph: validate through its API."),
    ] = None,
) -> None:
    """Validate files against the shapes: exit 0 if they conform, 1 on violations, 2 if
    unreadable, 3 if the store (or the server) cannot help. While `coopgraph serve` holds the
    store, validates through that server."""
    from coopgraph.cli.remote_validation import validate_through
    from coopgraph.validation import (
        choose_report_format,
        load_shapes,
        render_report,
        validate,
        with_findings,
    )

    settings = settings_of(store)
    try:
        name = choose_report_format(None, output_format)
        if lang not in LANGUAGES:
            raise InputError(f"unknown --lang '{lang}'; use fr or en")
    except CoopgraphError as exc:
        raise fail(_in_language(exc, lang), 2) from exc
    if server is not None:
        raise typer.Exit(validate_through(server, files, name, lang))
    # Read before a store opens; spreadsheets again with a store on disk or remote, whose
    # geography tells their territory names (one in memory loads only what is needed).
    limit = settings.max_validation_bytes
    submission = _read_submission(files, limit, lang)
    tables = not settings.is_memory and any(p.suffix.lower() in SHEET_SUFFIXES for p in files)
    held = partial(_through_holder, settings=settings, files=files, name=name, lang=lang)
    with opened(settings, held) as target:
        if tables:
            submission = _read_submission(files, limit, lang, target)
        try:
            if settings.is_memory:
                _load_needs(target, settings.content_root, submission.graph)
            shapes = load_shapes(settings.content_root / "shapes")
            report = with_findings(
                validate(submission.graph, target, shapes, submission.locations, submission.texts),
                submission.findings,
            )
        except StoreError as exc:
            raise fail(_without_store(exc), 3) from exc
        except CoopgraphError as exc:
            raise fail(exc, 3) from exc
    text, _media_type = render_report(report, name, lang)
    sys.stdout.write(text)
    raise typer.Exit(0 if report.conforms else 1)


def _read_submission(
    files: list[Path], limit: int, lang: str, store: Store | None = None
) -> Submission:
    """The files read into one graph (territory names found in the ``store``'s geography);
    an unreadable one ends the command (exit 2)."""
    from coopgraph.validation import read_files

    try:
        return read_files(files, limit, store)
    except OSError as exc:
        raise fail(InputError(f"cannot read {exc.filename}: {exc.strerror}"), 2) from exc
    except CoopgraphError as exc:
        raise fail(_in_language(exc, lang), 2) from exc


def _through_holder(
    error: CoopgraphError, *, settings: Settings, files: list[Path], name: str, lang: str
) -> typer.Exit:
    """When the store cannot open: validate through the `coopgraph serve` holding it, if one
    is recorded in its private folder and lives; else exit 3 with the ways out."""
    from coopgraph.cli.remote_validation import recorded_server, validate_through

    local = not (settings.is_memory or settings.is_remote)
    url = recorded_server(settings.private_path) if local else None
    if url is None:
        return fail(_without_store(error), 3)
    typer.echo(
        f"the store is held by coopgraph serve at {url}: validating through it / "
        f"le dépôt est tenu par coopgraph serve à {url} : validation par ce serveur",
        err=True,
    )
    return typer.Exit(validate_through(url, files, name, lang))


def _load_needs(store: Store, content_root: Path, submission: Graph) -> None:
    """Load what validation needs into the store in memory, telling each step on stderr."""
    import time

    from coopgraph.content import load_validation_needs

    started = time.monotonic()
    triples = load_validation_needs(store, content_root, submission, _step)
    _step(
        f"{triples} triples chargés en {time.monotonic() - started:.1f} s, validation... / "
        f"{triples} triples loaded in {time.monotonic() - started:.1f} s, validating..."
    )


def _step(line: str) -> None:
    typer.secho(line, err=True, dim=True)


def _in_language(error: CoopgraphError, lang: str) -> CoopgraphError:
    """The error as printed under ``--lang`` (both languages when it is neither fr nor en)."""
    return InputError(error.in_language(lang if lang in LANGUAGES else None))


def _without_store(error: CoopgraphError) -> StoreError:
    """A store error of `validate`, with the ways to validate without that store."""
    return StoreError(
        f"{error}. Or validate without it: `coopgraph validate --store memory FILE...` loads "
        "the ontology, the shapes and the territories the files name in memory first, and "
        "`coopgraph validate --server URL FILE...` validates through a running server's "
        "/validate."
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
