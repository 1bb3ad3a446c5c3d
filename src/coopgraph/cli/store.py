"""The store's commands: ``load``, ``query``, ``dump``, ``restore``, ``backup``, ``sync`` and
``reason``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coopgraph import formats
from coopgraph.cli.main import StoreOption, app, fail, opened, settings_of
from coopgraph.errors import CoopgraphError, InputError

if TYPE_CHECKING:
    from coopgraph.store import AnswerFormats


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
    from coopgraph.content import read_apart, read_rdf_file

    with opened(settings_of(store)) as target:
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
            raise fail(InputError(f"cannot read {exc.filename}: {exc.strerror}"), 2) from exc
        except CoopgraphError as exc:
            raise fail(InputError(f"{path}: {exc}")) from exc


def _query_text(text: str) -> str:
    """The query itself, or the text of the file ``@FILE`` names."""
    try:
        return Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    except OSError as exc:
        raise fail(InputError(f"cannot read the query file {text[1:]}: {exc.strerror}"), 2) from exc


def _answer_formats(output_format: str) -> AnswerFormats:
    """What ``--format`` asks a SELECT or ASK, and a graph, to be answered in."""
    from coopgraph.store import AnswerFormats

    media_type = formats.SHORT_NAMES.get(output_format)
    if media_type is None:
        known = ", ".join(formats.SHORT_NAMES)
        raise fail(InputError(f"unknown --format '{output_format}'; use one of {known}"), 2)
    is_graph = media_type in formats.GRAPH_MEDIA_TYPES
    graph = media_type if is_graph else formats.TURTLE
    return AnswerFormats(None if is_graph else media_type, graph)


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
    sparql = _query_text(text)
    chosen = _answer_formats(output_format)
    with opened(settings_of(store)) as target:
        try:
            answer = target.answer(sparql, chosen)
        except CoopgraphError as exc:
            raise fail(exc) from exc
    sys.stdout.buffer.write(answer.body)


@app.command()
def dump(
    output: Annotated[Path, typer.Argument(help="N-Quads file to write (- for standard output).")],
    store: StoreOption = None,
) -> None:
    """Write the whole store as N-Quads: the backup."""
    with opened(settings_of(store)) as source:
        try:
            if str(output) == "-":
                source.dump(sys.stdout.buffer)
            else:
                with output.open("wb") as handle:
                    source.dump(handle)
        except OSError as exc:
            raise fail(InputError(f"cannot write {output}: {exc.strerror}"), 2) from exc


@app.command()
def restore(
    source: Annotated[
        Path,
        typer.Argument(help="N-Quads file of `coopgraph dump`, or a backup folder."),
    ],
    store: StoreOption = None,
) -> None:
    """Replace the whole store with a dump or a backup, in one transaction."""
    from coopgraph.store import restore_backup

    settings = settings_of(store)
    with opened(settings) as target:
        try:
            if source.is_dir():
                count = restore_backup(target, source, settings.private_path)
            else:
                with source.open("rb") as handle:
                    count = target.restore(handle)
            typer.echo(f"restored {count} quads from {source}", err=True)
        except OSError as exc:
            raise fail(InputError(f"cannot read {source}: {exc.strerror}"), 2) from exc
        except CoopgraphError as exc:
            raise fail(exc) from exc


@app.command("backup")
def write_backup(
    folder: Annotated[Path, typer.Argument(help="Folder to write the backup into.")],
    store: StoreOption = None,
) -> None:
    """Write a consistent backup of a store no server holds (a running one: POST /admin/backup)."""
    from coopgraph.store import back_up

    settings = settings_of(store)
    with opened(settings) as source:
        try:
            made = back_up(source, folder, settings.private_path)
        except CoopgraphError as exc:
            raise fail(exc) from exc
    typer.echo(f"wrote {made.quads} quads into {made.folder}", err=True)


@app.command()
def sync(store: StoreOption = None) -> None:
    """Bring the store up to date with ontology/, shapes/ and data/ without serving."""
    from coopgraph.content import synchronise

    settings = settings_of(store)
    with opened(settings) as target:
        try:
            report = synchronise(
                target, settings.content_root, lambda m: typer.echo(m, err=True), settings.examples
            )
        except CoopgraphError as exc:
            raise fail(exc) from exc
    typer.echo(
        f"{len(report.loaded)} loaded, {len(report.unchanged)} unchanged, "
        f"{len(report.dropped)} dropped",
        err=True,
    )


@app.command()
def reason(store: StoreOption = None) -> None:
    """Rebuild every inferred graph (OWL 2 RL) and report inconsistencies; exit 1 if any."""
    from coopgraph.reasoning import rebuild

    with opened(settings_of(store)) as target:
        try:
            inferences = rebuild(target, lambda m: typer.echo(m, err=True))
        except CoopgraphError as exc:
            raise fail(exc) from exc
    found = sum(len(inference.inconsistencies) for inference in inferences)
    typer.echo(f"{len(inferences)} inferred graphs, {found} inconsistencies", err=True)
    if found:
        raise typer.Exit(1)
