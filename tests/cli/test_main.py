"""The Typer app and what every command shares: the command list, settings, opening the store."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from coopgraph.cli import content, store
from coopgraph.cli.main import WORKER_MODULES, app, opened, settings_of

COMMANDS = [
    "serve", "load", "query", "dump", "restore", "backup", "sync", "reason",
    "docs", "template", "ask", "validate", "token",
]  # fmt: skip
# What `coopgraph --help` must not load: each costs tens or hundreds of milliseconds, and only
# the commands that use them import them (their time: bench/cli_bench.py). pydantic itself is
# not listed: Typer 0.29 reads a command's parameters with it.
HEAVY = {
    "pydantic_settings", "rdflib", "pyoxigraph", "SPARQLWrapper", "owlrl",
    "pyshacl", "networkx", "graphviz", "jinja2", "fastapi", "starlette", "uvicorn", "httpx",
}  # fmt: skip


def test_help_lists_every_command_in_its_order() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^│ (\w+) ", result.stdout, re.MULTILINE)
    assert listed == COMMANDS


@pytest.mark.parametrize("arguments", [["--help"], ["token", "--help"], ["ask", "--help"]])
def test_help_loads_no_heavy_package(arguments: list[str]) -> None:
    script = Path(sys.executable).with_name("coopgraph")  # the installed console script
    run = subprocess.run(
        [sys.executable, "-X", "importtime", str(script), *arguments],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Usage: coopgraph" in run.stdout
    imported = re.findall(r"^import time:.*\|\s*([\w]+)", run.stderr, re.MULTILINE)
    assert "typer" in imported  # the listing is read
    assert sorted(HEAVY & set(imported)) == []


def test_the_store_and_content_modules_hold_their_commands() -> None:
    callbacks = {command.callback for command in app.registered_commands}
    assert {store.load, store.query, store.write_backup, store.reason} <= callbacks
    assert {content.docs, content.ask_stored_query, content.validate_files} <= callbacks


def test_settings_of_takes_the_given_options_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPGRAPH_PORT", "9100")
    settings = settings_of("memory", host=None, port=None)
    assert settings.is_memory
    assert settings.port == 9100  # no --port: the environment's
    assert settings_of(None, port=9200).port == 9200


def test_opened_closes_the_store_on_leaving(tmp_path: Path) -> None:
    settings = settings_of(str(tmp_path / "store"))
    with opened(settings) as first:
        first.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 1 } }")
    with opened(settings) as again:  # the folder's lock was released
        assert again.ask("ASK { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 1 } }")


def test_a_store_that_cannot_open_ends_the_command(tmp_path: Path) -> None:
    settings = settings_of(str(tmp_path / "store"))
    with opened(settings), pytest.raises(typer.Exit) as ended, opened(settings):
        pass
    assert ended.value.exit_code == 1


def test_serve_stops_at_a_store_in_use_with_one_line(tmp_path: Path) -> None:
    folder = str(tmp_path / "store")
    with opened(settings_of(folder)):
        result = CliRunner().invoke(app, ["serve", "--store", folder, "--port", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "in use by another process" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_forkserver_imports_the_workers_modules_for_them(tmp_path: Path) -> None:
    """A process forked from the forkserver ``serve`` starts has the workers' modules; the
    process that started it has not imported them for that."""
    seen = tmp_path / "seen"
    check = f"import sys; open({str(seen)!r}, 'w').write(' '.join(sorted(sys.modules)))"
    script = (
        "import multiprocessing, sys\n"
        "from coopgraph.cli.main import start_forkserver\n"
        "start_forkserver()\n"
        "context = multiprocessing.get_context('forkserver')\n"
        "child = context.Process(target=exec, args=(sys.argv[1],))\n"
        "child.start(); child.join()\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, check], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    forked = set(seen.read_text().split())
    assert set(WORKER_MODULES) <= forked
    assert not set(WORKER_MODULES) & set(run.stdout.split())
