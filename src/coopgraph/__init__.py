"""coopgraph: a knowledge graph of territories in transition, cooperation and transfer."""

__version__ = "0.1.0"
