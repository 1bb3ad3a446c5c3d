"""The app factory and its lifespan: open the store once, load the content, start workers."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from coopgraph import __version__, formats
from coopgraph.content import Advance, synchronise
from coopgraph.errors import CoopgraphError
from coopgraph.finding import IndexKeeper
from coopgraph.settings import Settings
from coopgraph.store import AnswerFormats, DumpKeeper, Store, dumps_folder, open_store
from coopgraph.validation import Validator, open_validator
from coopgraph.web import fair_share, http_errors
from coopgraph.web.deps import Services
from coopgraph.web.headers import EXPOSED_HEADERS
from coopgraph.web.readiness import Readiness, ReadinessGate, Stopped
from coopgraph.web.routes import (
    admin,
    api,
    browse,
    docs,
    dumps,
    graphs,
    health,
    pages,
    pictures,
    reconcile,
    resources,
    search,
    sparql,
    steward,
    submissions,
    validate,
    workspace,
)
from coopgraph.web.templating import VENDORS, vendor_directory
from coopgraph.workers import QueryRunner, open_runner

logger = logging.getLogger("coopgraph")
SITE_STATIC = Path(__file__).parent / "static" / "site"
"""coopgraph's own front-end files (the search box's and workspace's scripts), at /static/site."""
_T = TypeVar("_T")
SYNC = 0.95
"""The share of a start that the synchronisation takes; opening the workers, the rest."""
STOP_SECONDS = 10.0
"""How long a stop waits for a background start to reach its next step."""


def create_app(settings: Settings) -> FastAPI:
    """A coopgraph app for these settings; the store opens when the app starts."""
    app = FastAPI(
        title="coopgraph",
        version=__version__,
        summary="Knowledge graph of territories in transition / graphe des territoires en "
        "transition",
        lifespan=partial(lifespan, settings),
        docs_url=None,  # web/routes/docs.py serves /docs and /redoc from local files
        redoc_url=None,
    )
    http_errors.install(app)
    app.state.readiness = Readiness(ready=not settings.background_start)
    add_middleware(app, settings)
    routers = (health, sparql, graphs, validate, submissions, admin, pages, resources, docs)
    for module in (search, reconcile, browse):
        app.include_router(module.router)
    for module in routers:
        app.include_router(module.router)
    app.include_router(dumps.router)
    app.include_router(steward.router)
    app.include_router(workspace.router)
    app.include_router(api.build_router(settings, pictures.add_routes))
    mount_vendors(app, settings)
    app.mount("/static/site", StaticFiles(directory=SITE_STATIC), name="site")
    return app


def mount_vendors(app: FastAPI, settings: Settings) -> None:
    """Serve each installed front-end package under ``/static/<name>``."""
    for vendor in VENDORS:
        folder = vendor_directory(settings, vendor)
        if folder is not None:
            app.mount(vendor.mount, StaticFiles(directory=folder), name=vendor.name)


@asynccontextmanager
async def lifespan(settings: Settings, app: FastAPI) -> AsyncIterator[None]:
    """Open the store, bring it up to date, start the workers; close them all at the end.

    With ``settings.background_start`` (``coopgraph serve``) the port opens at once: the rest
    goes on behind the readiness gate, which answers 503 with the progress until it is done."""
    opened = _Opened(open_store(settings))
    starting: asyncio.Task[None] | None = None
    try:
        if settings.background_start:
            starting = asyncio.create_task(_start_behind_the_gate(settings, app, opened))
        else:
            await _start(settings, app, opened)
        yield
    finally:
        app.state.readiness.stop()
        if starting is None or await _ended(starting):
            opened.close()


async def _ended(starting: asyncio.Task[None]) -> bool:
    """True once the background start ended, at its next step; False if it is still in one
    step after ``STOP_SECONDS``: the service then stops without closing what that step uses
    (its thread ends with the process; the next start takes the content up again)."""
    done, _ = await asyncio.wait({starting}, timeout=STOP_SECONDS)
    if not done:
        logger.warning("stopping during a step of the start; the next start takes it up again")
    return bool(done)


@dataclass
class _Opened:
    """What the start opened so far, to close in reverse order however far it went."""

    store: Store
    runner: QueryRunner | None = None
    validator: Validator | None = None
    dumps: DumpKeeper | None = None

    def close(self) -> None:
        for part in (self.dumps, self.validator, self.runner, self.store):
            if part is not None:
                part.close()


