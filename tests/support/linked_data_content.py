"""A small project folder for the Linked Data tests: the real ontology/ and shapes/, a sample
of the geography around Loos-en-Gohelle, and tests/data/linked-data-sample.ttl."""

from __future__ import annotations

import gzip
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).parents[1] / "data" / "linked-data-sample.ttl"
GEOGRAPHY = REPOSITORY_ROOT / "data" / "geography" / "geography-2026.nt.gz"
ID = "https://w3id.org/coopgraph/id/"
TERRITORIES = ("commune/62528", "epci/246200364", "department/62", "region/32")
"""Loos-en-Gohelle, its EPCI, département and région."""


def _geography_sample() -> bytes:
    """Every triple of the committed geography whose subject is one of TERRITORIES."""
    subjects = tuple(f"<{ID}{t}> ".encode() for t in TERRITORIES)
    with gzip.open(GEOGRAPHY) as lines:
        return b"".join(line for line in lines if line.startswith(subjects))


def make_content_root(folder: Path) -> Path:
    """A project folder in ``folder`` that ``COOPGRAPH_CONTENT_ROOT`` can name."""
    for name in ("ontology", "shapes", "node_modules"):  # node_modules: YASGUI's files
        if (REPOSITORY_ROOT / name).is_dir():
            (folder / name).symlink_to(REPOSITORY_ROOT / name, target_is_directory=True)
    data = folder / "data"
    data.mkdir()
    (data / "geography-sample.nt").write_bytes(_geography_sample())
    (data / "linked-data-sample.ttl").write_bytes(SAMPLE.read_bytes())
    return folder
