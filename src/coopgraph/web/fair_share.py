"""Fair share of the workers: per-client limits on concurrent requests and worker time.

A client is its bearer token when the token is valid (the settings' admin token or one of the
keyring, ``Clients``), else its remote address: a made-up token per request is still the one
client its address is. Each request to a metered path is admitted or refused with 429 and
``Retry-After`` before anything else runs, in one of two books (``book_of``): queries
(``/sparql``, ``/api/...``) and validations (``POST /validate``, the validation workers):

- a client runs at most ``concurrency`` requests at once;
- a client spends at most ``seconds`` of query time in any sliding ``window``: the time the
  workers ran its requests' jobs (``coopgraph.workers.BusyTime``: a query worker's processor
  time, an inline query's time in its thread), never the time they waited for a worker or
  for the processor, so load from others does not make a light client heavy;
- a client that spent more than ``heavy_seconds`` in the window is *heavy*; heavy clients
  together run at most ``heavy_slots`` requests at once (one worker fewer than the pool), so a
  worker stays free for everyone else whatever a few clients send; and their queries run in
  workers of their own, at the lowest processor priority and stopped while any other request
  is being served (``coopgraph.workers.turns``).

The middleware is pure ASGI and keeps its books on the event loop, so it needs no lock.

>>> ledger = Ledger(Limits(concurrency=1, seconds=60, window=60, heavy_seconds=10, heavy_slots=1))
>>> ticket = ledger.admit("address:192.0.2.1")
>>> isinstance(ledger.admit("address:192.0.2.1"), Refusal)
True
>>> ledger.release(ticket, seconds=0.003)
>>> isinstance(ledger.admit("address:192.0.2.1"), Ticket)
True
"""

from __future__ import annotations

import hmac
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from coopgraph.access import Keyring, bearer_token, digest, keyring_of
from coopgraph.settings import Settings
from coopgraph.workers import BusyTime, busy_time, low_priority, turns

METERED_PATHS = ("/sparql",)
METERED_PREFIXES = ("/api/",)
VALIDATION_PATH = "/validate"  # metered on POST, in a book of its own
_PRUNE_AT = 10_000  # idle clients forgotten once this many are known: the books stay bounded


@dataclass(frozen=True)
class Limits:
    """The per-client limits (see the module docstring)."""

    concurrency: int
    seconds: float
    window: float
    heavy_seconds: float
    heavy_slots: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits of ``COOPGRAPH_FAIR_SHARE_*``; heavy clients leave one worker free."""
        return cls(
            concurrency=settings.fair_share_concurrency,
            seconds=settings.fair_share_seconds,
            window=settings.fair_share_window,
            heavy_seconds=settings.fair_share_heavy_seconds,
            heavy_slots=max(settings.query_workers - 1, 1),
        )


@dataclass(frozen=True)
class Ticket:
    """An admitted request: whose, and whether it holds a heavy slot."""

    client: str
    heavy: bool


@dataclass(frozen=True)
class Refusal:
    """A refused request: seconds to wait, and why."""

    retry_after: int
    reason: str


@dataclass
class _Usage:
    running: int = 0
    spent: deque[tuple[float, float]] = field(default_factory=deque)
    """(end time, seconds) of the client's requests that ended within the window."""
    spent_total: float = 0.0
    """The sum of the seconds in ``spent``, kept as requests end and leave the window."""

    def add(self, ended: float, seconds: float) -> None:
        self.spent.append((ended, seconds))
        self.spent_total += seconds

    def total(self, now: float, window: float) -> float:
        while self.spent and self.spent[0][0] <= now - window:
            self.spent_total -= self.spent.popleft()[1]
        if not self.spent:
            self.spent_total = 0.0  # no rounding error outlives the window
        return self.spent_total

    def free_in(self, now: float, window: float, budget: float) -> float:
        """Seconds until the spent time within the window falls below ``budget``."""
        left = self.total(now, window)
        for ended, seconds in self.spent:
            left -= seconds
            if left < budget:
                return ended + window - now
        return 0.0


