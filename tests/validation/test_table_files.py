"""The rows of workbooks, CSVs and zips of CSVs, and the cap on what a zip unpacks to."""

from __future__ import annotations

import io
import zipfile

import pytest

from coopgraph import formats
from coopgraph.errors import InputError, TooLarge
from coopgraph.validation.table_files import read_table_file

HEADERS = "Nom,Name\nNom,Name\nnom,name\n"


def _zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_of_csvs_gives_its_sheets_rows() -> None:
    data = _zipped({"acteurs.csv": (HEADERS + "Mairie,Town hall\n").encode(), "notes.txt": b"x"})
    table = read_table_file(data, formats.ZIP, "sheets.zip")
    assert list(table.rows) == ["acteurs"]
    assert table.rows["acteurs"][3] == (4, ["Mairie", "Town hall"])


def test_a_zip_that_unpacks_past_the_limit_is_too_large() -> None:
    bomb = _zipped({"acteurs.csv": (HEADERS + "a,b\n" * 50_000).encode()})
    assert len(bomb) < 10_000
    with pytest.raises(TooLarge, match=r"bomb.zip unpacks to 200\d+ bytes; the limit is 100000"):
        read_table_file(bomb, formats.ZIP, "bomb.zip", unpacked_limit=100_000)
    assert read_table_file(bomb, formats.ZIP, "bomb.zip").rows["acteurs"]  # no limit: read


def test_a_broken_zip_of_csvs_is_an_input_error_in_both_languages() -> None:
    with pytest.raises(InputError, match=r"x.zip: not a readable zip of CSVs / ce n'est pas"):
        read_table_file(b"PK\x03\x04broken", formats.ZIP, "x.zip", unpacked_limit=1000)
