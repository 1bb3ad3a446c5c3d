"""Finding things by name: the search index, and the W3C Reconciliation Service API over it.

finding owns the index of every labelled thing of the store (gathering: what is read;
normalising: the keys, blind to case, accents, hyphens and articles; index: ranking; keeping:
one index per store generation, built in a thread), the cards shown of what is found, and the
reconciliation protocol (queries: reading batches; reconciliation: manifest, candidates,
suggest). It imports the foundation and store/.
"""

from coopgraph.finding.cards import Card, Named, card_of
from coopgraph.finding.gathering import Entry, gather_entries
from coopgraph.finding.index import Hit, SearchIndex
from coopgraph.finding.keeping import IndexKeeper, build_index
from coopgraph.finding.normalising import normalise
from coopgraph.finding.queries import Query, read_batch, read_draft, read_json, read_query, refused
from coopgraph.finding.reconciliation import (
    DEFAULT_TYPES,
    answer_batch,
    answer_draft,
    manifest,
    reconcile,
    suggest,
)

__all__ = [
    "DEFAULT_TYPES",
    "Card",
    "Entry",
    "Hit",
    "IndexKeeper",
    "Named",
    "Query",
    "SearchIndex",
    "answer_batch",
    "answer_draft",
    "build_index",
    "card_of",
    "gather_entries",
    "manifest",
    "normalise",
    "read_batch",
    "read_draft",
    "read_json",
    "read_query",
    "reconcile",
    "refused",
    "suggest",
]
