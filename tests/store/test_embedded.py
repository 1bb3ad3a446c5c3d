"""What only the embedded store does: its own files on disk, its folder lock, where a syntax
error lies, blank nodes shared across graphs of a backup, pyoxigraph's term checks, reopening
its engine (after a full disk) while reads run. The Store
contract it shares with Virtuoso is in test_base.py."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from rdflib import URIRef

from coopgraph import formats
from coopgraph.errors import InputError, QuerySyntaxError, StoreError
from coopgraph.store.embedded import EmbeddedStore

from .test_base import DATASET, GRAPH, JSON_RESULTS, OLD


@pytest.fixture
def store() -> EmbeddedStore:
    """An empty store in memory."""
    return EmbeddedStore.in_memory()


def quads_of(store: EmbeddedStore) -> set[str]:
    """Every quad of the store as N-Quads lines."""
    output = io.BytesIO()
    store.dump(output)
    return {line for line in output.getvalue().decode().splitlines() if line}


# Syntax errors -----------------------------------------------------------------------------


def test_a_query_that_does_not_parse_says_where(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError, match="1:25"):
        store.answer("SELECT * WHERE { ?s ?p }", JSON_RESULTS)


def test_an_update_that_does_not_parse_is_called_an_update(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError, match="update"):
        store.update("INSERT DATA { <http://example.org/a> }")


def test_a_binding_pyoxigraph_rejects_is_an_input_error(store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="not a valid RDF term"):
        store.select("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef(":")})
    with pytest.raises(InputError, match="'http://e/a b' is not a valid RDF term"):
        store.select("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef("http://e/a b")})


# Backup ------------------------------------------------------------------------------------


def test_restore_keeps_blank_nodes_shared_across_graphs(store: EmbeddedStore) -> None:
    backup = b'_:x <http://example.org/p> "a" .\n_:x <http://example.org/q> "b" <http://g> .\n'
    store.restore(io.BytesIO(backup))
    assert store.ask('ASK { ?x <http://example.org/p> "a" . GRAPH ?g { ?x ?q "b" } }')


def test_restore_into_another_store_gives_back_the_dumped_lines_exactly(
    store: EmbeddedStore,
) -> None:
    store.load(DATASET, formats.TRIG, None)
    backup = io.BytesIO()
    store.dump(backup)
    other = EmbeddedStore.in_memory()
    other.load(OLD, formats.N_TRIPLES, GRAPH)
    assert other.restore(io.BytesIO(backup.getvalue())) == 6
    assert quads_of(other) == quads_of(store)


# On disk -----------------------------------------------------------------------------------


def test_an_on_disk_store_persists_across_close_and_reopen(tmp_path: Path) -> None:
    first = EmbeddedStore.on_disk(tmp_path / "store")
    first.load(DATASET, formats.TRIG, None)
    before = quads_of(first)
    first.close()
    del first
    second = EmbeddedStore.on_disk(tmp_path / "store")
    assert quads_of(second) == before
    second.close()


_HOLD_STORE = """
import sys
from pathlib import Path
from coopgraph.store.embedded import EmbeddedStore
held = EmbeddedStore.on_disk(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.mark.slow
def test_a_store_open_in_another_process_is_refused_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    first = EmbeddedStore.on_disk(folder)
    first.load(DATASET, formats.TRIG, None)
    before = quads_of(first)
    first.close()
    del first
    with subprocess.Popen(
        [sys.executable, "-c", _HOLD_STORE, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline() == b"ready\n"
        with pytest.raises(StoreError, match=str(folder)) as caught:
            EmbeddedStore.on_disk(folder)
        assert "another process" in str(caught.value)
        holder.stdin.close()
        holder.wait(timeout=30)
    reopened = EmbeddedStore.on_disk(folder)
    assert quads_of(reopened) == before
    reopened.close()


def test_close_releases_the_folder_even_while_the_store_is_still_referenced(
    tmp_path: Path,
) -> None:
    first = EmbeddedStore.on_disk(tmp_path / "store")
    first.load(OLD, formats.N_TRIPLES, GRAPH)
    first.close()
    first.close()
    second = EmbeddedStore.on_disk(tmp_path / "store")
    assert second.count(GRAPH) == 1
    second.close()


def test_a_store_on_disk_checkpoints_and_one_in_memory_does_not(tmp_path: Path) -> None:
    on_disk = EmbeddedStore.on_disk(tmp_path / "store")
    on_disk.load(DATASET, formats.TRIG, None)
    assert on_disk.checkpoint(tmp_path / "checkpoint")
    copy = EmbeddedStore.from_snapshot(tmp_path / "checkpoint")
    assert quads_of(copy) == quads_of(on_disk)
    copy.close()
    on_disk.close()
    assert not EmbeddedStore.in_memory().checkpoint(tmp_path / "none")
    assert not (tmp_path / "none").exists()


def test_a_snapshot_of_a_store_in_memory_is_an_n_quads_file(tmp_path: Path) -> None:
    store = EmbeddedStore.in_memory()
    store.load(DATASET, formats.TRIG, None)
    store.snapshot(tmp_path / "snapshot.nq")
    assert (tmp_path / "snapshot.nq").is_file()
    copy = EmbeddedStore.from_snapshot(tmp_path / "snapshot.nq")
    assert len(quads_of(copy)) == len(quads_of(store)) == 6  # blank nodes get fresh labels


# Reopening after a full disk ---------------------------------------------------------------


REOPENED = "http://example.org/graph/reopened"


def test_a_reopened_store_keeps_its_data_and_writes_again(tmp_path: Path) -> None:
    store = EmbeddedStore.on_disk(tmp_path / "store")
    store.load(DATASET, formats.TRIG, None)
    before = quads_of(store)
    store.reopen()
    assert quads_of(store) == before
    store.load(OLD, formats.N_TRIPLES, REOPENED)
    assert store.count(REOPENED) == 1
    store.close()
    again = EmbeddedStore.on_disk(tmp_path / "store")  # the reopened engine released its files
    assert again.count(REOPENED) == 1
    again.close()


class _HeldOutput(io.BytesIO):
    """An output that holds a dump (a read of the store) until it is let go."""

    def __init__(self) -> None:
        super().__init__()
        self.writing = threading.Event()
        self.released = threading.Event()

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.writing.set()
        assert self.released.wait(timeout=30)
        return super().write(data)


def test_a_read_running_during_a_reopen_completes_and_reads_after_it_wait(
    tmp_path: Path,
) -> None:
    store = EmbeddedStore.on_disk(tmp_path / "store")
    store.load(DATASET, formats.TRIG, None)
    expected = quads_of(store)
    held = _HeldOutput()
    reader = threading.Thread(target=store.dump, args=(held,))
    reader.start()
    assert held.writing.wait(timeout=30)
    reopening = threading.Thread(target=store.reopen)
    reopening.start()
    counts: list[int] = []
    later = threading.Thread(target=lambda: counts.append(store.count()))
    later.start()
    reopening.join(timeout=0.5)
    assert reopening.is_alive()  # the reopen waits for the running read
    held.released.set()
    for thread in (reader, reopening, later):
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert {line for line in held.getvalue().decode().splitlines() if line} == expected
    assert counts == [len(expected)]
    store.load(OLD, formats.N_TRIPLES, REOPENED)  # the new engine writes
    assert store.count(REOPENED) == 1
    store.close()


def test_a_store_in_memory_is_not_reopened(store: EmbeddedStore) -> None:
    store.load(DATASET, formats.TRIG, None)
    before = quads_of(store)
    store.reopen()
    assert quads_of(store) == before
