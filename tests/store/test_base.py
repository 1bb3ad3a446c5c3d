"""The Store interface contract, run on every engine: the embedded store and Virtuoso."""

from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from coopgraph import formats
from coopgraph.errors import NotAcceptable, QuerySyntaxError, RdfSyntaxError
from coopgraph.store.base import AnswerFormats, Dataset, Store

EX = "http://example.org/"
GRAPH = EX + "graph/one"
OTHER = EX + "graph/two"
JSON_RESULTS = AnswerFormats(formats.SPARQL_JSON, formats.TURTLE)
TURTLE = b'@prefix ex: <http://example.org/> .\nex:a ex:name "Alice"@fr ; ex:knows ex:b .\n'
# The same two triples in every format the stores read: <a> <name> "Alice"@fr ; <knows> <b>.
SAMPLES = {
    "turtle": (formats.TURTLE, TURTLE),
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
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        b'<ex:name xml:lang="fr">Alice</ex:name><ex:knows rdf:resource="http://example.org/b"/>'
        b"</rdf:Description></rdf:RDF>\n",
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
OLD = b"<http://example.org/old> <http://example.org/p> <http://example.org/x> .\n"
DATASET = (
    b"@prefix ex: <http://example.org/> .\n"
    b'ex:a ex:p "default", 3 .\n'
    b'<http://example.org/graph/one> { ex:a ex:p "one"@en ; ex:q [ ex:r ex:s ] . }\n'
    b"<http://example.org/graph/two> { ex:b ex:p ex:c . }\n"
)
# DATASET again, as N-Quads.
DATASET_NQUADS = (
    b'<http://example.org/a> <http://example.org/p> "default" .\n'
    b"<http://example.org/a> <http://example.org/p>"
    b' "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    b'<http://example.org/a> <http://example.org/p> "one"@en <http://example.org/graph/one> .\n'
    b"<http://example.org/a> <http://example.org/q> _:b <http://example.org/graph/one> .\n"
    b"_:b <http://example.org/r> <http://example.org/s> <http://example.org/graph/one> .\n"
    b"<http://example.org/b> <http://example.org/p> <http://example.org/c>"
    b" <http://example.org/graph/two> .\n"
)
PEOPLE = b"".join(
    b'<http://example.org/p%d> <http://example.org/name> "person %d" .\n' % (i, i) for i in range(5)
)
SELECT_NAMES = "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }"
CONSTRUCT_NAMES = "CONSTRUCT { ?s <http://example.org/label> ?name } WHERE { ?s ?p ?name }"
INJECTION = Literal('person 1" } ; DROP ALL ; SELECT * { ?s ?p "')


def triples_in(store: Store, graph: str | None) -> set[tuple[object, ...]]:
    """The triples of one graph (None: the default graph), read back from its export."""
    return set(Graph().parse(data=store.export_graph(graph, formats.N_TRIPLES), format="nt"))


def count(store: Store, where: str = "{ ?s ?p ?o }") -> int:
    """How many solutions a pattern has in the union default graph."""
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {where}").rows
    return int(str(rows[0]["n"]))


def quads_count(store: Store) -> int:
    """How many quads a dump holds."""
    output = io.BytesIO()
    store.dump(output)
    return len([line for line in output.getvalue().splitlines() if line.strip()])


def graphs_of(store: Store) -> dict[str, object]:
    """Every graph of a dump, by name, in a form equal for isomorphic graphs (blank node
    labels may differ between engines and between dumps)."""
    output = io.BytesIO()
    store.dump(output)
    lines: dict[str, list[str]] = {}
    for quad in ox.parse(output.getvalue(), format=ox.RdfFormat.N_QUADS):
        lines.setdefault(str(quad.graph_name), []).append(f"{quad.triple} .\n")
    return {
        name: to_isomorphic(Graph().parse(data="".join(triples), format="nt"))
        for name, triples in lines.items()
    }


# Loading and replacing ---------------------------------------------------------------------


@pytest.mark.parametrize(("media_type", "data"), SAMPLES.values(), ids=SAMPLES.keys())
def test_load_reads_every_format_into_the_named_graph(
    store: Store, media_type: str, data: bytes
) -> None:
    assert store.load(data, media_type, GRAPH) == 2
    assert triples_in(store, GRAPH) == SAMPLE_TRIPLES
    assert store.graph_names() == [GRAPH]
    assert store.has_graph(GRAPH)


@pytest.mark.parametrize(("media_type", "data"), SAMPLES.values(), ids=SAMPLES.keys())
def test_load_without_a_graph_fills_the_default_graph(
    store: Store, media_type: str, data: bytes
) -> None:
    store.load(data, media_type, None)
    assert triples_in(store, None) == SAMPLE_TRIPLES
    assert store.graph_names() == []
    assert count(store) == 2


@pytest.mark.parametrize(
    ("media_type", "data"),
    [(formats.TRIG, DATASET), (formats.N_QUADS, DATASET_NQUADS)],
    ids=["trig", "n-quads"],
)
def test_load_of_a_dataset_keeps_its_own_graphs(store: Store, media_type: str, data: bytes) -> None:
    assert store.load(data, media_type, None) == 6
    assert store.graph_names() == [GRAPH, OTHER]
    assert count(store, f"{{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}") == 3
    assert count(store, f"{{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }}") == 1
    assert len(triples_in(store, None)) == 2


def test_load_all_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(RdfSyntaxError):
        store.load_all([(OLD, formats.N_TRIPLES), (b"<a> <b", formats.N_TRIPLES)], GRAPH)
    assert not store.has_graph(GRAPH)
    assert store.load_all([(OLD, formats.N_TRIPLES), (TURTLE, formats.TURTLE)], GRAPH) == 3


def test_load_refuses_a_media_type_it_cannot_read(store: Store) -> None:
    with pytest.raises(Exception, match="image/png"):
        store.load(b"", "image/png", None)
    assert count(store) == 0


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
def test_a_parse_error_carries_line_and_column(store: Store, media_type: str, data: bytes) -> None:
    with pytest.raises(RdfSyntaxError) as caught:
        store.load(data, media_type, GRAPH)
    assert caught.value.line is not None
    assert caught.value.line > 1
    assert caught.value.column is not None
    assert f"line {caught.value.line}" in str(caught.value)
    assert count(store) == 0


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
    store: Store, recorder: _ConnectionRecorder
) -> None:
    context = f"http://127.0.0.1:{recorder.port}/context.jsonld"
    document = f'{{"@context": "{context}", "@id": "{EX}a", "name": "Alice"}}'.encode()
    with pytest.raises(RdfSyntaxError, match="remote context"):
        store.load(document, formats.JSON_LD, GRAPH)
    with pytest.raises(RdfSyntaxError, match="remote context"):
        store.replace_graph(GRAPH, document, formats.JSON_LD)
    recorder.stop()
    assert recorder.connections == 0
    assert count(store) == 0


