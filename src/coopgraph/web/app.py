"""The app factory and its lifespan: open the store once, load the content, start workers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from coopgraph import __version__
from coopgraph.content import synchronise
from coopgraph.settings import Settings
from coopgraph.store import open_store
from coopgraph.validation import open_validator
from coopgraph.web import fair_share, http_errors
from coopgraph.web.routes import (
    admin,
    api,
    graphs,
    health,
    pages,
    resources,
    sparql,
    submissions,
    validate,
)
from coopgraph.web.services import Services
from coopgraph.web.templating import yasgui_directory
from coopgraph.workers import open_runner

logger = logging.getLogger("coopgraph")


def create_app(settings: Settings) -> FastAPI:
    """A coopgraph app for these settings; the store opens when the app starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings)
        try:
            if settings.load_content:
                await run_in_threadpool(synchronise, store, settings.content_root, logger.info)
            runner = open_runner(store, settings)
            validator = open_validator(store, runner, settings)
        except BaseException:
            store.close()
            raise
        app.state.services = Services(settings, store, runner, validator)
        try:
            yield
        finally:
            validator.close()
            runner.close()
            store.close()

    app = FastAPI(
        title="coopgraph",
        version=__version__,
        summary="Knowledge graph of territories in transition / graphe des territoires en "
        "transition",
        lifespan=lifespan,
    )
    http_errors.install(app)
    app.add_middleware(fair_share.FairShare, limits=fair_share.Limits.from_settings(settings))
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=[
            sparql.TRUNCATED_HEADER,
            sparql.ROW_CAP_HEADER,
            sparql.UNKNOWN_GRAPHS_HEADER,
            "Location",
        ],
    )
    for module in (health, sparql, graphs, validate, submissions, admin, pages, resources):
        app.include_router(module.router)
    app.include_router(api.build_router(settings))
    assets = yasgui_directory(settings)
    if assets is not None:
        app.mount("/static/yasgui", StaticFiles(directory=assets), name="yasgui")
    return app
