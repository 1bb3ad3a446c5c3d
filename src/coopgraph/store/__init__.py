"""Triples at rest: the Store interface, opening a store (embedded or remote), reading and
writing RDF without a store, SPARQL JSON results, online backups, and whole-dataset dumps.

Domain code holds a :class:`Store`, never an engine's class: scratch work goes through
:func:`memory_store` or :func:`flatten_rdf`, and what differs between engines is a capability
the store states (:meth:`Store.checkpoint`). :class:`EmbeddedStore` is on this face for
workers/ only, whose isolated readers open its snapshots; no other package names it.
"""

from coopgraph.store.backup import Backup, back_up, backups, restore_backup
from coopgraph.store.base import Answer, AnswerFormats, Dataset, Row, Store, Table
from coopgraph.store.dumps import (
    WHOLE_NAME,
    DumpFile,
    DumpKeeper,
    DumpSet,
    dumps_folder,
    graph_file_name,
    write_dumps,
)
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.store.merged_graphs import values_by_subject
from coopgraph.store.opening import memory_store, open_store
from coopgraph.store.rdf_io import flatten_rdf
from coopgraph.store.rdflib_reading import ReadDocument, rdflib_triples, read_document
from coopgraph.store.results import read_boolean, read_table
from coopgraph.store.scratch import EngineTriples, ScratchStore
from coopgraph.store.statements import own_dataset

__all__ = [
    "WHOLE_NAME",
    "Answer",
    "AnswerFormats",
    "Backup",
    "Dataset",
    "DumpFile",
    "DumpKeeper",
    "DumpSet",
    "EmbeddedStore",
    "EngineTriples",
    "ReadDocument",
    "Row",
    "ScratchStore",
    "Store",
    "Table",
    "back_up",
    "backups",
    "dumps_folder",
    "flatten_rdf",
    "graph_file_name",
    "memory_store",
    "open_store",
    "own_dataset",
    "rdflib_triples",
    "read_boolean",
    "read_document",
    "read_table",
    "restore_backup",
    "values_by_subject",
    "write_dumps",
]
