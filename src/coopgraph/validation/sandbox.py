"""Parsing and validating uploads in worker processes, within time and memory budgets.

An upload is untrusted: a parser may abort on a hostile document, and a large submission may
take minutes and gigabytes in pyshacl. So the service never parses nor validates one itself:
a ``WorkerPool`` (``workers.pool``) does, in processes under an address-space cap
(COOPGRAPH_WORKER_MEMORY_MB) that read the store's context from the query workers' snapshot
(embedded store) or from the remote store itself. What the caller gets:

- past COOPGRAPH_VALIDATION_TIMEOUT the worker is killed and replaced: TooLarge (413), the
  submission is too large to validate in that time;
- past the memory cap: TooLarge (413); a worker that dies (an abort in a parser): InputError
  (400); either way the worker is replaced and the service goes on;
- no worker free before the deadline: QueryTimeout (503, Retry-After).

Token holders come first: the pool holds COOPGRAPH_VALIDATION_WORKERS workers and
COOPGRAPH_RESERVED_VALIDATION_WORKERS more, and anonymous validations (``validate``, for
/validate) hold at most the former at once, so a steward's submission (``check``) or an
admin's upload (``flatten``) never waits behind them.

Graph Store uploads (admin) are parsed the same way, by ``Validator.flatten``: a worker
rewrites each document as N-Triples or N-Quads, which the service then loads without risk.

``check`` and ``validate_uploads`` are the same work in the calling process (the CLI).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from coopgraph.errors import InputError, QueryTimeout, TooLarge
from coopgraph.settings import Settings
from coopgraph.store import Store, flatten_rdf
from coopgraph.validation.collector import collector_paused
from coopgraph.validation.results import Report
from coopgraph.validation.shacl import validate
from coopgraph.validation.shapes import load_shapes
from coopgraph.validation.territory_names import with_findings
from coopgraph.validation.uploads import Submission, Upload, read_submission
from coopgraph.workers import (
    OutOfMemory,
    QueryRunner,
    Snapshots,
    WorkerCrash,
    WorkerPool,
    WorkerTimeout,
)

_PRELOAD = ("coopgraph.validation.sandbox",)


@dataclass(frozen=True)
class Checked:
    """A parsed submission and its validation report."""

    submission: Submission
    report: Report


@dataclass(frozen=True)
class Budget:
    """What one submission may hold: bytes in all, triples in all, and its shapes."""

    max_bytes: int
    max_triples: int | None
    shapes: Path

    @classmethod
    def of(cls, settings: Settings) -> Budget:
        """The budget these settings give."""
        shapes = settings.content_root / "shapes"
        return cls(settings.max_validation_bytes, settings.max_triples, shapes)


def check(uploads: Sequence[Upload], store: Store, budget: Budget) -> Checked:
    """Parse and validate uploads in this process, the cycle collector paused for a large
    submission (``collector``)."""
    with collector_paused(sum(len(upload.data) for upload in uploads)):
        submission = read_submission(
            uploads, budget.max_bytes, max_triples=budget.max_triples, store=store
        )
        shapes = load_shapes(budget.shapes)
        report = validate(
            submission.graph,
            store,
            shapes,
            submission.locations,
            submission.texts,
            submission.engine,
        )
        report = with_findings(report, submission.findings)
    return Checked(replace(submission, engine=None), report)  # sent back: rdflib terms only


@dataclass(frozen=True)
class _Check:
    """The job a worker runs: parse and validate; the graph comes back only if asked."""

    uploads: tuple[Upload, ...]
    budget: Budget
    keep_graph: bool

    def run(self, store: Store) -> Checked | Report:
        checked = check(self.uploads, store, self.budget)
        return checked if self.keep_graph else checked.report


@dataclass(frozen=True)
class _Flatten:
    """The job a worker runs for a Graph Store upload: each document as N-Triples or N-Quads."""

    documents: tuple[tuple[bytes, str], ...]
    base_iri: str | None
    triples_only: bool
    max_triples: int | None

    def run(self, store: Store) -> list[tuple[bytes, str]]:
        flat, left = [], self.max_triples
        for data, kind in self.documents:
            try:
                document = flatten_rdf(data, kind, self.base_iri, self.triples_only, left)
            except TooLarge as exc:
                raise TooLarge(_too_many_triples(self.max_triples or 0)) from exc
            flat.append(document)
            if left is not None:
                left -= document[0].count(b"\n")
        return flat


class Validator:
    """Worker processes that parse and validate uploads against the store's context."""

    def __init__(self, pool: WorkerPool, budget: Budget, memory_mb: int, anonymous: int) -> None:
        """``anonymous``: how many workers anonymous validations may hold at once."""
        self._pool = pool
        self.budget = budget
        self._memory_mb = memory_mb
        self._anonymous = asyncio.Semaphore(anonymous)

    async def validate(self, uploads: Sequence[Upload]) -> Report:
        """The report on the uploads, made in a worker; an anonymous validation, which waits
        for one of the workers not kept for token holders."""
        job = _Check(tuple(uploads), self.budget, keep_graph=False)
        async with self._anonymous_turn():
            reply = await self._run(job, _VALIDATION)
        assert isinstance(reply, Report)
        return reply

    async def check(self, uploads: Sequence[Upload]) -> Checked:
        """The parsed uploads and their report, made in a worker."""
        reply = await self._run(_Check(tuple(uploads), self.budget, keep_graph=True), _VALIDATION)
        assert isinstance(reply, Checked)
        return reply

    async def flatten(
        self, documents: Sequence[tuple[bytes, str]], base_iri: str | None, triples_only: bool
    ) -> list[tuple[bytes, str]]:
        """The documents parsed in a worker and rewritten as N-Triples (``triples_only``) or
        N-Quads, which the caller can load without risk."""
        job = _Flatten(tuple(documents), base_iri, triples_only, self.budget.max_triples)
        reply = await self._run(job, _PARSING)
        assert isinstance(reply, list)
        return reply

    def process_ids(self) -> list[int | None]:
        """The process ids of the workers."""
        return self._pool.process_ids()

    @contextlib.asynccontextmanager
    async def _anonymous_turn(self) -> AsyncIterator[None]:
        """One of the anonymous validations' turns, waited for until the pool's deadline (then
        QueryTimeout, a 503)."""
        try:
            await asyncio.wait_for(self._anonymous.acquire(), self._pool.timeout)
        except TimeoutError as exc:
            raise QueryTimeout(_busy(self._pool.timeout)) from exc
        try:
            yield
        finally:
            self._anonymous.release()

    async def _run(self, job: _Check | _Flatten, task: _Task) -> object:
        timeout = self._pool.timeout
        try:
            return await self._pool.run(job)
        except WorkerTimeout as exc:
            if exc.stage == "running":
                raise TooLarge(_too_slow(task, timeout)) from exc
            raise QueryTimeout(_busy(timeout)) from exc
        except OutOfMemory as exc:
            raise TooLarge(_too_big(task, self._memory_mb)) from exc
        except WorkerCrash as exc:
            raise InputError(_crashed(task, exc.exit_code)) from exc

    def close(self) -> None:
        """Stop the workers."""
        self._pool.close()


