"""The embedded store: loading every format, atomic writes, backups, datasets, answers."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from coopgraph import formats
from coopgraph.errors import (
    InputError,
    NotAcceptable,
    QuerySyntaxError,
    RdfSyntaxError,
    StoreError,
)
from coopgraph.store.base import AnswerFormats, Dataset
from coopgraph.store.embedded import EmbeddedStore

EX = "http://example.org/"
GRAPH = EX + "graph/one"
OTHER = EX + "graph/two"
RESULTS_AND_TURTLE = AnswerFormats(formats.SPARQL_JSON, formats.TURTLE)

# The same two triples in every format pyoxigraph reads: <a> <name> "Alice"@fr ; <knows> <b>.
SAMPLES = {
    "turtle": (
        formats.TURTLE,
        b'@prefix ex: <http://example.org/> .\nex:a ex:name "Alice"@fr ; ex:knows ex:b .\n',
    ),
    "trig": (
        formats.TRIG,
        b'@prefix ex: <http://example.org/> .\n{ ex:a ex:name "Alice"@fr ; ex:knows ex:b . }\n',
    ),
    "n-triples": (
        formats.N_TRIPLES,
        b'<http://example.org/a> <http://example.org/name> "Alice"@fr .\n'
        b"<http://example.org/a> <http://example.org/knows> <http://example.org/b> .\n",
    ),
    "n-quads": (
        formats.N_QUADS,
        b'<http://example.org/a> <http://example.org/name> "Alice"@fr .\n'
        b"<http://example.org/a> <http://example.org/knows> <http://example.org/b> .\n",
    ),
    "rdf-xml": (
        formats.RDF_XML,
        b'<?xml version="1.0"?>\n'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns:ex="http://example.org/">\n'
        b'  <rdf:Description rdf:about="http://example.org/a">\n'
        b'    <ex:name xml:lang="fr">Alice</ex:name>\n'
        b'    <ex:knows rdf:resource="http://example.org/b"/>\n'
        b"  </rdf:Description>\n</rdf:RDF>\n",
    ),
    "json-ld": (
        formats.JSON_LD,
        b'{"@id": "http://example.org/a",'
        b' "http://example.org/name": {"@value": "Alice", "@language": "fr"},'
        b' "http://example.org/knows": {"@id": "http://example.org/b"}}',
    ),
}
SAMPLE_TRIPLES = {
    (URIRef(EX + "a"), URIRef(EX + "name"), Literal("Alice", lang="fr")),
    (URIRef(EX + "a"), URIRef(EX + "knows"), URIRef(EX + "b")),
}
TRIPLES_OF_GRAPH = "SELECT ?s ?p ?o ?graph WHERE { GRAPH ?graph { ?s ?p ?o } }"


@pytest.fixture
def store() -> EmbeddedStore:
    """An empty store in memory."""
    return EmbeddedStore.in_memory()


def triples_in(store: EmbeddedStore, graph: str | None) -> set[tuple[object, ...]]:
    """The triples of one graph (None: the default graph), as rdflib terms."""
    if graph is None:
        table = store.select(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        )
    else:
        table = store.select(TRIPLES_OF_GRAPH, {"graph": URIRef(graph)})
    return {(row["s"], row["p"], row["o"]) for row in table}


def quads_of(store: EmbeddedStore) -> set[str]:
    """Every quad of the store as N-Quads lines."""
    output = io.BytesIO()
    store.dump(output)
    return {line for line in output.getvalue().decode().splitlines() if line}


# Loading -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("media_type", "data"), SAMPLES.values(), ids=SAMPLES.keys())
def test_load_reads_every_format_into_the_named_graph(
    store: EmbeddedStore, media_type: str, data: bytes
) -> None:
    assert store.load(data, media_type, GRAPH) == 2
    assert triples_in(store, GRAPH) == SAMPLE_TRIPLES
    assert store.graph_names() == [GRAPH]


@pytest.mark.parametrize(("media_type", "data"), SAMPLES.values(), ids=SAMPLES.keys())
def test_load_without_a_graph_fills_the_default_graph(
    store: EmbeddedStore, media_type: str, data: bytes
) -> None:
    store.load(data, media_type, None)
    assert triples_in(store, None) == SAMPLE_TRIPLES
    assert store.graph_names() == []


@pytest.mark.parametrize(
    ("media_type", "data"),
    [
        (
            formats.N_QUADS,
            b"<http://example.org/a> <http://example.org/p> <http://example.org/b>"
            b" <http://example.org/graph/one> .\n",
        ),
        (
            formats.TRIG,
            b"<http://example.org/graph/one> {"
            b" <http://example.org/a> <http://example.org/p> <http://example.org/b> }",
        ),
    ],
    ids=["n-quads", "trig"],
)
def test_load_of_a_dataset_keeps_its_own_graphs(
    store: EmbeddedStore, media_type: str, data: bytes
) -> None:
    store.load(data, media_type, None)
    assert store.graph_names() == [GRAPH]
    assert store.count(GRAPH) == 1


def test_load_refuses_a_media_type_it_cannot_read(store: EmbeddedStore) -> None:
    with pytest.raises(Exception, match="image/png"):
        store.load(b"", "image/png", None)


class _ConnectionRecorder:
    """A loopback TCP server that only records who connects to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port: int = self.server.getsockname()[1]
        self.connections = 0
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while self._running:
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def stop(self) -> None:
        self._running = False
        self._thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def recorder() -> Iterator[_ConnectionRecorder]:
    """A loopback port that counts connection attempts."""
    started = _ConnectionRecorder()
    yield started
    started.stop()


