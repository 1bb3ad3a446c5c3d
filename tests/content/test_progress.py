"""How far a synchronisation has gone: steps named in French and English, a fraction that only
grows and ends at 1, reasoning followed source by source, and the report's summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.content import Advance, synchronise
from coopgraph.content.progress import REASONING_FIXED_BYTES, Tracker, source_names
from coopgraph.iris import DATA_GRAPH_BASE, ONTOLOGY_GRAPH
from coopgraph.store.embedded import EmbeddedStore

PREFIX = "@prefix ex: <http://example.org/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
GEOGRAPHY = DATA_GRAPH_BASE + "geography/places"
SEED = DATA_GRAPH_BASE + "seed/a"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project: an ontology, a geography file and one seed file."""
    root = tmp_path_factory.mktemp("project")
    files = {
        "ontology/core.ttl": "ex:Town a owl:Class ; owl:equivalentClass ex:Commune .\n",
        "data/geography/places.ttl": "".join(f"ex:t{n} a ex:Town .\n" for n in range(200)),
        "data/seed/a.ttl": "ex:a ex:p ex:t1 .\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(PREFIX + text, encoding="utf-8")
    return root


def _plain(graph: str, size: int, folder: Path) -> tuple[str, tuple[Path, ...]]:
    path = folder / graph.rsplit("/", 1)[1]
    path.write_bytes(b"x" * size)
    return "data/" + graph.removeprefix(DATA_GRAPH_BASE) + ".ttl", (path,)


def test_a_step_reads_in_both_languages_with_its_percentage() -> None:
    step = Advance("loading", "loading the geography", "chargement de la géographie", 0.4)
    assert step.message() == {
        "fr": "chargement de la géographie, 40 %",
        "en": "loading the geography, 40 %",
    }
    assert Advance("x", "x", "x", 0.999).percent == 99  # 100 % is for the end only
    assert Advance("x", "x", "x", 1.0).percent == 100
    assert source_names("ontology/") == ("the ontology", "l'ontologie")
    assert source_names("shapes/") == ("the SHACL shapes", "les formes SHACL")


def test_the_tracker_weighs_sources_by_size_and_follows_reasoning(tmp_path: Path) -> None:
    heard: list[Advance] = []
    big, small = _plain(GEOGRAPHY, 800_000, tmp_path), _plain(SEED, 1_000, tmp_path)
    tracker = Tracker({GEOGRAPHY: big, SEED: small}, {GEOGRAPHY: big, SEED: small}, heard.append)
    tracker.loading(GEOGRAPHY)
    assert heard[-1].english == "loading the geography"
    assert heard[-1].french == "chargement de la géographie"
    tracker.loaded(GEOGRAPHY)
    tracker.loading(SEED)
    total = 2 * (800_000 + 1_000) + 2 * REASONING_FIXED_BYTES
    assert heard[-1].fraction == pytest.approx(800_000 / total)
    tracker.loaded(SEED)
    tracker.reasoning()
    assert heard[-1].english == "reasoning over the geography"
    assert heard[-1].french == "raisonnement sur la géographie"
    tracker.heard(f"inferred 12 triples from <{GEOGRAPHY}> in 1.0 s")
    assert heard[-1].english == f"reasoning over {small[0]}"
    tracker.heard("inconsistent: <http://example.org/x> is named but is no source")
    tracker.finished()
    fractions = [advance.fraction for advance in heard]
    assert fractions == sorted(fractions)
    assert heard[-1].fraction == 1.0


def test_a_synchronisation_tells_every_step_and_sums_up(project: Path) -> None:
    store = EmbeddedStore.in_memory()
    heard: list[Advance] = []
    report = synchronise(store, project, listener=heard.append)
    steps = [(advance.step, advance.english) for advance in heard]
    assert ("loading", "loading the ontology") in steps
    assert ("loading", "loading the geography") in steps
    assert ("reasoning", "reasoning over the geography") in steps
    assert steps[-1] == ("synchronised", "content loaded")
    fractions = [advance.fraction for advance in heard]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert report.triples == 2 + 200 + 1
    assert report.inferred > 200  # every town is a commune too
    assert report.summary().startswith("3 loaded, 0 unchanged, 0 dropped: 203 triples loaded")
    again: list[Advance] = []
    assert synchronise(store, project, listener=again.append).loaded == []
    assert [advance.step for advance in again] == ["reasoning", "synchronised"]
    assert ONTOLOGY_GRAPH in store.graph_names()
