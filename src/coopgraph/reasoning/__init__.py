"""Reasoning: OWL 2 RL entailments, kept in one inferred graph per source graph.

The OWL 2 RL engine is reasonable, completed by a few rules in Python (``engine``,
``rules``); ``consistency`` reads inconsistencies from a closure; large sources get the class
hierarchy and the ``cg:isPartOf`` closure instead (``closure``); ``input`` tells when a
source's entailments can be reused. Callers materialise a source (or compute what that would
write, without writing), rebuild every inferred graph, follow a synchronisation, or ask for a
dataset without the inferred graphs.
"""

from coopgraph.reasoning.closure import LARGE_SOURCE, part_of_closure, prepare
from coopgraph.reasoning.consistency import Inconsistency, inconsistencies
from coopgraph.reasoning.owl_rl import (
    Inference,
    asserted_only,
    derivation,
    follow_synchronisation,
    forget_reuse,
    inferred_graph_name,
    is_inferred,
    materialise,
    reasoned_sources,
    rebuild,
)

__all__ = [
    "LARGE_SOURCE",
    "Inconsistency",
    "Inference",
    "asserted_only",
    "derivation",
    "follow_synchronisation",
    "forget_reuse",
    "inconsistencies",
    "inferred_graph_name",
    "is_inferred",
    "materialise",
    "part_of_closure",
    "prepare",
    "reasoned_sources",
    "rebuild",
]
