"""The coopgraph command: load, query, dump, restore, sync, through its runner and for real."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coopgraph.access.keyring import Keyring
from coopgraph.cli.main import app
from coopgraph.iris import DATA_GRAPH_BASE, ONTOLOGY_GRAPH
from coopgraph.store.backup import backups
from coopgraph.submissions import audit

PEOPLE = (
    "@prefix ex: <http://example.org/> .\n"
    'ex:alice ex:name "Alice" ; ex:knows ex:bob .\n'
    'ex:bob ex:name "Bob" .\n'
)
NAMES = "SELECT ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"
GRAPH = "http://example.org/graph/people"
LOOS = "https://w3id.org/coopgraph/id/commune/62528"


@pytest.fixture
def runner() -> CliRunner:
    """The CLI runner."""
    return CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A store folder for the commands, as the --store value."""
    return str(tmp_path / "store")


@pytest.fixture
def people(tmp_path: Path) -> Path:
    """A Turtle file of two people."""
    path = tmp_path / "people.ttl"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def _run(runner: CliRunner, *arguments: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(arguments))
    return result.exit_code, result.stdout, result.stderr


def test_load_then_query(runner: CliRunner, store: str, people: Path) -> None:
    code, _, messages = _run(runner, "load", str(people), "--store", store)
    assert code == 0, messages
    assert f"loading {people} ..." in messages
    assert f"loaded 3 quads from {people}" in messages
    code, output, _ = _run(runner, "query", NAMES, "--store", store)
    assert code == 0
    assert output.splitlines() == ["?name", '"Alice"', '"Bob"']


def test_load_into_a_named_graph(runner: CliRunner, store: str, people: Path) -> None:
    code, _, messages = _run(runner, "load", str(people), "--graph", GRAPH, "--store", store)
    assert code == 0, messages
    query = f"ASK {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    assert _run(runner, "query", query, "--format", "json", "--store", store)[1] == (
        '{"head":{},"boolean":true}'
    )


def test_load_several_files_of_several_formats(
    runner: CliRunner, store: str, people: Path, tmp_path: Path
) -> None:
    quads = tmp_path / "more.nq"
    quads.write_text(
        '<http://example.org/carol> <http://example.org/name> "Carol" <http://example.org/g> .\n'
    )
    code, _, messages = _run(runner, "load", str(people), str(quads), "--store", store)
    assert code == 0, messages
    output = _run(runner, "query", NAMES, "--format", "csv", "--store", store)[1]
    assert output.splitlines() == ["name", "Alice", "Bob", "Carol"]


@pytest.mark.parametrize(
    ("output_format", "check"),
    [
        ("json", lambda out: len(json.loads(out)["results"]["bindings"]) == 2),
        ("csv", lambda out: out.splitlines() == ["name", "Alice", "Bob"]),
        ("tsv", lambda out: out.splitlines() == ["?name", '"Alice"', '"Bob"']),
        ("xml", lambda out: out.count("<result>") == 2),
    ],
    ids=["json", "csv", "tsv", "xml"],
)
def test_query_formats_for_select(
    runner: CliRunner, store: str, people: Path, output_format: str, check: Callable[[str], bool]
) -> None:
    _run(runner, "load", str(people), "--store", store)
    code, output, _ = _run(runner, "query", NAMES, "--format", output_format, "--store", store)
    assert code == 0
    assert check(output)


@pytest.mark.parametrize(
    ("output_format", "expected"),
    [
        ("turtle", "<http://example.org/alice> <http://example.org/label> "),
        ("nt", '<http://example.org/alice> <http://example.org/label> "Alice" .'),
        ("jsonld", '"@id":"http://example.org/alice"'),
        ("rdfxml", 'rdf:about="http://example.org/alice"'),
    ],
    ids=["turtle", "n-triples", "json-ld", "rdf-xml"],
)
def test_query_formats_for_construct(
    runner: CliRunner, store: str, people: Path, output_format: str, expected: str
) -> None:
    _run(runner, "load", str(people), "--store", store)
    construct = (
        "CONSTRUCT { ?s <http://example.org/label> ?n } WHERE { ?s <http://example.org/name> ?n }"
    )
    code, output, _ = _run(runner, "query", construct, "--format", output_format, "--store", store)
    assert code == 0
    assert expected in output


