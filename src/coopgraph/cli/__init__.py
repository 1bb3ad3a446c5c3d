"""The `coopgraph` command: a thin layer over the same functions as the web service."""

from coopgraph.cli.main import main

__all__ = ["main"]