def test_json_ld_with_a_remote_context_is_refused_without_fetching_it(
    store: EmbeddedStore, recorder: _ConnectionRecorder
) -> None:
    context = f"http://127.0.0.1:{recorder.port}/context.jsonld"
    document = f'{{"@context": "{context}", "@id": "{EX}a", "name": "Alice"}}'.encode()
    with pytest.raises(RdfSyntaxError, match="remote context"):
        store.load(document, formats.JSON_LD, GRAPH)
    with pytest.raises(RdfSyntaxError, match="remote context"):
        store.replace_graph(GRAPH, document, formats.JSON_LD)
    recorder.stop()
    assert recorder.connections == 0
    assert store.count() == 0


BROKEN = {
    "turtle": (
        formats.TURTLE,
        b'@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "x',
    ),
    "n-triples": (
        formats.N_TRIPLES,
        b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
        b"<http://example.org/a> <http://example.org/b> oops .\n",
    ),
    "n-quads": (
        formats.N_QUADS,
        b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
        b"<http://example.org/a> <http://example.org/b> oops .\n",
    ),
    "trig": (formats.TRIG, b"@prefix ex: <http://example.org/> .\n{ ex:a ex:b ex:c .\n ex:a ex:b"),
}


@pytest.mark.parametrize(("media_type", "data"), BROKEN.values(), ids=BROKEN.keys())
def test_a_parse_error_carries_line_and_column(
    store: EmbeddedStore, media_type: str, data: bytes
) -> None:
    with pytest.raises(RdfSyntaxError) as caught:
        store.load(data, media_type, GRAPH)
    assert caught.value.line is not None
    assert caught.value.line > 1
    assert caught.value.column is not None
    assert f"line {caught.value.line}" in str(caught.value)
    assert store.count() == 0


# Replacing and dropping graphs -------------------------------------------------------------

OLD = b"<http://example.org/old> <http://example.org/p> <http://example.org/x> .\n"
NEW = SAMPLES["turtle"][1]


@pytest.mark.parametrize("graph", [GRAPH, None], ids=["named-graph", "default-graph"])
def test_replace_graph_replaces_exactly(store: EmbeddedStore, graph: str | None) -> None:
    store.load(OLD, formats.N_TRIPLES, graph)
    store.load(OLD, formats.N_TRIPLES, OTHER)
    assert store.replace_graph(graph, NEW, formats.TURTLE) == 2
    assert triples_in(store, graph) == SAMPLE_TRIPLES
    assert store.count(OTHER) == 1


@pytest.mark.parametrize("graph", [GRAPH, None], ids=["named-graph", "default-graph"])
def test_replace_graph_with_a_bad_payload_leaves_the_old_graph(
    store: EmbeddedStore, graph: str | None
) -> None:
    store.load(OLD, formats.N_TRIPLES, graph)
    before = triples_in(store, graph)
    with pytest.raises(RdfSyntaxError):
        store.replace_graph(graph, NEW + b"ex:a ex:b", formats.TURTLE)
    assert triples_in(store, graph) == before


def test_replace_graph_creates_a_new_graph(store: EmbeddedStore) -> None:
    store.replace_graph(GRAPH, NEW, formats.TURTLE)
    assert store.has_graph(GRAPH)
    assert triples_in(store, GRAPH) == SAMPLE_TRIPLES


