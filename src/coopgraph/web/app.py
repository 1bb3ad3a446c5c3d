"""The app factory and its lifespan: open the store once, load the content, start workers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from coopgraph import __version__
from coopgraph.content import synchronise
from coopgraph.finding import IndexKeeper
from coopgraph.settings import Settings
from coopgraph.store import open_store
from coopgraph.validation import open_validator
from coopgraph.web import fair_share, http_errors
from coopgraph.web.deps import Services
from coopgraph.web.headers import EXPOSED_HEADERS
from coopgraph.web.routes import (
    admin,
    api,
    docs,
    graphs,
    health,
    pages,
    pictures,
    reconcile,
    resources,
    search,
    sparql,
    submissions,
    validate,
)
from coopgraph.web.templating import VENDORS, vendor_directory
from coopgraph.workers import open_runner

logger = logging.getLogger("coopgraph")
SITE_STATIC = Path(__file__).parent / "static" / "site"
"""coopgraph's own front-end files (the search box's script), served under /static/site."""


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
    add_middleware(app, settings)
    routers = (health, sparql, graphs, validate, submissions, admin, pages, resources, docs)
    for module in (search, reconcile):
        app.include_router(module.router)
    for module in routers:
        app.include_router(module.router)
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
    """Open the store, bring it up to date, start the workers; close them all at the end."""
    store = open_store(settings)
    try:
        if settings.load_content:
            await run_in_threadpool(
                synchronise, store, settings.content_root, logger.info, settings.examples
            )
        runner = open_runner(store, settings)
        validator = open_validator(store, runner, settings)
    except BaseException:
        store.close()
        raise
    app.state.services = Services(settings, store, runner, validator)
    app.state.finder = IndexKeeper(store)  # the search index, built at first use
    try:
        yield
    finally:
        validator.close()
        runner.close()
        store.close()


def add_middleware(app: FastAPI, settings: Settings) -> None:
    """Fair share of the query workers per client, then CORS (the outermost)."""
    app.add_middleware(
        fair_share.FairShare,
        limits=fair_share.Limits.from_settings(settings),
        clients=fair_share.Clients.from_settings(settings),
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=list(EXPOSED_HEADERS),
    )