@pytest.mark.parametrize("graph", [GRAPH, None], ids=["named-graph", "default-graph"])
def test_replace_graph_replaces_exactly(store: Store, graph: str | None) -> None:
    store.load(OLD, formats.N_TRIPLES, graph)
    store.load(OLD, formats.N_TRIPLES, OTHER)
    assert store.replace_graph(graph, TURTLE, formats.TURTLE) == 2
    assert triples_in(store, graph) == SAMPLE_TRIPLES
    assert count(store, f"{{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }}") == 1


@pytest.mark.parametrize("graph", [GRAPH, None], ids=["named-graph", "default-graph"])
def test_replace_graph_with_a_bad_payload_leaves_the_old_graph(
    store: Store, graph: str | None
) -> None:
    store.load(OLD, formats.N_TRIPLES, graph)
    before = triples_in(store, graph)
    with pytest.raises(RdfSyntaxError):
        store.replace_graph(graph, TURTLE + b"ex:a ex:b", formats.TURTLE)
    assert triples_in(store, graph) == before
    assert count(store) == 1
    with pytest.raises(RdfSyntaxError):
        store.replace_graph(OTHER, b"not turtle at all", formats.TURTLE)
    assert not store.has_graph(OTHER)


def test_replace_graph_creates_a_new_graph(store: Store) -> None:
    assert store.replace_graph(GRAPH, TURTLE, formats.TURTLE) == 2
    assert store.has_graph(GRAPH)
    assert store.graph_names() == [GRAPH]
    assert triples_in(store, GRAPH) == SAMPLE_TRIPLES


