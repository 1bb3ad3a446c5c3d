"""reasoning"""

from coopgraph.reasoning.owl_rl import asserted_only, follow, materialise, rebuild

__all__ = [
    "asserted_only",
    "follow",
    "materialise",
    "rebuild",
]
