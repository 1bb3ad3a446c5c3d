"""The one door to triples: the Store interface and its embedded and remote engines."""

from coopgraph.store.base import Answer, AnswerFormats, Dataset, Store, Table, open_store

__all__ = ["Answer", "AnswerFormats", "Dataset", "Store", "Table", "open_store"]