def test_replace_graph_keeps_awkward_terms_intact(store: Store) -> None:
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


def _blank_node_chains() -> bytes:
    """4,300 N-Triples: 2,000 two-step chains of blank nodes and one 300-step chain."""
    items = [f"<{EX}i{i}> <{EX}has> _:a{i} .\n_:a{i} <{EX}next> _:b{i} .\n" for i in range(2000)]
    chain = [f"_:n{i} <{EX}next> _:n{i + 1} .\n" for i in range(300)]
    return "".join(items + chain).encode()


def test_a_large_replacement_lands_whole_with_its_blank_nodes(store: Store) -> None:
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    assert store.replace_graph(GRAPH, _blank_node_chains(), formats.N_TRIPLES) == 4300
    assert count(store) == 4300
    assert count(store, f"{{ ?i <{EX}has> ?a . ?a <{EX}next> ?b }}") == 2000
    assert count(store, f"{{ ?a <{EX}next> ?b . ?b <{EX}next> ?c }}") == 299
    assert store.graph_names() == [GRAPH]


def test_replace_and_add_lands_whole(store: Store) -> None:
    """A replacement past Virtuoso's one-update size, and a record added with it."""
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    store.load(OLD, formats.N_TRIPLES, OTHER)
    record = f"<{EX}record> <{EX}of> <{GRAPH}> .\n".encode()
    store.replace_and_add(GRAPH, _blank_node_chains(), {OTHER: record})
    assert count(store, f"{{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}") == 4300
    assert count(store, f"{{ ?i <{EX}has> ?a . ?a <{EX}next> ?b }}") == 2000
    assert count(store, f"{{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }}") == 2  # added, not replaced
    assert store.graph_names() == [GRAPH, OTHER]


def test_drop_graph(store: Store) -> None:
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    store.load(OLD, formats.N_TRIPLES, None)
    assert store.drop_graph(GRAPH) is True
    assert not store.has_graph(GRAPH)
    assert store.drop_graph(GRAPH) is False
    assert store.drop_graph(None) is True
    assert count(store) == 0


def test_update_writes_and_names_its_graph(store: Store) -> None:
    store.update(f"PREFIX g: <{EX}graph/> INSERT DATA {{ GRAPH g:one {{ <{EX}a> <{EX}p> 1 }} }}")
    store.update(f"INSERT DATA {{ GRAPH <{OTHER}> {{ <{EX}a> <{EX}p> 2 }} }} ;")
    assert store.graph_names() == [GRAPH, OTHER]
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { <http://example.org/a> }")


def test_an_update_of_the_default_graph_lands_there(store: Store) -> None:
    """INSERT DATA without GRAPH, then DELETE WHERE without GRAPH: the default graph only
    (Virtuoso refuses an update of its own default graph; the remote store names ours)."""
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    store.update(f"INSERT DATA {{ <{EX}a> <{EX}p> 1 . <{EX}b> <{EX}p> 2 }}")
    assert triples_in(store, None) == {
        (URIRef(f"{EX}a"), URIRef(f"{EX}p"), Literal(1)),
        (URIRef(f"{EX}b"), URIRef(f"{EX}p"), Literal(2)),
    }
    assert store.graph_names() == [GRAPH]
    assert count(store, f"{{ <{EX}a> <{EX}p> 1 }}") == 1  # in the union default graph
    named = count(store, f"{{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    store.update(f"DELETE WHERE {{ <{EX}a> ?p ?o }}")
    store.update(
        f"INSERT {{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    )
    assert triples_in(store, None) == {(URIRef(f"{EX}b"), URIRef(f"{EX}p"), Literal(2))}
    assert count(store, f"{{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }}") == named
    assert store.graph_names() == [GRAPH, OTHER]


def test_generation_changes_with_every_write(store: Store) -> None:
    seen = [store.generation()]
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    seen.append(store.generation())
    store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}a> <{EX}p> 1 }} }}")
    seen.append(store.generation())
    store.replace_graph(GRAPH, TURTLE, formats.TURTLE)
    seen.append(store.generation())
    store.drop_graph(GRAPH)
    seen.append(store.generation())
    backup = io.BytesIO()
    store.dump(backup)
    store.restore(io.BytesIO(backup.getvalue()))
    seen.append(store.generation())
    assert seen == sorted(set(seen))
    store.select("SELECT * { ?s ?p ?o }")
    store.drop_graph(GRAPH)  # no longer there: nothing written
    assert store.generation() == seen[-1]


