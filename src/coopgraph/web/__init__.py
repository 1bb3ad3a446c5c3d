"""The HTTP face of coopgraph: FastAPI routes over the domain functions."""

from coopgraph.web.app import create_app

__all__ = [
    "create_app",
]
