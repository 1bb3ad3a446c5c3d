"""Dependencies of the routes, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from coopgraph.access import Identity, identify, keyring_of, require_admin
from coopgraph.settings import Settings
from coopgraph.store import Store
from coopgraph.validation import Validator
from coopgraph.web.services import Services
from coopgraph.workers import QueryRunner


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


# The four below are coroutines only so that FastAPI calls them on the event loop: it runs
# plain functions in its thread pool, a thread hop per dependency and request.
async def _settings(request: Request) -> Settings:
    return _services(request).settings


async def _store(request: Request) -> Store:
    return _services(request).store


async def _runner(request: Request) -> QueryRunner:
    return _services(request).runner


async def _validator(request: Request) -> Validator:
    return _services(request).validator


def _admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    settings = _services(request).settings
    require_admin(authorization, settings.admin_secret(), keyring_of(settings))


def _identity(request: Request, authorization: Annotated[str | None, Header()] = None) -> Identity:
    settings = _services(request).settings
    return identify(authorization, settings.admin_secret(), keyring_of(settings))


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[Store, Depends(_store)]
RunnerDep = Annotated[QueryRunner, Depends(_runner)]
ValidatorDep = Annotated[Validator, Depends(_validator)]
AdminDep = Annotated[None, Depends(_admin)]
IdentityDep = Annotated[Identity, Depends(_identity)]