def test_query_from_a_file(runner: CliRunner, store: str, people: Path, tmp_path: Path) -> None:
    _run(runner, "load", str(people), "--store", store)
    query_file = tmp_path / "names.rq"
    query_file.write_text(NAMES, encoding="utf-8")
    code, output, _ = _run(runner, "query", f"@{query_file}", "--format", "csv", "--store", store)
    assert code == 0
    assert output.splitlines() == ["name", "Alice", "Bob"]


def test_dump_and_restore(runner: CliRunner, people: Path, tmp_path: Path) -> None:
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    backup = tmp_path / "backup.nq"
    _run(runner, "load", str(people), "--graph", GRAPH, "--store", first)
    assert _run(runner, "dump", str(backup), "--store", first)[0] == 0
    assert len(backup.read_text().splitlines()) == 3
    code, _, messages = _run(runner, "restore", str(backup), "--store", second)
    assert code == 0
    assert f"restored 3 quads from {backup}" in messages
    dumped = _run(runner, "dump", "-", "--store", second)[1]
    assert sorted(dumped.splitlines()) == sorted(backup.read_text().splitlines())


def test_sync_loads_the_content_root(
    runner: CliRunner, store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    (root / "ontology").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "ontology" / "core.ttl").write_text(PEOPLE)
    (root / "data" / "people.ttl").write_text(PEOPLE)
    monkeypatch.setenv("COOPGRAPH_CONTENT_ROOT", str(root))
    code, _, messages = _run(runner, "sync", "--store", store)
    assert code == 0, messages
    assert f"into <{ONTOLOGY_GRAPH}>" in messages
    assert "2 loaded, 0 unchanged, 0 dropped" in messages
    assert "0 loaded, 2 unchanged, 0 dropped" in _run(runner, "sync", "--store", store)[2]
    graphs = _run(runner, "query", "SELECT DISTINCT ?g { GRAPH ?g {} }", "--store", store)[1]
    assert f"<{DATA_GRAPH_BASE}people>" in graphs


# Errors ------------------------------------------------------------------------------------


def test_load_of_a_missing_file(runner: CliRunner, store: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.ttl"
    code, _, messages = _run(runner, "load", str(missing), "--store", store)
    assert code == 2
    assert f"error: cannot read {missing}: No such file or directory" in messages


def test_load_of_a_broken_file_names_file_and_line(
    runner: CliRunner, store: str, people: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b", "utf-8")
    code, _, messages = _run(runner, "load", str(people), str(broken), "--store", store)
    assert code == 1
    assert f"error: {broken}: " in messages
    assert "line 3" in messages
    assert "Traceback" not in messages


def test_load_of_an_unknown_suffix(runner: CliRunner, store: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    code, _, messages = _run(runner, "load", str(notes), "--store", store)
    assert code == 1
    assert "unknown RDF file suffix '.txt'" in messages


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["SELECT * WHERE { ?s ?p }"], 1, "error: the query does not parse: error at 1:25"),
        (["@{missing}"], 2, "error: cannot read the query file {missing}: No such file"),
        (["ASK {}", "--format", "yaml"], 2, "error: unknown --format 'yaml'"),
        (["SELECT * {}", "--format", "turtle"], 1, "error: the Accept header allows no format"),
    ],
    ids=["bad-query", "missing-query-file", "unknown-format", "graph-format-for-select"],
)
def test_query_errors(
    runner: CliRunner, store: str, tmp_path: Path, arguments: list[str], code: int, message: str
) -> None:
    missing = str(tmp_path / "missing.rq")
    filled = [argument.replace("{missing}", missing) for argument in arguments]
    exit_code, _, messages = _run(runner, "query", *filled, "--store", store)
    assert exit_code == code
    assert message.replace("{missing}", missing) in messages


def test_restore_of_a_broken_backup_keeps_the_store(
    runner: CliRunner, store: str, people: Path, tmp_path: Path
) -> None:
    _run(runner, "load", str(people), "--store", store)
    broken = tmp_path / "broken.nq"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n")
    code, _, messages = _run(runner, "restore", str(broken), "--store", store)
    assert code == 1
    assert "line 1" in messages
    assert _run(runner, "query", NAMES, "--format", "csv", "--store", store)[1].splitlines() == [
        "name",
        "Alice",
        "Bob",
    ]


