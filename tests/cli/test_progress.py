"""Progress of ``serve``, ``sync`` and ``load``: a bar on a terminal, plain lines elsewhere,
and a summary with the total time at the end."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from coopgraph.cli.main import app
from coopgraph.cli.progress import Bar, Lines, on_terminal
from coopgraph.content import Advance

PEOPLE = "@prefix ex: <http://example.org/> .\nex:alice ex:name 'Alice' .\nex:bob ex:name 'Bob' .\n"


def test_a_bar_names_the_step_and_leaves_the_summary() -> None:
    output = io.StringIO()
    bar = Bar(Console(file=output, force_terminal=True, width=100))
    bar.say("loading ontology/ ...")
    bar.advance(Advance("loading", "loading the geography", "chargement de la géographie", 0.4))
    bar.progress.refresh()
    drawn = output.getvalue()
    assert "loading the geography" in drawn
    assert "40%" in drawn
    bar.ready("3 loaded, 0 unchanged, 0 dropped; 1.2 s")
    bar.stop()  # a second stop does no harm
    assert "loading ontology/ ..." in output.getvalue()
    assert output.getvalue().rstrip().endswith("3 loaded, 0 unchanged, 0 dropped; 1.2 s")


def test_lines_end_with_the_summary_and_the_time(tmp_path: Path) -> None:
    people = tmp_path / "people.ttl"
    people.write_text(PEOPLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["load", str(people), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    last = result.stderr.splitlines()[-1]
    assert last.startswith("2 quads loaded from 1 files; ")
    assert last.endswith(" s")
    assert isinstance(Lines(), Lines)
    assert not on_terminal() or sys.stderr.isatty()


def test_on_a_terminal_load_draws_a_bar(tmp_path: Path) -> None:
    people = tmp_path / "people.ttl"
    people.write_text(PEOPLE, encoding="utf-8")
    leader, follower = pty.openpty()
    command = [str(Path(sys.executable).parent / "coopgraph"), "load", str(people)]
    environment = os.environ | {"COOPGRAPH_STORE": str(tmp_path / "store"), "COLUMNS": "100"}
    with subprocess.Popen(
        command, env=environment, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower
    ) as process:
        os.close(follower)
        seen = b""
        while chunk := _read(leader):
            seen += chunk
        assert process.wait(timeout=60) == 0, seen.decode(errors="replace")
    os.close(leader)
    text = seen.decode(errors="replace")
    assert "\x1b[" in text  # drawn with terminal codes: the bar
    assert "100%" in text
    assert "loaded 2 quads from" in text  # a line printed above the bar
    assert "2 quads loaded from 1 files; " in text


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # the terminal closed: the command ended
        return b""