def test_replace_graph_with_a_bad_payload_creates_no_graph(store: EmbeddedStore) -> None:
    with pytest.raises(RdfSyntaxError):
        store.replace_graph(GRAPH, b"not turtle at all", formats.TURTLE)
    assert not store.has_graph(GRAPH)


def test_replace_graph_keeps_awkward_terms_intact(store: EmbeddedStore) -> None:
    awkward = (
        b"@prefix ex: <http://example.org/> .\n"
        b'ex:a ex:p "line\\nbreak\\t\\"quoted\\" } ; DROP ALL #" , "\xc3\xa9t\xc3\xa9"@fr ,'
        b" 42 ; ex:q [ ex:r _:x ] .\n_:x ex:s ex:t .\n"
    )
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    assert store.replace_graph(GRAPH, awkward, formats.TURTLE) == 6
    values = {row["o"] for row in store.select(f"SELECT ?o {{ <{EX}a> <{EX}p> ?o }}")}
    assert values == {
        Literal('line\nbreak\t"quoted" } ; DROP ALL #'),
        Literal("été", lang="fr"),
        Literal(42),
    }
    assert store.ask(f"ASK {{ <{EX}a> <{EX}q> [ <{EX}r> [ <{EX}s> <{EX}t> ] ] }}")


def test_drop_graph(store: EmbeddedStore) -> None:
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    store.load(OLD, formats.N_TRIPLES, None)
    assert store.drop_graph(GRAPH) is True
    assert not store.has_graph(GRAPH)
    assert store.drop_graph(GRAPH) is False
    assert store.drop_graph(None) is True
    assert store.count() == 0


# Backup ------------------------------------------------------------------------------------

DATASET = (
    b"@prefix ex: <http://example.org/> .\n"
    b'ex:a ex:p "default", 3 .\n'
    b'<http://example.org/graph/one> { ex:a ex:p "one"@en ; ex:q [ ex:r ex:s ] . }\n'
    b"<http://example.org/graph/two> { ex:b ex:p ex:c . }\n"
)


def test_dump_and_restore_round_trip(store: EmbeddedStore) -> None:
    store.load(DATASET, formats.TRIG, None)
    backup = io.BytesIO()
    store.dump(backup)
    other = EmbeddedStore.in_memory()
    other.load(OLD, formats.N_TRIPLES, OTHER)
    assert other.restore(io.BytesIO(backup.getvalue())) == 6
    assert quads_of(other) == quads_of(store)
    assert other.graph_names() == [GRAPH, OTHER]


def test_restore_of_a_broken_file_leaves_the_store(store: EmbeddedStore) -> None:
    store.load(DATASET, formats.TRIG, None)
    before = quads_of(store)
    broken = io.BytesIO(b"<http://example.org/a> <http://example.org/p> .\n")
    with pytest.raises(RdfSyntaxError):
        store.restore(broken)
    assert quads_of(store) == before


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


# Answers -----------------------------------------------------------------------------------

PEOPLE = b"".join(
    b'<http://example.org/p%d> <http://example.org/name> "person %d" .\n' % (i, i) for i in range(5)
)
SELECT_NAMES = "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }"
CONSTRUCT_NAMES = "CONSTRUCT { ?s <http://example.org/label> ?name } WHERE { ?s ?p ?name }"


@pytest.fixture
def people(store: EmbeddedStore) -> EmbeddedStore:
    """A store with five named people in one graph."""
    store.load(PEOPLE, formats.N_TRIPLES, GRAPH)
    return store


def _result_rows(body: bytes, media_type: str) -> int:
    if media_type == formats.CSV:  # lossy, so pyoxigraph will not parse it back
        return len(body.decode().splitlines()) - 1
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.from_media_type(media_type))
    assert isinstance(parsed, ox.QuerySolutions)
    return len(list(parsed))


def _triple_count(body: bytes, media_type: str) -> int:
    return len(list(ox.parse(body, format=ox.RdfFormat.from_media_type(media_type))))


@pytest.mark.parametrize(
    ("row_cap", "rows", "truncated"),
    [(None, 5, False), (10, 5, False), (5, 5, False), (3, 3, True), (1, 1, True)],
    ids=["no-cap", "cap-above", "cap-equal", "cap-below", "cap-one"],
)
@pytest.mark.parametrize("media_type", formats.RESULT_MEDIA_TYPES)
def test_answer_select_in_every_format_with_row_cap(
    people: EmbeddedStore, media_type: str, row_cap: int | None, rows: int, truncated: bool
) -> None:
    answer = people.answer(SELECT_NAMES, AnswerFormats(media_type, None), row_cap=row_cap)
    assert (answer.kind, answer.media_type) == ("solutions", media_type)
    assert _result_rows(answer.body, media_type) == rows
    assert answer.truncated is truncated


