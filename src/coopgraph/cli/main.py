"""The ``coopgraph`` command: a thin layer over the same functions as the web service."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from coopgraph import formats
from coopgraph.cli import tokens as cli_tokens
from coopgraph.content import read_apart, read_rdf_file, synchronise
from coopgraph.errors import CoopgraphError, InputError, StoreError
from coopgraph.linked_data import build_site
from coopgraph.questions import ask_text, option_values
from coopgraph.reasoning import rebuild
from coopgraph.settings import Settings
from coopgraph.store import AnswerFormats, Store, back_up, open_store, restore_backup
from coopgraph.validation import LANGUAGES, choose_format, load_shapes, read_files, render, validate

app = typer.Typer(
    help="coopgraph: the knowledge graph of territories in transition.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(cli_tokens.app, name="token")

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store folder, `memory`, or a SPARQL URL (COOPGRAPH_STORE)."),
]


def _settings(store: str | None, **overrides: Any) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    if store is not None:
        values["store"] = store
    return Settings(**values)


def _fail(error: CoopgraphError, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def _open(settings: Settings) -> Store:
    try:
        return open_store(settings)
    except CoopgraphError as exc:
        raise _fail(exc) from exc


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    store: StoreOption = None,
) -> None:
    """Bring the store up to date with ontology/, shapes/, data/ and serve HTTP."""
    import logging

    import uvicorn

    from coopgraph.web import create_app

    settings = _settings(store, host=host, port=port)
    _open(settings).close()  # a locked or damaged store stops here, with a one-line message
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


@app.command()
def load(
    files: Annotated[
        list[Path],
        typer.Argument(help="RDF files (.ttl, .nt, .nq, .trig, .rdf, .jsonld, optionally .gz)."),
    ],
    graph: Annotated[str | None, typer.Option(help="Named graph IRI to load into.")] = None,
    store: StoreOption = None,
) -> None:
    """Add RDF files to the store (N-Quads and TriG keep their own graphs)."""
    target = _open(_settings(store))
    path = files[0]
    try:
        for path in files:
            typer.echo(f"loading {path} ...", err=True)
            data, media_type = read_rdf_file(path)
            base = path.resolve().as_uri()
            data, media_type = read_apart(data, media_type, base, graph is not None)
            count = target.load(data, media_type, graph, base_iri=base)
            typer.echo(f"loaded {count} quads from {path}", err=True)
    except OSError as exc:
        raise _fail(InputError(f"cannot read {exc.filename}: {exc.strerror}"), 2) from exc
    except CoopgraphError as exc:
        raise _fail(InputError(f"{path}: {exc}")) from exc
    finally:
        target.close()


@app.command()
def query(
    text: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE to read it from a file.")],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="json, xml, csv, tsv for SELECT/ASK; turtle, nt, jsonld, rdfxml for graphs.",
        ),
    ] = "tsv",
    store: StoreOption = None,
) -> None:
    """Run a query on the store and print the answer."""
    try:
        sparql = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    except OSError as exc:
        raise _fail(
            InputError(f"cannot read the query file {text[1:]}: {exc.strerror}"), 2
        ) from exc
    media_type = formats.SHORT_NAMES.get(output_format)
    if media_type is None:
        raise _fail(
            InputError(
                f"unknown --format '{output_format}'; use one of {', '.join(formats.SHORT_NAMES)}"
            ),
            2,
        )
    is_graph = media_type in formats.GRAPH_MEDIA_TYPES
    chosen = AnswerFormats(
        None if is_graph else media_type, media_type if is_graph else formats.TURTLE
    )
    target = _open(_settings(store))
    try:
        answer = target.answer(sparql, chosen)
    except CoopgraphError as exc:
        raise _fail(exc) from exc
    finally:
        target.close()
    sys.stdout.buffer.write(answer.body)


@app.command()
def dump(
    output: Annotated[Path, typer.Argument(help="N-Quads file to write (- for standard output).")],
    store: StoreOption = None,
) -> None:
    """Write the whole store as N-Quads: the backup."""
    source = _open(_settings(store))
    try:
        if str(output) == "-":
            source.dump(sys.stdout.buffer)
        else:
            with output.open("wb") as handle:
                source.dump(handle)
    except OSError as exc:
        raise _fail(InputError(f"cannot write {output}: {exc.strerror}"), 2) from exc
    finally:
        source.close()


@app.command()
def restore(
    source: Annotated[
        Path,
        typer.Argument(help="N-Quads file of `coopgraph dump`, or a backup folder."),
    ],
    store: StoreOption = None,
) -> None:
    """Replace the whole store with a dump or a backup, in one transaction."""

    settings = _settings(store)
    target = _open(settings)
    try:
        if source.is_dir():
            count = restore_backup(target, source, settings.private_path)
        else:
            with source.open("rb") as handle:
                count = target.restore(handle)
        typer.echo(f"restored {count} quads from {source}", err=True)
    except OSError as exc:
        raise _fail(InputError(f"cannot read {source}: {exc.strerror}"), 2) from exc
    except CoopgraphError as exc:
        raise _fail(exc) from exc
    finally:
        target.close()


@app.command("backup")
def write_backup(
    folder: Annotated[Path, typer.Argument(help="Folder to write the backup into.")],
    store: StoreOption = None,
) -> None:
    """Write a consistent backup of a store no server holds (a running one: POST /admin/backup)."""

    settings = _settings(store)
    source = _open(settings)
    try:
        made = back_up(source, folder, settings.private_path)
    except CoopgraphError as exc:
        raise _fail(exc) from exc
    finally:
        source.close()
    typer.echo(f"wrote {made.quads} quads into {made.folder}", err=True)


@app.command()
def sync(store: StoreOption = None) -> None:
    """Bring the store up to date with ontology/, shapes/ and data/ without serving."""
    settings = _settings(store)
    target = _open(settings)
    try:
        report = synchronise(target, settings.content_root, lambda m: typer.echo(m, err=True))
    except CoopgraphError as exc:
        raise _fail(exc) from exc
    finally:
        target.close()
    typer.echo(
        f"{len(report.loaded)} loaded, {len(report.unchanged)} unchanged, "
        f"{len(report.dropped)} dropped",
        err=True,
    )


@app.command()
def reason(store: StoreOption = None) -> None:
    """Rebuild every inferred graph (OWL 2 RL) and report inconsistencies; exit 1 if any."""

    target = _open(_settings(store))
    try:
        inferences = rebuild(target, lambda m: typer.echo(m, err=True))
    except CoopgraphError as exc:
        raise _fail(exc) from exc
    finally:
        target.close()
    found = sum(len(inference.inconsistencies) for inference in inferences)
    typer.echo(f"{len(inferences)} inferred graphs, {found} inconsistencies", err=True)
    if found:
        raise typer.Exit(1)


@app.command()
def docs(
    output: Annotated[Path, typer.Argument(help="Folder to write the HTML documentation into.")],
) -> None:
    """Write the documentation of the ontology, referential and shapes as static HTML."""

    written = build_site(_settings(None).content_root, output)
    typer.echo(f"wrote {len(written)} files into {output}", err=True)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def ask(
    context: typer.Context,
    name: Annotated[str, typer.Argument(help="A stored query of queries/, e.g. action-effects.")],
    as_json: Annotated[bool, typer.Option("--json", help="The API's JSON, not a table.")] = False,
    lang: Annotated[str, typer.Option(help="Language of labels: fr or en.")] = "fr",
    store: StoreOption = None,
) -> None:
    """Ask a stored query: coopgraph ask NAME --PARAMETER VALUE ..."""

    settings = _settings(store)
    try:
        given = option_values(context.args)
    except InputError as exc:
        raise _fail(exc, 2) from exc
    target = _open(settings)
    try:
        text = ask_text(settings.content_root / "queries", name, given, target, lang, as_json)
    except CoopgraphError as exc:
        raise _fail(exc, 2 if isinstance(exc, InputError) else 1) from exc
    finally:
        target.close()
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

    settings = _settings(store)
    try:
        name = choose_format(None, output_format)
        if lang not in LANGUAGES:
            raise InputError(f"unknown --lang '{lang}'; use fr or en")
        submission = read_files(files, settings.max_validation_bytes)
    except OSError as exc:
        raise _fail(InputError(f"cannot read {exc.filename}: {exc.strerror}"), 2) from exc
    except CoopgraphError as exc:
        raise _fail(exc, 2) from exc
    try:
        target = open_store(settings)
    except CoopgraphError as exc:
        raise _fail(_without_store(exc), 3) from exc
    try:
        if settings.is_memory:
            synchronise(target, settings.content_root)
        shapes = load_shapes(settings.content_root / "shapes")
        report = validate(submission.graph, target, shapes, submission.locations)
    except StoreError as exc:
        raise _fail(_without_store(exc), 3) from exc
    except CoopgraphError as exc:
        raise _fail(exc, 3) from exc
    finally:
        target.close()
    text, _media_type = render(report, name, lang)
    sys.stdout.write(text)
    raise typer.Exit(0 if report.conforms else 1)


def _without_store(error: CoopgraphError) -> StoreError:
    """A store error of `validate`, with the ways to validate without that store."""
    return StoreError(
        f"{error}. Or validate without it: `coopgraph validate --store memory FILE...` loads "
        "the ontology, shapes and geography in memory first (slower), and a running server "
        "validates files POSTed to its /validate."
    )


def main() -> None:
    """Entry point of the ``coopgraph`` command."""
    app()