def test_concurrent_writers_all_land(store: Store) -> None:
    def write(thread: int) -> None:
        for item in range(25):
            store.load(f"<{EX}t{thread}> <{EX}loaded> {item} .".encode(), formats.TURTLE, GRAPH)
            store.update(
                f"INSERT DATA {{ GRAPH <{OTHER}> {{ <{EX}t{thread}> <{EX}updated> {item} }} }}"
            )

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(store) == 8 * 25 * 2
    assert count(store, f"{{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}") == 8 * 25
    assert count(store, f"{{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }}") == 8 * 25


def test_blank_nodes_of_separate_documents_stay_apart(store: Store) -> None:
    store.load(b'_:x <http://example.org/p> "first" .', formats.TURTLE, GRAPH)
    store.load(b'_:x <http://example.org/p> "second" .', formats.TURTLE, GRAPH)
    store.replace_graph(OTHER, b'_:x <http://example.org/p> "third" .', formats.TURTLE)
    subjects = store.select("SELECT DISTINCT ?s { ?s <http://example.org/p> ?o }")
    assert len(subjects) == 3


# Backup --------------------------------------------------------------------------------------


def test_dump_and_restore_round_trip(store: Store) -> None:
    store.load(DATASET, formats.TRIG, None)
    before = graphs_of(store)
    backup = io.BytesIO()
    store.dump(backup)
    store.load(OLD, formats.N_TRIPLES, EX + "graph/three")
    store.load(OLD, formats.N_TRIPLES, OTHER)
    assert store.restore(io.BytesIO(backup.getvalue())) == 6
    assert store.graph_names() == [GRAPH, OTHER]
    assert quads_count(store) == 6
    assert graphs_of(store) == before
    assert store.ask(f"ASK {{ GRAPH <{GRAPH}> {{ <{EX}a> <{EX}q> [ <{EX}r> <{EX}s> ] }} }}")


def test_restore_of_a_broken_file_leaves_the_store(store: Store) -> None:
    store.load(DATASET, formats.TRIG, None)
    before = graphs_of(store)
    with pytest.raises(RdfSyntaxError):
        store.restore(io.BytesIO(b"<http://example.org/a> <http://example.org/p> .\n"))
    assert quads_count(store) == 6
    assert graphs_of(store) == before


# Queries -------------------------------------------------------------------------------------


@pytest.fixture
def people(store: Store) -> Store:
    """Five named people in one graph."""
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
    people: Store, media_type: str, row_cap: int | None, rows: int, truncated: bool
) -> None:
    answer = people.answer(SELECT_NAMES, AnswerFormats(media_type, None), row_cap=row_cap)
    assert (answer.kind, answer.media_type, answer.truncated) == (
        "solutions",
        media_type,
        truncated,
    )
    assert _result_rows(answer.body, media_type) == rows


@pytest.mark.parametrize(
    ("row_cap", "triples", "truncated"),
    [(None, 5, False), (5, 5, False), (2, 2, True)],
    ids=["no-cap", "cap-equal", "cap-below"],
)
@pytest.mark.parametrize("media_type", formats.GRAPH_MEDIA_TYPES)
def test_answer_construct_in_every_format_with_row_cap(
    people: Store, media_type: str, row_cap: int | None, triples: int, truncated: bool
) -> None:
    answer = people.answer(CONSTRUCT_NAMES, AnswerFormats(None, media_type), row_cap=row_cap)
    assert (answer.kind, answer.media_type, answer.truncated) == ("graph", media_type, truncated)
    assert _triple_count(answer.body, media_type) == triples


@pytest.mark.parametrize("media_type", formats.RESULT_MEDIA_TYPES)
def test_answer_ask_in_every_format(people: Store, media_type: str) -> None:
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


