"""Whole-dataset dumps: the files hold exactly the store's quads, their checksums are their
bytes', a write makes a new set, and a reader always finds a complete one."""

from __future__ import annotations

import gzip
import hashlib
import io
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph import formats
from coopgraph.iris import DATA_GRAPH_BASE, ONTOLOGY_GRAPH
from coopgraph.settings import Settings
from coopgraph.store import (
    WHOLE_NAME,
    DumpKeeper,
    DumpSet,
    Store,
    dumps_folder,
    graph_file_name,
    memory_store,
    write_dumps,
)
from coopgraph.store.dumps import CHECKSUMS_NAME, Abandoned

SEED = DATA_GRAPH_BASE + "seed/sample"
OUTSIDE = "http://example.org/graphs/outside"
CONTENT = {
    ONTOLOGY_GRAPH: (
        b"<https://w3id.org/coopgraph/def/Territory> "
        b'<http://www.w3.org/2000/01/rdf-schema#label> "Territoire"@fr .\n'
    ),
    SEED: (
        b"<https://w3id.org/coopgraph/id/action/a> <http://purl.org/dc/terms/title> "
        b'"caf\xc3\xa9 \\"citoyen\\"\\n" .\n'
        b"<https://w3id.org/coopgraph/id/action/a> <http://purl.org/dc/terms/source> _:doc .\n"
        b"_:doc <http://purl.org/dc/terms/date> "
        b'"2019"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n'
    ),
    OUTSIDE: b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n",
}


def _fill(store: Store) -> None:
    for graph, ntriples in CONTENT.items():
        store.load(ntriples, formats.N_TRIPLES, graph)
    store.load(b"<http://example.org/d> <http://example.org/p> 1 .\n", formats.TURTLE, None)


def _lines(data: bytes) -> list[str]:
    return sorted(line for line in data.decode().splitlines() if line.strip())


@pytest.fixture(scope="module")
def filled() -> Iterator[Store]:
    store = memory_store()
    _fill(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def made(filled: Store, tmp_path_factory: pytest.TempPathFactory) -> DumpSet:
    return write_dumps(filled, tmp_path_factory.mktemp("dumps"))


def test_the_whole_dump_holds_every_quad_of_the_store(filled: Store, made: DumpSet) -> None:
    whole = gzip.decompress(made.whole.path.read_bytes())
    backup = io.BytesIO()
    filled.dump(backup)
    assert _lines(whole) == _lines(backup.getvalue())
    assert made.whole.quads == len(_lines(backup.getvalue())) == 6
    assert made.whole.media_type == formats.N_QUADS
    assert '"café \\"citoyen\\"\\n" <' + SEED + "> ." in whole.decode()  # a sample, escapes kept


def test_each_graph_has_its_own_file_with_its_triples(filled: Store, made: DumpSet) -> None:
    names = {f.name for f in made.files}
    assert names == {
        WHOLE_NAME,
        "default.nt.gz",
        "graph/ontology.nt.gz",
        "graph/data/seed/sample.nt.gz",
        graph_file_name(OUTSIDE),
    }
    for graph in (ONTOLOGY_GRAPH, SEED, OUTSIDE):
        file = made.find(graph_file_name(graph))
        assert file is not None
        assert file.graph == graph
        assert file.media_type == formats.N_TRIPLES
        content = gzip.decompress(file.path.read_bytes())
        assert _lines(content) == _lines(filled.export_graph(graph, formats.N_TRIPLES))
        assert file.quads == len(_lines(content))


def test_the_checksums_and_sizes_are_those_of_the_bytes(made: DumpSet) -> None:
    for file in made.files:
        data = file.path.read_bytes()
        assert file.byte_size == len(data)
        assert file.sha256 == hashlib.sha256(data).hexdigest()
    checked = subprocess.run(
        ["sha256sum", "--check", "--quiet", CHECKSUMS_NAME], cwd=made.folder, check=False
    )
    assert checked.returncode == 0


def test_the_same_content_gives_the_same_bytes(
    filled: Store, made: DumpSet, tmp_path: Path
) -> None:
    again = write_dumps(filled, tmp_path)
    assert [(f.name, f.sha256) for f in again.files] == [(f.name, f.sha256) for f in made.files]


def test_an_empty_default_graph_has_no_file(tmp_path: Path) -> None:
    store = memory_store()
    store.load(CONTENT[SEED], formats.N_TRIPLES, SEED)
    made = write_dumps(store, tmp_path)
    assert [f.name for f in made.files] == [WHOLE_NAME, "graph/data/seed/sample.nt.gz"]


def test_an_abandoned_build_leaves_nothing(filled: Store, tmp_path: Path) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(Abandoned):
        write_dumps(filled, tmp_path, stop)
    assert list(tmp_path.iterdir()) == []


def test_dumps_live_in_the_store_folder_or_a_temporary_one(tmp_path: Path) -> None:
    assert dumps_folder(Settings(store=str(tmp_path))) == tmp_path / "dumps"
    assert dumps_folder(Settings(store="memory")) is None
    assert dumps_folder(Settings(store="http://localhost:8890/sparql")) is None


def test_the_keeper_serves_the_last_complete_set_and_makes_a_new_one(tmp_path: Path) -> None:
    store = memory_store()
    _fill(store)
    leftover = tmp_path / "set-3-0123abcd"
    leftover.mkdir()
    keeper = DumpKeeper(store, tmp_path)
    assert not leftover.exists()  # an earlier process's generation means nothing now
    assert keeper.current() is None  # the first set is being made
    first = keeper.wait(30)
    assert first is not None
    assert keeper.is_fresh(first)
    store.load(b"<http://example.org/new> <http://example.org/p> 2 .\n", formats.TURTLE, SEED)
    assert keeper.current() is first  # the last complete set while the next one is made
    assert not keeper.is_fresh(first)
    second = keeper.wait(30)
    assert second is not None
    assert second is not first
    assert keeper.is_fresh(second)
    assert second.whole.quads == first.whole.quads + 1
    assert first.folder.is_dir()  # the previous set may still be being read
    store.update("INSERT DATA { <http://example.org/x> <http://example.org/p> 3 }")
    third = keeper.wait(30)
    assert third is not None
    assert third.whole.quads == second.whole.quads + 1
    assert not first.folder.exists()
    assert second.folder.is_dir()
    keeper.close()
    assert third.folder.is_dir()  # a folder of the store's own stays


def test_a_keeper_without_folder_removes_its_own_when_closed() -> None:
    store = memory_store()
    _fill(store)
    keeper = DumpKeeper(store, None)
    made = keeper.wait(30)
    assert made is not None
    assert made.whole.path.is_file()
    keeper.close()
    assert not made.folder.exists()


def test_dumps_are_the_same_on_every_engine(store: Store, tmp_path: Path) -> None:
    for graph in (ONTOLOGY_GRAPH, OUTSIDE):
        store.load(CONTENT[graph], formats.N_TRIPLES, graph)
    made = write_dumps(store, tmp_path)
    whole = _lines(gzip.decompress(made.whole.path.read_bytes()))
    expected = [
        f"{line.removesuffix(' .')} <{graph}> ."
        for graph in (ONTOLOGY_GRAPH, OUTSIDE)
        for line in _lines(CONTENT[graph])
    ]
    assert whole == sorted(expected)
    ontology = made.find("graph/ontology.nt.gz")
    assert ontology is not None
    assert _lines(gzip.decompress(ontology.path.read_bytes())) == _lines(CONTENT[ONTOLOGY_GRAPH])
