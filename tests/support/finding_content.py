"""Content for the search and reconciliation tests: a small project folder (the real
ontology/, shapes/ and seed data, the geography of a few namesakes and their territories) for
the app, and the index of the whole project for ranking among 35,000 communes."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from coopgraph.finding.index import SearchIndex
from coopgraph.finding.keeping import build_index
from support.content_store import content_store

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
GEOGRAPHY = REPOSITORY_ROOT / "data" / "geography" / "geography-2026.nt.gz"
ID = "https://w3id.org/coopgraph/id/"
TERRITORIES = (
    "commune/62498",  # Lens
    "commune/26162",  # Lens-Lestang
    "commune/62249",  # Courcelles-lès-Lens
    "commune/59271",  # Grande-Synthe
    "commune/22046",  # Le Mené
    "delegated-commune/22046",  # Collinée, which shares Le Mené's code
    "commune/62528",  # Loos-en-Gohelle, postal code 62750
    "commune/62750",  # Saint-Hilaire-Cottes, whose INSEE code is Loos-en-Gohelle's postal code
    "commune/62291",  # Éleu-dit-Leauwette, which shares the postal code 62300 with Lens
    "commune/75056",  # Paris, namesake of its département
    "department/62",
    "department/26",
    "department/59",
    "department/22",
    "department/75",
    "epci/246200364",  # CA de Lens - Liévin
    "region/32",
)


def _geography_sample() -> bytes:
    """Every triple of the committed geography whose subject is one of TERRITORIES."""
    subjects = tuple(f"<{ID}{t}> ".encode() for t in TERRITORIES)
    with gzip.open(GEOGRAPHY) as lines:
        return b"".join(line for line in lines if line.startswith(subjects))


def make_finding_root(folder: Path) -> Path:
    """A project folder in ``folder`` that ``COOPGRAPH_CONTENT_ROOT`` can name."""
    for name in ("ontology", "shapes", "node_modules"):
        if (REPOSITORY_ROOT / name).is_dir():
            (folder / name).symlink_to(REPOSITORY_ROOT / name, target_is_directory=True)
    data = folder / "data"
    (data / "seed").mkdir(parents=True)
    (data / "geography-sample.nt").write_bytes(_geography_sample())
    for seed in (REPOSITORY_ROOT / "data" / "seed").glob("*.ttl"):
        (data / "seed" / seed.name).write_bytes(seed.read_bytes())
    return folder


@cache
def full_index() -> SearchIndex:
    """The search index of the project's ontology and every file of data/ (the whole
    geography), built once per test session (about ten seconds)."""
    return build_index(content_store())