class Ledger:
    """Who runs what now, and how much query time each client spent lately."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._usage: dict[str, _Usage] = {}
        self._heavy_running = 0

    def admit(self, client: str) -> Ticket | Refusal:
        """A ticket for a request of ``client``, or why it must wait."""
        now = self._clock()
        usage = self._usage.setdefault(client, _Usage())
        refusal = self._refusal(usage, now)
        if refusal is not None:
            return refusal
        heavy = usage.total(now, self.limits.window) >= self.limits.heavy_seconds
        usage.running += 1
        self._heavy_running += heavy
        return Ticket(client, heavy)

    def _refusal(self, usage: _Usage, now: float) -> Refusal | None:
        limits = self.limits
        if usage.running >= limits.concurrency:
            return Refusal(
                1,
                f"this client already runs {usage.running} queries at once, the "
                "most allowed (COOPGRAPH_FAIR_SHARE_CONCURRENCY); wait for one to end",
            )
        spent = usage.total(now, limits.window)
        if spent >= limits.seconds:
            wait = usage.free_in(now, limits.window, limits.seconds)
            return Refusal(
                max(math.ceil(wait), 1),
                f"this client used {spent:.0f} s of query "
                f"time in the last {limits.window:g} s, the most allowed "
                "(COOPGRAPH_FAIR_SHARE_SECONDS)",
            )
        if spent >= limits.heavy_seconds and self._heavy_running >= limits.heavy_slots:
            return Refusal(
                1,
                f"this client used {spent:.0f} s of query time lately, and heavy "
                "clients already hold their share of the query workers",
            )
        return None

    def release(self, ticket: Ticket, seconds: float) -> None:
        """The request of ``ticket`` ended, having kept the workers busy ``seconds``."""
        now = self._clock()
        usage = self._usage.setdefault(ticket.client, _Usage())
        usage.running -= 1
        self._heavy_running -= ticket.heavy
        usage.add(now, seconds)
        if len(self._usage) > _PRUNE_AT:
            self._prune(now)

    def _prune(self, now: float) -> None:
        idle = [
            client
            for client, usage in self._usage.items()
            if usage.running == 0 and usage.total(now, self.limits.window) == 0
        ]
        for client in idle:
            del self._usage[client]


class Clients:
    """Who a request comes from: a valid bearer token (kept as its hash), else its address.

    A token is checked as cheaply as the event loop needs: one SHA-256, the keyring's hashes
    read again only when its file changes, each compared in constant time.
    """

    def __init__(self, admin_token: str | None, keyring: Keyring | None) -> None:
        self._admin = digest(admin_token) if admin_token else None
        self._keyring = keyring
        self._file: tuple[int, int, int] | None = None
        self._hashes: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> Clients:
        """The settings' admin token and the keyring of their private folder."""
        return cls(settings.admin_secret(), keyring_of(settings))

    def of(self, scope: Scope) -> str:
        """The client of a request: ``token:<hash>`` for a valid token, else ``address:...``."""
        headers = dict(scope.get("headers") or [])
        token = bearer_token(headers.get(b"authorization", b"").decode("latin-1"))
        if token is not None:
            presented = digest(token)
            if self._is_known(presented):
                return "token:" + presented[:32]
        peer = scope.get("client")
        return f"address:{peer[0]}" if peer else "address:unknown"

    def _is_known(self, presented: str) -> bool:
        known = False
        for stored in (self._admin, *self._keyring_hashes()):
            if stored is not None and hmac.compare_digest(presented, stored):
                known = True  # no early exit: every comparison is made
        return known

    def _keyring_hashes(self) -> tuple[str, ...]:
        """The keyring's hashes, read again when its file changed (it is replaced whole)."""
        if self._keyring is None:
            return ()
        try:
            status = self._keyring.path.stat()
        except OSError:
            self._file, self._hashes = None, ()
            return ()
        signature = (status.st_ino, status.st_mtime_ns, status.st_size)
        if signature != self._file:
            try:
                self._hashes = tuple(token.hash for token in self._keyring.tokens())
            except (OSError, ValueError, KeyError, TypeError):
                self._hashes = ()  # an unreadable keyring: every request counted by address
            self._file = signature
        return self._hashes


def is_metered(path: str) -> bool:
    """True for the paths that run queries: ``/sparql`` and the domain API.

    >>> is_metered("/api/action-effects"), is_metered("/health")
    (True, False)
    """
    return path in METERED_PATHS or path.startswith(METERED_PREFIXES)


def book_of(scope: Scope) -> str | None:
    """The book a request is metered in: ``queries``, ``validations``, or None (not metered).

    >>> book_of({"type": "http", "path": "/validate", "method": "POST"})
    'validations'
    """
    if scope["type"] != "http" or is_metered(scope["path"]):
        return "queries" if scope["type"] == "http" else None
    is_upload = scope["path"] == VALIDATION_PATH and scope.get("method") == "POST"
    return "validations" if is_upload else None


class FairShare:
    """ASGI middleware: admit each metered request under its client's limits, or 429."""

    def __init__(self, app: ASGIApp, limits: Limits, clients: Clients) -> None:
        self.app = app
        self.ledgers = {"queries": Ledger(limits), "validations": Ledger(limits)}
        self.clients = clients

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        book = book_of(scope)
        if book is None:
            with turns.foreground():
                await self.app(scope, receive, send)
            return
        ledger = self.ledgers[book]
        decision = ledger.admit(self.clients.of(scope))
        if isinstance(decision, Refusal):
            await _refuse(decision)(scope, receive, send)
            return
        meter = BusyTime()
        marked, metered = low_priority.set(decision.heavy), busy_time.set(meter)
        try:
            if decision.heavy:
                await self.app(scope, receive, send)
            else:
                with turns.foreground():
                    await self.app(scope, receive, send)
        finally:
            busy_time.reset(metered)
            low_priority.reset(marked)
            ledger.release(decision, meter.seconds)


def _refuse(refusal: Refusal) -> PlainTextResponse:
    return PlainTextResponse(
        f"too many requests: {refusal.reason}. Retry after {refusal.retry_after} s.\n",
        429,
        headers={"Retry-After": str(refusal.retry_after)},
    )
