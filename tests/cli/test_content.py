"""The content commands through the real CLI: `coopgraph validate FILE...` (reports and exit
codes 0, 1, 2, 3), `coopgraph ask` and its command-line parameters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.content_store import ROOT
from typer.testing import CliRunner

from coopgraph.cli.content import find_query, option_values
from coopgraph.cli.main import app
from coopgraph.content import loading
from coopgraph.errors import InputError, NotFound
from coopgraph.questions import load_queries
from coopgraph.store.embedded import EmbeddedStore

BROKEN = ROOT / "tests" / "data" / "submissions" / "broken" / "territories.ttl"
GOOD = ROOT / "data" / "seed" / "workshop.ttl"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An on-disk store with the ontology, the geography and data/ loaded."""
    folder = tmp_path_factory.mktemp("store")
    opened = EmbeddedStore.on_disk(folder)
    for source in loading.project_sources(ROOT):
        loading.load_source(opened, source)
    opened.close()
    return str(folder)


def _run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", *arguments])
    return result.exit_code, result.stdout


def test_conforming_data_exits_0(store: str) -> None:
    code, output = _run(str(GOOD), "--store", store, "--lang", "en")
    assert code == 0
    assert output.startswith("Conforms: yes")


def test_violations_exit_1_with_the_text_report(store: str) -> None:
    code, output = _run(str(BROKEN), "--store", store)
    assert code == 1
    assert output.startswith("Conforme : non")
    assert f"{BROKEN}, ligne " in output


def test_json_format(store: str) -> None:
    code, output = _run(str(BROKEN), "--store", store, "--format", "json", "--lang", "en")
    assert code == 1
    assert json.loads(output)["counts"]["Violation"] > 0


@pytest.mark.parametrize("content", [b"<a> <b> .", None], ids=["unparseable", "missing"])
def test_unreadable_input_exits_2(store: str, tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "input.ttl"
    if content is not None:
        path.write_bytes(content)
    code, _output = _run(str(path), "--store", store)
    assert code == 2


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ", ligne 2, colonne 15 : il manque probablement un « . » à la fin de cette ligne"),
        ("en", ", line 2, column 15: a '.' is probably missing at the end of this line"),
    ],
)
def test_a_parse_error_is_printed_in_the_language_asked(
    tmp_path: Path, lang: str, expected: str
) -> None:
    """Before any store opens: the fault's line once, the line quoted, in --lang."""
    path = tmp_path / "missing-dot.ttl"
    path.write_bytes(b"@prefix ex: <http://example.org/> .\nex:a ex:p ex:b\nex:c ex:p ex:d .\n")
    arguments = [str(path), "--store", str(tmp_path / "no-store"), "--lang", lang]
    result = CliRunner().invoke(app, ["validate", *arguments])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}{expected}")
    assert result.stderr.count(expected.split(",")[1]) == 1  # " ligne 2" or " line 2"
    assert "ex:a ex:p ex:b" in result.stderr
    assert not (tmp_path / "no-store").exists()


def test_a_store_without_the_ontology_exits_3(tmp_path: Path) -> None:
    code, _output = _run(str(GOOD), "--store", str(tmp_path / "empty"))
    assert code == 3
    result = CliRunner().invoke(app, ["validate", str(GOOD), "--store", str(tmp_path / "empty")])
    assert "--store memory" in result.stderr


def test_a_store_in_use_exits_3_not_1(store: str) -> None:
    """Exit 1 means violations: a store another process holds is an error of its own."""
    holder = EmbeddedStore.on_disk(Path(store))
    try:
        result = CliRunner().invoke(app, ["validate", str(GOOD), "--store", store])
    finally:
        holder.close()
    assert result.exit_code == 3
    assert "in use by another process" in result.stderr
    assert "/validate" in result.stderr


def _malaunay_with_faults(folder: Path) -> Path:
    """Malaunay's seed file with seeded faults: its trajectory in commune 76999 (no such code,
    named Malaunay), a misspelt theme."""
    text = (ROOT / "data" / "seed" / "malaunay.ttl").read_text()
    wrong = text.replace("id/commune/76402> ;", "id/commune/76999> ;", 1)
    wrong = wrong.replace("cg:theme theme:energy ;", "cg:theme theme:enrgy ;", 1)
    assert wrong.count("76999") == 1
    assert wrong.count("theme:enrgy") == 1
    named = '<https://w3id.org/coopgraph/id/commune/76999> rdfs:label "Malaunay"@fr .\n'
    path = folder / "malaunay-faults.ttl"
    path.write_text(wrong + named)
    return path


@pytest.mark.parametrize("sample", ["territories", "malaunay"])
def test_memory_gives_the_store_s_report(
    store: str, tmp_path: Path, sample: str
) -> None:  # fmt: skip
    """Loading only the territories named gives the report of a store with them all."""
    path = BROKEN if sample == "territories" else _malaunay_with_faults(tmp_path)
    arguments = ["validate", str(path), "--format", "json", "--lang", "en"]
    from_store = CliRunner().invoke(app, [*arguments, "--store", store])
    in_memory = CliRunner().invoke(app, [*arguments, "--store", "memory"])
    assert from_store.exit_code == in_memory.exit_code == 1
    assert json.loads(in_memory.stdout) == json.loads(from_store.stdout)
    assert "territories named" in in_memory.stderr
    assert "triples loaded in " in in_memory.stderr