@pytest.mark.parametrize(
    ("row_cap", "triples", "truncated"),
    [(None, 5, False), (5, 5, False), (2, 2, True)],
    ids=["no-cap", "cap-equal", "cap-below"],
)
@pytest.mark.parametrize("media_type", formats.GRAPH_MEDIA_TYPES)
def test_answer_construct_in_every_format_with_row_cap(
    people: EmbeddedStore, media_type: str, row_cap: int | None, triples: int, truncated: bool
) -> None:
    answer = people.answer(CONSTRUCT_NAMES, AnswerFormats(None, media_type), row_cap=row_cap)
    assert (answer.kind, answer.media_type) == ("graph", media_type)
    assert _triple_count(answer.body, media_type) == triples
    assert answer.truncated is truncated


@pytest.mark.parametrize("media_type", formats.RESULT_MEDIA_TYPES)
def test_answer_ask_in_every_format(people: EmbeddedStore, media_type: str) -> None:
    answer = people.answer("ASK { ?s ?p ?o }", AnswerFormats(media_type, None), row_cap=1)
    assert answer.kind == "boolean"
    assert not answer.truncated
    if media_type == formats.CSV:
        assert answer.body.decode().splitlines()[-1] == "true"
        return
    parsed = ox.parse_query_results(
        answer.body, format=ox.QueryResultsFormat.from_media_type(media_type)
    )
    assert isinstance(parsed, ox.QueryBoolean)
    assert bool(parsed)


def test_answer_truncation_counts_rows_not_lines(store: EmbeddedStore) -> None:
    store.load(
        b'<http://example.org/a> <http://example.org/p> "one\\ntwo\\nthree" .\n'
        b'<http://example.org/b> <http://example.org/p> "four" .\n',
        formats.N_TRIPLES,
        None,
    )
    answer = store.answer("SELECT ?o { ?s ?p ?o }", RESULTS_AND_TURTLE, row_cap=2)
    assert not answer.truncated
    assert _result_rows(answer.body, formats.SPARQL_JSON) == 2


def test_answer_refuses_a_format_the_kind_cannot_take(people: EmbeddedStore) -> None:
    with pytest.raises(NotAcceptable, match="SELECT"):
        people.answer(SELECT_NAMES, AnswerFormats(None, formats.TURTLE))
    with pytest.raises(NotAcceptable, match="CONSTRUCT"):
        people.answer(CONSTRUCT_NAMES, AnswerFormats(formats.SPARQL_JSON, None))


def test_a_query_that_does_not_parse_says_where(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError, match="1:25"):
        store.answer("SELECT * WHERE { ?s ?p }", RESULTS_AND_TURTLE)


def test_an_update_that_does_not_parse(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError, match="update"):
        store.update("INSERT DATA { <http://example.org/a> }")


# Bindings ----------------------------------------------------------------------------------

INJECTION = Literal('person 1" } ; DROP ALL ; SELECT * { ?s ?p "')


def test_select_binds_values_in_the_engine(people: EmbeddedStore) -> None:
    query = "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }"
    table = people.select(query, {"name": Literal("person 1")})
    assert table.variables == ("s", "name")
    assert [row["s"] for row in table] == [URIRef(EX + "p1")]
    assert len(people.select(query, {"name": INJECTION})) == 0
    assert people.count() == 5


def test_ask_binds_values_in_the_engine(people: EmbeddedStore) -> None:
    query = "ASK { ?s <http://example.org/name> ?name }"
    assert people.ask(query, {"name": Literal("person 4")})
    assert not people.ask(query, {"name": INJECTION})
    assert not people.ask(query, {"s": URIRef(EX + "nobody")})
    assert people.count() == 5


def test_select_binding_a_variable_outside_the_projection_says_so(
    people: EmbeddedStore,
) -> None:
    with pytest.raises(QuerySyntaxError, match=r"\?name"):
        people.select("SELECT ?s { ?s ?p ?name }", {"name": Literal("person 1")})


def test_select_leaves_unbound_variables_out_of_the_row(store: EmbeddedStore) -> None:
    table = store.select("SELECT ?a ?b { VALUES (?a ?b) { (1 UNDEF) } }")
    assert table.rows == [{"a": Literal(1)}]