def test_answer_truncation_counts_rows_not_lines(store: Store) -> None:
    store.load(
        b'<http://example.org/a> <http://example.org/p> "one\\ntwo\\nthree" .\n'
        b'<http://example.org/b> <http://example.org/p> "four" .\n',
        formats.N_TRIPLES,
        None,
    )
    answer = store.answer("SELECT ?o { ?s ?p ?o }", JSON_RESULTS, row_cap=2)
    assert not answer.truncated
    assert _result_rows(answer.body, formats.SPARQL_JSON) == 2


def test_answer_refuses_a_format_the_kind_cannot_take(people: Store) -> None:
    with pytest.raises(NotAcceptable, match="SELECT"):
        people.answer(SELECT_NAMES, AnswerFormats(None, formats.TURTLE))
    with pytest.raises(NotAcceptable, match="CONSTRUCT"):
        people.answer(CONSTRUCT_NAMES, AnswerFormats(formats.SPARQL_JSON, None))


def test_a_query_that_does_not_parse(store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        store.answer("SELECT * WHERE { ?s ?p }", JSON_RESULTS)


def test_an_update_that_does_not_parse_changes_nothing(store: Store) -> None:
    store.load(OLD, formats.N_TRIPLES, GRAPH)
    with pytest.raises(QuerySyntaxError):
        store.update(f"DROP GRAPH <{GRAPH}> ; INSERT DATA {{ <http://example.org/a> }}")
    assert count(store) == 1


def test_the_union_default_graph_holds_our_triples_only(store: Store) -> None:
    assert count(store) == 0
    assert store.select("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }").rows == []
    assert store.graph_names() == []


def test_select_binds_typed_values(people: Store) -> None:
    table = people.select(SELECT_NAMES, {"name": Literal("person 1")})
    assert table.variables == ("s", "name")
    assert [row["s"] for row in table] == [URIRef(EX + "p1")]
    assert len(people.select(SELECT_NAMES, {"name": INJECTION})) == 0
    assert len(people.select(SELECT_NAMES, {"s": URIRef(EX + "p4")})) == 1
    assert count(people) == 5


def test_ask_binds_typed_values(people: Store) -> None:
    query = "ASK { ?s <http://example.org/name> ?name }"
    assert people.ask(query, {"name": Literal("person 4")})
    assert not people.ask(query, {"name": INJECTION})
    assert not people.ask(query, {"s": URIRef(EX + "nobody")})
    assert count(people) == 5


def test_select_leaves_unbound_variables_out_of_the_row(store: Store) -> None:
    table = store.select("SELECT ?a ?b { VALUES (?a ?b) { (1 UNDEF) } }")
    assert table.rows == [{"a": Literal(1)}]


def test_bindings_filter_before_aggregation(people: Store) -> None:
    query = "SELECT ?s (COUNT(?name) AS ?n) { ?s <http://example.org/name> ?name } GROUP BY ?s"
    rows = people.select(query, {"s": URIRef(EX + "p2")}).rows
    assert [(row["s"], int(str(row["n"]))) for row in rows] == [(URIRef(EX + "p2"), 1)]


def test_binding_a_variable_outside_the_projection_says_so(people: Store) -> None:
    with pytest.raises(QuerySyntaxError, match=r"\?name"):
        people.select("SELECT ?s { ?s ?p ?name }", {"name": Literal("person 1")})


def test_select_and_ask_insist_on_their_kind(people: Store) -> None:
    with pytest.raises(QuerySyntaxError, match="SELECT"):
        people.select("ASK { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError, match="ASK"):
        people.ask(SELECT_NAMES)


def test_blank_nodes_come_back_as_blank_nodes(store: Store) -> None:
    store.load(b"_:x <http://example.org/p> 1 .", formats.TURTLE, GRAPH)
    assert all(isinstance(row["s"], BNode) for row in store.select("SELECT ?s { ?s ?p ?o }"))


# Datasets ------------------------------------------------------------------------------------

WHERE_FROM = "SELECT ?s ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


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
    store: Store, dataset: Dataset, default: set[str], named: set[str]
) -> None:
    store.load(b"<http://example.org/d> <http://example.org/p> 1 .", formats.TURTLE, None)
    store.load(b"<http://example.org/one> <http://example.org/p> 1 .", formats.TURTLE, GRAPH)
    store.load(b"<http://example.org/two> <http://example.org/p> 1 .", formats.TURTLE, OTHER)
    answer = store.answer(WHERE_FROM, JSON_RESULTS, dataset)
    found: tuple[set[str], set[str]] = (set(), set())
    for row in json.loads(answer.body)["results"]["bindings"]:
        found["g" in row].add(row["s"]["value"].removeprefix(EX))
    assert found == (default, named)


COUNT = "SELECT (COUNT(*) AS ?n) {0} WHERE {{ ?s ?p ?o }}"


def _count_of(store: Store, query: str, dataset: Dataset = Dataset()) -> int:
    answer = store.answer(query, JSON_RESULTS, dataset)
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def three_graphs(store: Store) -> Store:
    """One triple in the default graph, one in GRAPH, two in OTHER."""
    store.load(b"<http://example.org/d> <http://example.org/p> 1 .", formats.TURTLE, None)
    store.load(b"<http://example.org/one> <http://example.org/p> 1 .", formats.TURTLE, GRAPH)
    two = b"<http://example.org/two> <http://example.org/p> 1, 2 ."
    store.load(two, formats.TURTLE, OTHER)
    return store


@pytest.mark.parametrize(
    ("clauses", "expected"),
    [
        ("", 4),
        (f"FROM <{GRAPH}>", 1),
        (f"FROM <{OTHER}>", 2),
        (f"FROM <{GRAPH}> FROM <{OTHER}>", 3),
        ("FROM <http://example.org/graph/none>", 0),
        (f"FROM NAMED <{GRAPH}>", 0),
    ],
    ids=["union", "from-one", "from-other", "from-both", "from-unknown", "from-named-only"],
)
def test_from_defines_the_default_graph(three_graphs: Store, clauses: str, expected: int) -> None:
    """FROM narrows the default graph to the graphs it names (none for FROM NAMED alone, an
    empty one for a graph the store lacks); without FROM it is the union."""
    assert _count_of(three_graphs, COUNT.format(clauses)) == expected


def test_from_named_defines_the_named_graphs(three_graphs: Store) -> None:
    query = (
        f"PREFIX g: <{EX}graph/> SELECT ?g (COUNT(*) AS ?n) FROM NAMED g:two"
        " WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    rows = json.loads(three_graphs.answer(query, JSON_RESULTS).body)["results"]["bindings"]
    assert [(r["g"]["value"], r["n"]["value"]) for r in rows] == [(OTHER, "2")]


def test_from_alone_leaves_no_named_graphs(three_graphs: Store) -> None:
    query = f"ASK FROM <{GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert json.loads(three_graphs.answer(query, JSON_RESULTS).body)["boolean"] is False


def test_select_and_ask_honour_from(three_graphs: Store) -> None:
    """The internal readers too: a relative FROM resolves against the query's BASE."""
    base = f"BASE <{EX}graph/> "
    assert len(three_graphs.select(base + "SELECT ?s FROM <two> { ?s ?p ?o }")) == 2
    assert not three_graphs.ask(base + "ASK FROM <one> { ?s ?p 2 }")


@pytest.mark.parametrize(
    ("dataset", "expected"),
    [
        (Dataset((OTHER,)), 2),
        (Dataset(named_graphs=(GRAPH,)), 0),
        (Dataset(("http://example.org/graph/none",)), 0),
    ],
    ids=["default-graph-uri", "named-graph-uri", "unknown-default-graph-uri"],
)
def test_the_protocols_dataset_wins_over_from(
    three_graphs: Store, dataset: Dataset, expected: int
) -> None:
    """SPARQL 1.1 Protocol 2.1.4: default-graph-uri and named-graph-uri replace FROM and
    FROM NAMED, never merge with them."""
    query = COUNT.format(f"FROM <{GRAPH}> FROM NAMED <{OTHER}>")
    assert _count_of(three_graphs, query, dataset) == expected
    named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{OTHER}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert _count_of(three_graphs, named, dataset) == (1 if dataset.named_graphs else 0)


def test_a_from_without_a_graph_is_a_syntax_error(store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        store.answer("SELECT * FROM ?g WHERE { ?s ?p ?o }", JSON_RESULTS)
