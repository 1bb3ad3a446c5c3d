"""The HTTP face of coopgraph: FastAPI routes over the domain functions."""
