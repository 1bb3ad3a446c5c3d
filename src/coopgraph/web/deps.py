"""What the app opens once (:class:`Services`) and the routes' dependencies, as ``Annotated``
aliases: settings, store, query runner, validator, the caller's rights, the submission workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from coopgraph.access import Identity, identify, keyring_of, require_admin
from coopgraph.settings import Settings
from coopgraph.store import Store
from coopgraph.submissions import Workspace
from coopgraph.validation import Validator
from coopgraph.workers import QueryRunner


@dataclass
class Services:
    """The settings, the store, the runner of public queries, the validation workers."""

    settings: Settings
    store: Store
    runner: QueryRunner
    validator: Validator


def services_of(request: Request) -> Services:
    """What the app opened at start, for this request."""
    services: Services = request.app.state.services
    return services


# The four below are coroutines only so that FastAPI calls them on the event loop: it runs
# plain functions in its thread pool, a thread hop per dependency and request.
async def _settings(request: Request) -> Settings:
    return services_of(request).settings


async def _store(request: Request) -> Store:
    return services_of(request).store


async def _runner(request: Request) -> QueryRunner:
    return services_of(request).runner


async def _validator(request: Request) -> Validator:
    return services_of(request).validator


def _admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    settings = services_of(request).settings
    require_admin(authorization, settings.admin_secret(), keyring_of(settings))


def _identity(request: Request, authorization: Annotated[str | None, Header()] = None) -> Identity:
    settings = services_of(request).settings
    return identify(authorization, settings.admin_secret(), keyring_of(settings))


def _workspace(request: Request) -> Workspace:
    """Opened in FastAPI's thread pool (a plain function): it reads the shapes."""
    services = services_of(request)
    return Workspace.open(services.settings, services.store)


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[Store, Depends(_store)]
RunnerDep = Annotated[QueryRunner, Depends(_runner)]
ValidatorDep = Annotated[Validator, Depends(_validator)]
AdminDep = Annotated[None, Depends(_admin)]
IdentityDep = Annotated[Identity, Depends(_identity)]
WorkspaceDep = Annotated[Workspace, Depends(_workspace)]
