"""The ``coopgraph`` command: a thin layer over the same functions as the web service.

Owns the Typer app and ``serve`` (``main``), the store's commands (``store``), the commands
over the content: validate, ask, docs (``content``), ``token`` (``tokens``), and how long
commands show their progress (``progress``: a bar on a terminal, lines elsewhere). It may import
every package below it. The console script is ``coopgraph.cli:main``.
"""

# isort: off
# Importing them registers their commands on the app, in the order --help lists them.
from coopgraph.cli import store  # noqa: F401
from coopgraph.cli import content  # noqa: F401
from coopgraph.cli.main import main

# isort: on

__all__ = ["main"]