async def _start(settings: Settings, app: FastAPI, opened: _Opened) -> None:
    """Synchronise the content, open the workers and the services, and have every query
    worker open the store's snapshot before saying ready: the first query pays no cold cost."""
    readiness: Readiness = app.state.readiness
    began = time.monotonic()
    background = settings.background_start
    report = None
    # Behind the gate the workers start while the content loads (their processes and imports
    # need no content): only their snapshot is left for the end (_warm).
    workers = asyncio.ensure_future(_open_workers(settings, opened)) if background else None
    if settings.load_content:
        say = partial(_log_step, readiness)
        root, examples = settings.content_root, settings.examples
        try:
            report = await _maybe_in_thread(
                background, synchronise, opened.store, root, say, examples,
                partial(_scaled, readiness),
            )  # fmt: skip
        except BaseException:
            if workers is not None:  # opened.close() stops what they started
                await asyncio.gather(workers, return_exceptions=True)
            raise
    readiness.advance(Advance("workers", "starting the workers", "démarrage des processus", SYNC))
    await (workers or _open_workers(settings, opened))
    assert opened.runner is not None
    assert opened.validator is not None
    app.state.services = Services(settings, opened.store, opened.runner, opened.validator)
    app.state.finder = IndexKeeper(opened.store)  # the search index, built at first use
    opened.dumps = app.state.dumps = DumpKeeper(opened.store, dumps_folder(settings))
    await _warm(opened.runner, settings.query_workers)
    summary = report.summary() + "; " if report is not None else ""
    graphs = len(opened.store.graph_names())
    readiness.ready(
        f"{summary}{graphs} graphs in the store; ready in {time.monotonic() - began:.1f} s"
    )


async def _open_workers(settings: Settings, opened: _Opened) -> None:
    """Start the query and validation workers (``opened`` keeps them, to close)."""
    background = settings.background_start
    opened.runner = await _maybe_in_thread(background, open_runner, opened.store, settings)
    opened.validator = await _maybe_in_thread(
        background, open_validator, opened.store, opened.runner, settings
    )


async def _start_behind_the_gate(settings: Settings, app: FastAPI, opened: _Opened) -> None:
    """The start of a service whose port is open: a failure is logged in one line and told
    to every request (503), never raised; a stop during the start ends it quietly."""
    readiness: Readiness = app.state.readiness
    try:
        await _start(settings, app, opened)
    except Stopped:
        logger.info("stopped before the content was ready")
    except Exception as exc:  # told to every request and logged, without a traceback
        readiness.failed(exc)
        logger.error("%s", (readiness.error or {}).get("en"))
    else:
        logger.info("ready: %s", readiness.summary)


def _scaled(readiness: Readiness, step: Advance) -> None:
    """A step of the synchronisation, as a share of the whole start (the workers follow)."""
    readiness.advance(replace(step, fraction=step.fraction * SYNC))


def _log_step(readiness: Readiness, message: str) -> None:
    """A line of the synchronisation, logged; Stopped when the service is stopping."""
    readiness.check()
    logger.info(message)


async def _maybe_in_thread(background: bool, function: Callable[..., _T], *args: Any) -> _T:
    """``function(*args)``: in a daemon thread of its own when the port is already open (the
    event loop keeps answering, and a stop need not wait for a long step), else in the thread
    pool as it always ran."""
    if not background:
        return await run_in_threadpool(function, *args)
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def _settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def _run() -> None:
        try:
            result = function(*args)
        except BaseException as exc:  # handed to the event loop, which tells it
            outcome = partial(future.set_exception, exc)
        else:
            outcome = partial(future.set_result, result)
        with suppress(RuntimeError):  # the loop is closed: the service stopped meanwhile
            loop.call_soon_threadsafe(_settle, outcome)

    threading.Thread(target=_run, name="coopgraph-start", daemon=True).start()
    return await future


async def _warm(runner: QueryRunner, workers: int) -> None:
    """Have each query worker answer a first query, opening the store's snapshot now rather
    than on a visitor's first query; a failure here is logged, and queries try again later."""
    answers = AnswerFormats(formats.SPARQL_JSON, formats.TURTLE)
    try:
        await asyncio.gather(*(runner.answer("ASK {}", answers) for _ in range(workers)))
    except CoopgraphError as exc:
        logger.warning("the query workers could not open the store yet: %s", exc)


def add_middleware(app: FastAPI, settings: Settings) -> None:
    """Fair share of the query workers per client, the readiness gate over it, then CORS
    (the outermost)."""
    app.add_middleware(
        fair_share.FairShare,
        limits=fair_share.Limits.from_settings(settings),
        clients=fair_share.Clients.from_settings(settings),
    )
    app.add_middleware(ReadinessGate, readiness=app.state.readiness)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=list(EXPOSED_HEADERS),
    )
