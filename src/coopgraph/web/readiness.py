"""Whether the service is ready. With ``background_start`` the port opens at once and the
content loads behind it: until it is ready, every request (``/health``, ``/sparql``, ``/api``,
pages, ``/validate``, submissions...) is answered 503 with ``Retry-After`` and where the start
stands, in French and English; a start that failed is answered 503 naming the error, never 500.

::

    {"status": "loading", "step": "loading", "progress": 0.4,
     "message": {"fr": "chargement de la géographie, 40 %", "en": "loading the geography, 40 %"}}
"""

from __future__ import annotations

import json
import threading
from typing import Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from coopgraph.content import Advance
from coopgraph.errors import CoopgraphError

RETRY_AFTER = 2
"""Seconds a client is asked to wait before asking again while the content loads."""
_STARTING = Advance("starting", "starting", "démarrage", 0.0)


class Stopped(Exception):
    """The service is stopping: the start in progress gives up at its next step."""


class Watcher(Protocol):
    """Who follows a start besides /health: the ``serve`` command's progress bar or lines."""

    def advance(self, step: Advance) -> None:
        """A new step, or more of the same."""

    def ready(self, summary: str) -> None:
        """The service is ready; ``summary`` says what the start did, and how long it took."""

    def failed(self, message: str) -> None:
        """The start failed; ``message`` says why, in English."""


class Readiness:
    """Where the start stands: starting, ready or failed. Told by the thread that loads the
    content; read by every request."""

    def __init__(self, ready: bool) -> None:
        self.status = "ok" if ready else "loading"
        self.step = _STARTING
        self.error: dict[str, str] | None = None
        self.summary = ""
        self.watchers: list[Watcher] = []
        self._stopping = threading.Event()

    @property
    def is_ready(self) -> bool:
        """True once the content is loaded and the workers are up."""
        return self.status == "ok"

    def advance(self, step: Advance) -> None:
        """The start reached ``step``; Stopped if the service is stopping meanwhile."""
        self.check()
        self.step = step
        for watcher in self.watchers:
            watcher.advance(step)

    def check(self) -> None:
        """Stopped if the service is stopping: the start gives up between two steps."""
        if self._stopping.is_set():
            raise Stopped

    def stop(self) -> None:
        """The service is stopping: the start in progress ends at its next step."""
        self._stopping.set()

    def ready(self, summary: str) -> None:
        """Everything is loaded, the workers have opened the store: requests pass."""
        self.summary = summary
        self.status = "ok"
        for watcher in self.watchers:
            watcher.ready(summary)

    def failed(self, error: BaseException) -> None:
        """The start stopped on ``error``: every request is told so."""
        if isinstance(error, CoopgraphError):
            english, french = error.in_language("en"), error.in_language("fr")
        else:
            english = french = f"{type(error).__name__}: {error}"
        self.error = {
            "fr": f"le démarrage a échoué ({self.step.french}) : {french}",
            "en": f"the start failed ({self.step.english}): {english}",
        }
        self.status = "failed"
        for watcher in self.watchers:
            watcher.failed(self.error["en"])

    def body(self) -> dict[str, object]:
        """What a request is answered while the service is not ready."""
        message = self.error or self.step.message()
        return {
            "status": self.status,
            "step": self.step.step,
            "progress": round(self.step.fraction, 3),
            "message": message,
        }


class ReadinessGate:
    """ASGI middleware: 503 with the start's progress for every HTTP request until ready."""

    def __init__(self, app: ASGIApp, readiness: Readiness) -> None:
        self.app = app
        self.readiness = readiness

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.readiness.is_ready:
            await self.app(scope, receive, send)
            return
        body = json.dumps(self.readiness.body(), ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
        if self.readiness.status == "loading":
            headers.append((b"retry-after", str(RETRY_AFTER).encode()))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
