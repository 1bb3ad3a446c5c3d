"""The ``coopgraph`` command: the Typer app, ``serve``, and what every command shares.

The other commands are in :mod:`coopgraph.cli.store` (the store's content and operations),
:mod:`coopgraph.cli.content` (validation, stored queries, documentation) and
:mod:`coopgraph.cli.tokens`; the package registers them on :data:`app`, in this order.

Commands import what they use inside their body, never at the top of a module: ``coopgraph
--help`` then loads Typer and nothing heavy (pydantic-settings, rdflib, pyshacl, owlrl,
FastAPI...), and answers in well under half a second (bench/cli_bench.py).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coopgraph.cli import tokens as cli_tokens
from coopgraph.errors import CoopgraphError

if TYPE_CHECKING:
    from coopgraph.settings import Settings
    from coopgraph.store import Store

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
"""The ``--store`` option of every command that opens the store."""


def settings_of(store: str | None, **overrides: Any) -> Settings:
    """The settings of the environment, with the options given on the command line."""
    from coopgraph.settings import Settings

    values = {k: v for k, v in overrides.items() if v is not None}
    if store is not None:
        values["store"] = store
    return Settings(**values)


def fail(error: CoopgraphError, code: int = 1) -> typer.Exit:
    """Print the error in red on standard error; the exit to raise, with ``code``."""
    typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


@contextmanager
def opened(
    settings: Settings, failure: Callable[[CoopgraphError], typer.Exit] = fail
) -> Iterator[Store]:
    """The store of ``settings``, closed on leaving; one that cannot open ends the command.

    ``failure`` tells how: by default a one-line message and exit code 1.
    """
    from coopgraph.store import open_store

    try:
        store = open_store(settings)
    except CoopgraphError as exc:
        raise failure(exc) from exc
    try:
        yield store
    finally:
        store.close()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    store: StoreOption = None,
    examples: Annotated[
        bool | None,
        typer.Option(
            "--examples/--no-examples",
            help="Also load data/examples/, illustrative and marked so (COOPGRAPH_EXAMPLES).",
        ),
    ] = None,
) -> None:
    """Serve HTTP at once, and bring the store up to date with ontology/, shapes/, data/
    behind it: until then every request is answered 503 with the progress (a bar here on a
    terminal, log lines elsewhere), and a summary ends the start."""
    start_forkserver()
    settings = settings_of(store, host=host, port=port, examples=examples, background_start=True)
    with opened(settings):
        pass  # a locked or damaged store stops here, with a one-line message
    with _recorded(settings):
        _run(settings)


WORKER_MODULES = ("coopgraph.workers.worker", "coopgraph.validation.sandbox")
"""What the query and validation workers import, imported once by their forkserver."""


def start_forkserver() -> None:
    """Start the forkserver the workers are forked from, with :data:`WORKER_MODULES`
    imported: each worker starts with them instead of importing them itself (a sixth of a
    second of processor time per validation worker). ``serve`` starts it first, so that it
    imports them on the other core while this process imports the web app."""
    import multiprocessing
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(list(WORKER_MODULES))
    forkserver.ensure_running()


@contextmanager
def _recorded(settings: Settings) -> Iterator[None]:
    """Where this server listens, in the store's private folder while it runs: ``coopgraph
    validate`` validates through it when the store is held (cli/remote_validation.py)."""
    from coopgraph.cli.remote_validation import forget_server, listening_url, record_server

    private = settings.private_path
    if private is None:
        yield
        return
    record_server(private, listening_url(settings.host, settings.port))
    # uvicorn raises SIGTERM again once shut down, under the handler it found: ours ends the
    # process by SystemExit, through the finally below, where the default would kill it.
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        forget_server(private)


def _exit_on_signal(number: int, _frame: object) -> None:
    raise SystemExit(128 + number)


def _run(settings: Settings) -> None:
    """Run uvicorn on the app; on a terminal, its logs and ours printed above the bar."""
    import logging

    import uvicorn

    from coopgraph.cli.progress import Bar, log_through, on_terminal
    from coopgraph.web import create_app

    application = create_app(settings)
    host, port = settings.host, settings.port
    if not on_terminal():
        logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
        uvicorn.run(application, host=host, port=port, log_level="info")
        return
    bar = Bar()
    log_through(bar)
    application.state.readiness.watchers.append(bar)
    try:
        uvicorn.run(application, host=host, port=port, log_level="info", log_config=None)
    finally:
        bar.stop()


def main() -> None:
    """Entry point of the ``coopgraph`` command."""
    app()