def test_restore_of_a_missing_backup(runner: CliRunner, store: str, tmp_path: Path) -> None:
    code, _, messages = _run(runner, "restore", str(tmp_path / "none.nq"), "--store", store)
    assert code == 2
    assert "cannot read" in messages


def test_dump_to_a_folder_that_does_not_exist(
    runner: CliRunner, store: str, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "backup.nq"
    code, _, messages = _run(runner, "dump", str(target), "--store", store)
    assert code == 2
    assert f"error: cannot write {target}" in messages


def _audit_lines(private: Path) -> list[dict[str, object]]:
    path = private / audit.FILE_NAME
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_restore_merges_the_private_folder_and_is_audited(
    runner: CliRunner, store: str, people: Path
) -> None:
    private = Path(store) / "private"
    keyring = Keyring(private)
    alice = keyring.create("alice", [LOOS], admin=False)
    bob = keyring.create("bob", [LOOS], admin=False)
    audit.append(private / audit.FILE_NAME, audit.entry("alice", "update", None, b"1", ""))
    _run(runner, "load", str(people), "--store", store)
    assert _run(runner, "backup", str(Path(store) / "backups"), "--store", store)[0] == 0
    keyring.revoke("alice")
    carol = keyring.create("carol", [LOOS], admin=False)
    audit.append(private / audit.FILE_NAME, audit.entry("carol", "update", None, b"2", ""))
    before = _audit_lines(private)
    folder = backups(Path(store) / "backups")[-1]
    code, _, messages = _run(runner, "restore", str(folder), "--store", store)
    assert code == 0, messages
    assert "0 tokens and 0 audit lines merged back" in messages
    assert keyring.find(alice) is None
    assert keyring.find(bob) is not None
    assert keyring.find(carol) is not None
    after = _audit_lines(private)
    assert after[: len(before)] == before
    assert [(line["action"], line["graph"]) for line in after[len(before) :]] == [("restore", None)]
    assert str(after[-1]["who"]).startswith("cli:")
    manifest = (folder / "backup.json").read_bytes()
    assert after[-1]["sha256"] == hashlib.sha256(manifest).hexdigest()


def test_restore_brings_back_audit_lines_the_log_lost(
    runner: CliRunner, store: str, people: Path
) -> None:
    private = Path(store) / "private"
    for number in range(3):
        audit.append(
            private / audit.FILE_NAME, audit.entry("a", "update", None, b"%d" % number, "")
        )
    _run(runner, "load", str(people), "--store", store)
    _run(runner, "backup", str(Path(store) / "backups"), "--store", store)
    kept = _audit_lines(private)
    (private / audit.FILE_NAME).write_text(json.dumps(kept[0], sort_keys=True) + "\n")
    folder = backups(Path(store) / "backups")[-1]
    code, _, messages = _run(runner, "restore", str(folder), "--store", store)
    assert code == 0, messages
    assert "2 audit lines merged back" in messages
    assert _audit_lines(private)[:3] == kept
    assert _audit_lines(private)[3]["action"] == "restore"


def test_restore_of_a_dump_is_audited(
    runner: CliRunner, store: str, people: Path, tmp_path: Path
) -> None:
    _run(runner, "load", str(people), "--store", store)
    dumped = tmp_path / "dump.nq"
    _run(runner, "dump", str(dumped), "--store", store)
    assert _run(runner, "restore", str(dumped), "--store", store)[0] == 0
    (line,) = _audit_lines(Path(store) / "private")
    assert (line["action"], line["bytes"]) == ("restore", dumped.stat().st_size)


# The real command --------------------------------------------------------------------------


def _coopgraph(*arguments: str, store: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "coopgraph"
    return subprocess.run(
        [str(command), *arguments],
        env=os.environ | {"COOPGRAPH_STORE": str(store)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_the_installed_command(people: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    loaded = _coopgraph("load", str(people), store=store)
    assert loaded.returncode == 0, loaded.stderr
    assert f"loaded 3 quads from {people}" in loaded.stderr
    answered = _coopgraph("query", NAMES, "--format", "csv", store=store)
    assert answered.stdout.splitlines() == ["name", "Alice", "Bob"]
    failed = _coopgraph("query", "SELECT nonsense", store=store)
    assert failed.returncode == 1
    assert failed.stderr.startswith("error: the query does not parse")
    assert "Traceback" not in failed.stderr