def test_select_and_ask_insist_on_their_kind(people: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError, match="SELECT"):
        people.select("ASK { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match="ASK"):
        people.ask(SELECT_NAMES)


# Datasets ----------------------------------------------------------------------------------

WHERE_FROM = "SELECT ?s ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


@pytest.fixture
def three_graphs(store: EmbeddedStore) -> EmbeddedStore:
    """<d> in the default graph, <one> in graph one, <two> in graph two."""
    store.load(b"<http://example.org/d> <http://example.org/p> 1 .", formats.TURTLE, None)
    store.load(b"<http://example.org/one> <http://example.org/p> 1 .", formats.TURTLE, GRAPH)
    store.load(b"<http://example.org/two> <http://example.org/p> 1 .", formats.TURTLE, OTHER)
    return store


def _default_and_named(store: EmbeddedStore, dataset: Dataset) -> tuple[set[str], set[str]]:
    answer = store.answer(WHERE_FROM, AnswerFormats(formats.TSV, None), dataset)
    parsed = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    default: set[str] = set()
    named: set[str] = set()
    for row in parsed:
        subject = row["s"].value.removeprefix(EX)
        (named if row["g"] is not None else default).add(subject)
    return default, named


@pytest.mark.parametrize(
    ("dataset", "default", "named"),
    [
        (Dataset(), {"d", "one", "two"}, {"one", "two"}),
        (Dataset(default_graphs=(GRAPH,)), {"one"}, set()),
        (Dataset(named_graphs=(OTHER,)), set(), {"two"}),
        (Dataset((GRAPH, OTHER), (GRAPH,)), {"one", "two"}, {"one"}),
    ],
    ids=["none-given-union", "default-graph-uri", "named-graph-uri", "both"],
)
def test_dataset_of_a_query(
    three_graphs: EmbeddedStore, dataset: Dataset, default: set[str], named: set[str]
) -> None:
    assert _default_and_named(three_graphs, dataset) == (default, named)


# Writes ------------------------------------------------------------------------------------


def test_generation_grows_on_every_write_only(store: EmbeddedStore) -> None:
    seen = [store.generation()]
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    seen.append(store.generation())
    store.update(f"INSERT DATA {{ <{EX}a> <{EX}p> 1 }}")
    seen.append(store.generation())
    store.replace_graph(GRAPH, NEW, formats.TURTLE)
    seen.append(store.generation())
    store.drop_graph(GRAPH)
    seen.append(store.generation())
    backup = io.BytesIO()
    store.dump(backup)
    store.restore(io.BytesIO(backup.getvalue()))
    seen.append(store.generation())
    assert seen == sorted(set(seen))
    store.select("SELECT * { ?s ?p ?o }")
    store.drop_graph(GRAPH)
    assert store.generation() == seen[-1]


def test_concurrent_writers_all_land(store: EmbeddedStore) -> None:
    def write(thread: int) -> None:
        for item in range(25):
            store.load(f"<{EX}t{thread}> <{EX}loaded> {item} .".encode(), formats.TURTLE, GRAPH)
            store.update(f"INSERT DATA {{ <{EX}t{thread}> <{EX}updated> {item} }}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.count() == 8 * 25 * 2
    assert store.count(GRAPH) == 8 * 25


def test_blank_nodes_of_separate_documents_stay_apart(store: EmbeddedStore) -> None:
    store.load(b'_:x <http://example.org/p> "first" .', formats.TURTLE, GRAPH)
    store.load(b'_:x <http://example.org/p> "second" .', formats.TURTLE, GRAPH)
    store.replace_graph(OTHER, b'_:x <http://example.org/p> "third" .', formats.TURTLE)
    subjects = store.select("SELECT DISTINCT ?s { ?s <http://example.org/p> ?o }")
    assert len(subjects) == 3


def test_restore_keeps_blank_nodes_shared_within_the_backup(store: EmbeddedStore) -> None:
    backup = b'_:x <http://example.org/p> "a" .\n_:x <http://example.org/q> "b" <http://g> .\n'
    store.restore(io.BytesIO(backup))
    assert store.ask('ASK { ?x <http://example.org/p> "a" . GRAPH ?g { ?x ?q "b" } }')


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


def test_a_binding_pyoxigraph_rejects_is_an_input_error() -> None:
    store = EmbeddedStore.in_memory()
    with pytest.raises(InputError, match="not a valid RDF term"):
        store.select("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef(":")})