def test_option_values_read_repeated_and_joined_options() -> None:
    given = option_values(["--action", "http://ex/a", "--depth=3", "--action", "http://ex/b"])
    assert given == {"action": ["http://ex/a", "http://ex/b"], "depth": ["3"]}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["x"], "expected --PARAMETER VALUE, found 'x'"),
        (["--"], "expected --PARAMETER VALUE, found '--'"),
        (["--depth"], "--depth needs a value"),
    ],
    ids=["bare-word", "bare-dashes", "no-value"],
)
def test_option_values_refuse_what_is_no_option(arguments: list[str], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        option_values(arguments)


def test_find_query_names_the_queries_there_are() -> None:
    queries = load_queries(ROOT / "queries")
    name = next(iter(queries))
    assert find_query(queries, name) is queries[name]
    with pytest.raises(NotFound, match=f"no stored query 'nope'; there are: {name}, "):
        find_query(queries, "nope")


def test_ask_an_unknown_query_exits_2_listing_the_names(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ask", "nope", "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert "error: no stored query 'nope'; there are: " in result.stderr


def test_ask_a_bare_word_exits_2_before_opening_the_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ask", "nope", "x", "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert "expected --PARAMETER VALUE, found 'x'" in result.stderr
    assert not (tmp_path / "store").exists()


# `coopgraph template`, and `coopgraph validate` on a filled workbook (issue 14, point 6).


@pytest.fixture(scope="module")
def malaunay_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An on-disk store with the ontology and, of the geography, Malaunay's commune only (the
    whole geography takes minutes to write to disk on a busy machine)."""
    import gzip

    from coopgraph import formats, iris

    folder = tmp_path_factory.mktemp("malaunay")
    opened = EmbeddedStore.on_disk(folder)
    for source in loading.project_sources(ROOT):
        if source.graph == iris.ONTOLOGY_GRAPH:
            loading.load_source(opened, source)
        elif "geography" in source.graph:
            lines = gzip.decompress(source.files[0].read_bytes()).splitlines(keepends=True)
            malaunay = b"".join(line for line in lines if b"/id/commune/76402>" in line)
            opened.replace_graph(source.graph, malaunay, formats.N_TRIPLES)
    opened.close()
    return str(folder)


def test_template_writes_a_workbook_and_a_zip(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["template", str(tmp_path / "m.xlsx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.xlsx").read_bytes()[:2] == b"PK"
    result = CliRunner().invoke(app, ["template", "--format", "csv", str(tmp_path / "m.zip")])
    assert result.exit_code == 0, result.output
    import zipfile

    assert "actions.csv" in zipfile.ZipFile(tmp_path / "m.zip").namelist()


def test_an_unknown_format_exits_2_in_both_languages(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["template", "--format", "ods", str(tmp_path / "m.ods")])
    assert result.exit_code == 2
    assert "use xlsx or csv / format de modèle inconnu" in result.stderr


def test_validate_a_filled_workbook_points_at_sheet_row_and_column(
    malaunay_store: str, tmp_path: Path
) -> None:
    from support.workbooks import FAULTS, fill

    template = tmp_path / "m.xlsx"
    CliRunner().invoke(app, ["template", str(template)])
    filled = tmp_path / "malaunay.xlsx"
    filled.write_bytes(fill(template.read_bytes()))
    arguments = ["validate", str(filled), "--store", malaunay_store, "--lang", "en"]
    result = CliRunner().invoke(app, [*arguments, "--format", "json"])
    assert result.exit_code == 1, result.output
    results = json.loads(result.stdout)["results"]
    found = {(r["source"].rsplit(" / ", 1)[1], r["line"]) for r in results}
    assert {(sheet, row) for sheet, row, _key in FAULTS} <= found
    assert all(r["source"].startswith(f"{filled} / ") and r["column"] for r in results)
    text = CliRunner().invoke(app, [*arguments[:-1], "fr"])
    assert "/ effets, ligne 5, colonne 4 (cg:dimension)" in text.stdout


def test_validate_finds_a_spreadsheet_s_territory_names_in_the_store(
    store: str, tmp_path: Path
) -> None:
    sheet = tmp_path / "actions.csv"
    sheet.write_text(
        "Nom;Name;Territoire\nNom;Name;Territoire\nnom;name;territoire\n"
        "Jardin;Garden;Loos-en-Gohelle (62)\nFour;Oven;Los-en-Gohelle\nToit;Roof;216205286\n",
        encoding="utf-8",
    )
    code, output = _run(str(sheet), "--store", store, "--format", "json", "--lang", "en")
    assert code == 1, output
    results = json.loads(output)["results"]
    [named] = [r for r in results if "did you mean" in r["message"]]
    assert "'Los-en-Gohelle' is the name of no official territory" in named["message"]
    assert "id:commune/62528 (Loos-en-Gohelle)" in named["message"]
    assert named["line"] == 5
    assert not [r for r in results if r["line"] in (4, 6) and r.get("path") == "prov:atLocation"]