def open_validator(store: Store, runner: QueryRunner, settings: Settings) -> Validator:
    """Validation workers reading the query workers' snapshots (embedded store) or the remote
    store these settings name; the reserved ones are kept for token holders."""
    source: Snapshots | Settings = settings if runner.snapshots is None else runner.snapshots
    shared = settings.validation_workers
    pool = WorkerPool(
        source,
        shared + settings.reserved_validation_workers,
        settings.validation_timeout,
        settings.worker_memory_mb,
        preload=_PRELOAD,
    )
    return Validator(pool, Budget.of(settings), settings.worker_memory_mb, shared)


@dataclass(frozen=True)
class _Task:
    """What a worker was doing, for the messages: a submission's validation, or an upload's
    parsing."""

    english: str
    french: str
    what: str
    quoi: str


_VALIDATION = _Task(
    "validating the submission",
    "La validation de la soumission",
    "a smaller submission, in several parts",
    "une soumission plus petite, en plusieurs parties",
)
_PARSING = _Task(
    "parsing the upload",
    "L'analyse du document envoyé",
    "smaller documents",
    "des documents plus petits",
)


def _too_slow(task: _Task, timeout: float) -> str:
    return (
        f"{task.english} took longer than {timeout:g} s, the limit "
        "(COOPGRAPH_VALIDATION_TIMEOUT); it was stopped and nothing was stored: send "
        f"{task.what}. / {task.french} a duré plus de {timeout:g} s, la limite "
        "(COOPGRAPH_VALIDATION_TIMEOUT) ; elle a été arrêtée et rien n'a été enregistré : "
        f"envoyez {task.quoi}."
    )


def _too_big(task: _Task, memory_mb: int) -> str:
    return (
        f"{task.english} needed more than {memory_mb} MB, the limit "
        f"(COOPGRAPH_WORKER_MEMORY_MB); nothing was stored: send {task.what}. / {task.french} "
        f"demandait plus de {memory_mb} Mo, la limite (COOPGRAPH_WORKER_MEMORY_MB) ; rien n'a "
        f"été enregistré : envoyez {task.quoi}."
    )


def _crashed(task: _Task, exit_code: int | None) -> str:
    if task is _PARSING:
        return (
            f"the upload stopped the RDF parser (worker exit code {exit_code}); nothing was "
            "stored and the service goes on: check the document (a JSON-LD tree some thousands "
            "of levels deep does this). / Le document envoyé a arrêté l'analyseur RDF (code de "
            f"sortie {exit_code}) ; rien n'a été enregistré : vérifiez le document (un arbre "
            "JSON-LD profond de quelques milliers de niveaux produit cet arrêt)."
        )
    return (
        f"the submission stopped the validator (worker exit code {exit_code}); it was not "
        "validated, nothing was stored, and the service goes on: check the file, or send it in "
        f"smaller parts. / La soumission a arrêté le validateur (code de sortie {exit_code}) ; "
        "elle n'a pas été validée, rien n'a été enregistré : vérifiez le fichier, ou envoyez-le "
        "en parties plus petites."
    )


def _too_many_triples(cap: int) -> str:
    return (
        f"the upload holds more than {cap} triples, the limit (COOPGRAPH_MAX_TRIPLES); nothing "
        f"was stored: send it in parts. / Le document envoyé contient plus de {cap} triplets, "
        "la limite (COOPGRAPH_MAX_TRIPLES) ; rien n'a été enregistré : envoyez-le en plusieurs "
        "parties."
    )


def _busy(timeout: float) -> str:
    return (
        f"every validation worker stayed busy for {timeout:g} s "
        "(COOPGRAPH_VALIDATION_TIMEOUT); nothing was stored: try again shortly. / Tous les "
        f"validateurs sont restés occupés pendant {timeout:g} s ; rien n'a été enregistré : "
        "réessayez dans un instant."
    )
