"""Backups: the private copy matches the store copy while writes go on (every audit line it
keeps names a write the checkpoint holds); restoring copies back only the private files that
are missing, and never over one present."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph.errors import InputError
from coopgraph.store import backup
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.submissions import audit

WRITES = "http://example.org/write/"


@pytest.fixture
def on_disk(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An embedded store on disk."""
    store = EmbeddedStore.on_disk(tmp_path / "store")
    yield store
    store.close()


def _write_and_audit(store: EmbeddedStore, private: Path, stop: threading.Event) -> None:
    """Writes, each followed by its audit line, as the server makes them, until ``stop``."""
    number = 0
    while not stop.is_set():
        graph = f"{WRITES}{number}"
        store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <{WRITES}p> {number} }} }}")
        audit.append(
            private / audit.FILE_NAME, audit.entry("test", "update", graph, b"x" * 300, "")
        )
        number += 1


def test_every_audit_line_of_a_backup_names_a_write_its_store_copy_holds(
    on_disk: EmbeddedStore, tmp_path: Path
) -> None:
    private = tmp_path / "private"
    stop = threading.Event()
    writer = threading.Thread(target=_write_and_audit, args=(on_disk, private, stop))
    writer.start()
    try:
        made = [backup.back_up(on_disk, tmp_path / "backups", private) for _ in range(8)]
    finally:
        stop.set()
        writer.join()
    for each in made:
        lines = (each.folder / backup.PRIVATE / audit.FILE_NAME).read_text().splitlines()
        named = {json.loads(line)["graph"] for line in lines}  # whole lines only
        copy = EmbeddedStore.from_snapshot(each.folder / backup.CHECKPOINT)
        try:
            held = set(copy.graph_names())
        finally:
            copy.close()
        assert named <= held, f"audit lines name writes the store copy lacks: {named - held}"


def test_a_restore_copies_back_missing_private_files_only(
    on_disk: EmbeddedStore, tmp_path: Path
) -> None:
    private = tmp_path / "private"
    (private / "versions").mkdir(parents=True)
    (private / "versions" / "1.nt").write_text("old version\n")
    (private / "kept.txt").write_text("at backup time\n")
    on_disk.update(f"INSERT DATA {{ <{WRITES}a> <{WRITES}p> 1 }}")
    made = backup.back_up(on_disk, tmp_path / "backups", private)
    (private / "versions" / "1.nt").unlink()
    (private / "kept.txt").write_text("changed since\n")
    restored = backup.restore_backup(on_disk, made.folder, private)
    assert restored.quads == 1
    assert restored.private == made.folder / backup.PRIVATE
    assert (private / "versions" / "1.nt").read_text() == "old version\n"
    assert (private / "kept.txt").read_text() == "changed since\n"


def test_an_unfinished_backup_is_refused_by_name(on_disk: EmbeddedStore, tmp_path: Path) -> None:
    folder = tmp_path / "backups" / ".partial-20260101T000000000000Z"
    folder.mkdir(parents=True)
    with pytest.raises(InputError, match="not a finished coopgraph backup") as caught:
        backup.restore_backup(on_disk, folder, None)
    assert str(tmp_path) not in str(caught.value)
    assert "sauvegarde" in str(caught.value)
