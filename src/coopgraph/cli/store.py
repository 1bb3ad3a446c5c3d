"""The store's commands: ``load``, ``query``, ``dump``, ``restore``, ``backup``, ``sync`` and
``reason``.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coopgraph import formats
from coopgraph.cli.main import StoreOption, app, fail, opened, settings_of
from coopgraph.errors import CoopgraphError, InputError

if TYPE_CHECKING:
    from coopgraph.cli.progress import Lines
    from coopgraph.store import AnswerFormats, Store


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
    from coopgraph.cli.progress import showing

    with opened(settings_of(store)) as target, showing() as display:
        try:
            quads = _load_files(target, files, graph, display)
        except OSError as exc:
            display.stop()
            raise fail(InputError(f"cannot read {exc.filename}: {exc.strerror}"), 2) from exc
        except CoopgraphError as exc:
            display.stop()
            raise fail(exc) from exc
        display.ready(f"{quads:,} quads loaded from {len(files)} files; {display.elapsed()}")


def _load_files(target: Store, files: list[Path], graph: str | None, display: Lines) -> int:
    """Load the files one by one, the bar moved by their sizes; the quads loaded."""
    from coopgraph.content import Advance, read_apart, read_rdf_file

    total = max(sum(path.stat().st_size for path in files), 1)
    done = quads = 0
    for path in files:
        english, french = f"loading {path.name}", f"chargement de {path.name}"
        display.advance(Advance("loading", english, french, done / total))
        display.say(f"loading {path} ...")
        try:
            data, media_type = read_rdf_file(path)
            base = path.resolve().as_uri()
            data, media_type = read_apart(data, media_type, base, graph is not None)
            count = target.load(data, media_type, graph, base_iri=base)
        except CoopgraphError as exc:
            raise InputError(f"{path}: {exc}") from exc
        display.say(f"loaded {count} quads from {path}")
        done, quads = done + path.stat().st_size, quads + count
    display.advance(Advance("loaded", "loaded", "chargé", 1.0))
    return quads


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
    """Replace the whole store with a dump or a backup, in one transaction; a backup's private
    files are merged with those present (tokens revoked since stay revoked, the audit record
    only grows); the restore is itself audited."""
    settings = settings_of(store)
    with opened(settings) as target:
        try:
            if source.is_dir():
                count, merged, identified = _restore_folder(target, source, settings.private_path)
            else:
                with source.open("rb") as handle:
                    count, merged, identified = target.restore(handle), "", source
            _audit_restore(settings.private_path, identified)
            typer.echo(f"restored {count} quads from {source}{merged}", err=True)
        except OSError as exc:
            raise fail(InputError(f"cannot read {source}: {exc.strerror}"), 2) from exc
        except CoopgraphError as exc:
            raise fail(exc) from exc


def _restore_folder(target: Store, folder: Path, private: Path | None) -> tuple[int, str, Path]:
    """Restore a backup folder and merge its private files into ``private``: the quad count,
    what was merged, the manifest."""
    from coopgraph.access import Keyring
    from coopgraph.store import restore_backup
    from coopgraph.submissions import merge_audit

    had_tokens = private is not None and Keyring(private).path.is_file()
    restored = restore_backup(target, folder, private)
    if private is None or restored.private is None:
        return restored.quads, "", restored.manifest
    keyring, kept = Keyring(private), Keyring(restored.private)
    back = keyring.merge(kept, restored.taken) if had_tokens else []
    lines = merge_audit(private, restored.private)
    merged = f"; {len(back)} tokens and {lines} audit lines merged back"
    return restored.quads, merged, restored.manifest


def _audit_restore(private: Path | None, source: Path) -> None:
    """The audit line of a restore from ``source`` (a dump, or a backup's manifest), by the
    system user who ran it."""
    from coopgraph.submissions import record_restore

    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    try:
        user = pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        user = str(os.getuid())
    record_restore(private, f"cli:{user}", digest.hexdigest(), source.stat().st_size)


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
    from coopgraph.cli.progress import showing
    from coopgraph.content import synchronise

    settings = settings_of(store)
    with opened(settings) as target, showing() as display:
        try:
            report = synchronise(
                target, settings.content_root, display.say, settings.examples, display.advance
            )
        except CoopgraphError as exc:
            display.stop()
            raise fail(exc) from exc
        display.ready(f"{report.summary()}; {display.elapsed()}")


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
