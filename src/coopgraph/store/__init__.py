"""The one door to triples: the Store interface and its embedded and remote engines."""

from coopgraph.store.backup import back_up, restore_backup
from coopgraph.store.base import Answer, AnswerFormats, Dataset, Row, Store, Table, open_store
from coopgraph.store.embedded import EmbeddedStore, flatten
from coopgraph.store.results import read_boolean, read_table
from coopgraph.store.statements import NO_GRAPH, term_text

__all__ = [
    "NO_GRAPH",
    "Answer",
    "AnswerFormats",
    "Dataset",
    "EmbeddedStore",
    "Row",
    "Store",
    "Table",
    "back_up",
    "flatten",
    "open_store",
    "read_boolean",
    "read_table",
    "restore_backup",
    "term_text",
]
