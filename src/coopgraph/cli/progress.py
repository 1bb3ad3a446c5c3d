"""How ``serve``, ``sync`` and ``load`` show their progress on standard error: a progress bar
(rich) on a terminal, plain lines otherwise (a log file, a pipe, CI); both end with a summary
and the total time.

rich is imported when a bar is drawn, never at the top: ``coopgraph --help`` stays light.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from coopgraph.content import Advance


class Lines:
    """Progress as plain lines on standard error, for a log or a pipe."""

    def __init__(self) -> None:
        self.began = time.monotonic()

    def elapsed(self) -> str:
        """Seconds since the command began, as the summary gives them."""
        return f"{time.monotonic() - self.began:.1f} s"

    def say(self, line: str) -> None:
        """One line of what is being done."""
        typer.echo(line, err=True)

    def advance(self, step: Advance) -> None:
        """Nothing: the lines already say each step."""

    def ready(self, summary: str) -> None:
        """The closing summary."""
        self.say(summary)

    def failed(self, message: str) -> None:
        """What stopped the work, in red."""
        typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)

    def stop(self) -> None:
        """Nothing to take down."""


class Bar(Lines):
    """A progress bar on the terminal, with the lines printed above it."""

    def __init__(self, console: Console | None = None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn

        self.console = console or Console(stderr=True)
        self.progress: Progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.task: TaskID = self.progress.add_task("starting", total=1.0)
        self.progress.start()

    def say(self, line: str) -> None:
        """One line above the bar."""
        self.console.print(line, highlight=False, markup=False)

    def advance(self, step: Advance) -> None:
        """The bar moves to the step's share and names it."""
        self.progress.update(self.task, completed=step.fraction, description=step.english)

    def ready(self, summary: str) -> None:
        """The bar goes, the summary stays."""
        self.stop()
        self.say(summary)

    def failed(self, message: str) -> None:
        """The bar goes, the error stays."""
        self.stop()
        self.console.print(f"error: {message}", style="red", highlight=False, markup=False)

    def stop(self) -> None:
        """Take the bar down (again: no harm)."""
        self.progress.stop()


def on_terminal() -> bool:
    """True when standard error is a terminal: a bar is drawn there."""
    return sys.stderr.isatty()


@contextmanager
def showing() -> Iterator[Lines]:
    """A bar on a terminal, lines elsewhere; taken down on leaving, whatever happened."""
    display = Bar() if on_terminal() else Lines()
    try:
        yield display
    finally:
        display.stop()


class _Printed(logging.Handler):
    """Log records printed above the bar, so that lines and bar do not garble each other."""

    def __init__(self, bar: Bar) -> None:
        super().__init__()
        self.bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        self.bar.say(self.format(record))


def log_through(bar: Bar) -> None:
    """Every log record (coopgraph's, uvicorn's) printed by ``bar``'s console."""
    handler = _Printed(bar)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
