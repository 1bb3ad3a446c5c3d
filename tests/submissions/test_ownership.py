"""Each steward writes only their own territory: the attacks of issue #17 (point 2) on a real
store through the real workflow, and what a steward may still publish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.steward_content import LILLE, LOOS, ROOT, steward_file, steward_store

from coopgraph import formats, iris
from coopgraph.access.identity import Identity
from coopgraph.errors import Forbidden
from coopgraph.store.embedded import EmbeddedStore
from coopgraph.submissions.ownership import ForeignStatements
from coopgraph.submissions.versions import Archive
from coopgraph.submissions.workflow import Workspace, rollback, submit, territory_graph
from coopgraph.validation.shapes import load_shapes
from coopgraph.validation.uploads import Upload
from coopgraph.web.http_errors import status_of

ID, CG = iris.IDENTIFIER_BASE, iris.TERM_BASE
LENS = ID + "commune/62498"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
ALICE = Identity("alice", (LOOS,))
BOB = Identity("bob", (LILLE,))
CAROL = Identity("carol", (LENS,))
LILLE_ACTION = ID + "action/test-lille-solar-roofs"
SEED_ORGANISATION = ID + "organisation/test-seed-town"
NEW = ID + "thing/new"
PREFIXES = f"""@prefix cg: <{CG}> . @prefix id: <{ID}> . @prefix rdfs: <{LABEL[:-5]}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    """The sample geography with Lens, a seed graph, and Lille published by its steward."""
    opened = steward_store()
    lens = steward_file("geography-sample.nt").replace(b"62528", b"62498")
    lens = lens.replace(b"Loos-en-Gohelle", b"Lens")
    opened.load(lens, formats.N_TRIPLES, iris.DATA_GRAPH_BASE + "geography/lens")
    seed = f'<{SEED_ORGANISATION}> a <{CG}Organisation> ; <{LABEL}> "Mairie"@fr .'
    opened.load(seed.encode(), formats.TURTLE, iris.DATA_GRAPH_BASE + "seed/test")
    yield opened
    opened.close()


@pytest.fixture
def space(store: EmbeddedStore, tmp_path: Path) -> Workspace:
    """The workflow over the module's store, with Lille published by bob."""
    opened = Workspace(store, Archive(tmp_path), load_shapes(ROOT / "shapes"), 1_000_000)
    if not store.has_graph(territory_graph(LILLE)):
        assert submit(opened, BOB, LILLE, _upload(steward_file("lille.ttl"))).version is not None
    return opened


def _upload(data: bytes) -> list[Upload]:
    return [Upload(data, formats.TURTLE, "body")]


def _quads(space: Workspace) -> int:
    rows = space.store.select("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    return int(str(rows.rows[0]["n"]))


def _refused(space: Workspace, who: Identity, territory: str, data: bytes) -> ForeignStatements:
    """The refusal of a submission, checking that nothing was written."""
    before = _quads(space)
    with pytest.raises(ForeignStatements) as refused:
        submit(space, who, territory, _upload(data))
    assert _quads(space) == before
    assert status_of(refused.value) == 403
    return refused.value


def test_a_steward_may_not_write_on_another_territorys_actions(space: Workspace) -> None:
    data = (
        steward_file("loos-en-gohelle.ttl")
        + (
            f'<{LILLE_ACTION}> <{LABEL}> "Loos was here"@en ; '
            f"<{CG}carriedBy> <{ID}organisation/test-loos-town-hall> ."
        ).encode()
    )
    error = _refused(space, ALICE, LOOS, data)
    assert f'the statement <{LILLE_ACTION}> <{LABEL}> "Loos was here"@en .' in str(error)
    assert f"describes <{LILLE_ACTION}>, which belongs to <{LILLE}>" in str(error)
    assert "qui appartient à <https://w3id.org/coopgraph/id/commune/59350>" in error.in_language(
        "fr"
    )
    label = f'ASK {{ <{LILLE_ACTION}> <{LABEL}> "Loos was here"@en }}'
    assert not space.store.ask(label)


def test_same_as_may_not_give_an_official_territory_a_label(space: Workspace) -> None:
    alias = ID + "place/alias"
    data = f'<{alias}> <{SAME_AS}> <{LOOS}> ; <{LABEL}> "Lens-annexe"@fr .'.encode()
    error = _refused(space, CAROL, LENS, data)
    assert f"the statement <{alias}> <{SAME_AS}> <{LOOS}> ., through reasoning (<{LOOS}>" in str(
        error
    )
    assert "<https://w3id.org/coopgraph/id/commune/62528>, an official territory" in str(error)
    assert not space.store.ask(f'ASK {{ <{LOOS}> ?p "Lens-annexe"@fr }}')


def test_an_inverse_property_may_not_make_loos_part_of_lens(space: Workspace) -> None:
    asserted = f"<{LENS}> <{CG}hasPart> <{LOOS}> ."
    error = _refused(space, CAROL, LENS, asserted.encode())
    assert f"the statement <{LENS}> <{CG}hasPart> <{LOOS}>" in str(error)
    assert f"describes <{LENS}>, an official territory" in str(error)
    area = ID + "place/test-lens-area"
    data = f'<{area}> <{CG}hasPart> <{LOOS}> ; <{LABEL}> "Secteur"@fr .'.encode()
    error = _refused(space, CAROL, LENS, data)
    statement = f"the statement <{area}> <{CG}hasPart> <{LOOS}> ., through reasoning (<{LOOS}> "
    assert statement in str(error)
    assert f"isPartOf> <{area}> .), describes <{LOOS}>, an official territory" in str(error)
    for whole in (LENS, area):
        assert not space.store.ask(f"ASK {{ <{LOOS}> <{CG}isPartOf> <{whole}> }}")


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ('cg:Action rdfs:label "Action pirate"@fr .', "a term of coopgraph's vocabulary"),
        (f'<{iris.SHAPE_BASE}Action> rdfs:label "x"@fr .', "a term of coopgraph's vocabulary"),
        (
            f'<{iris.CONCEPT_BASE}effect-dimension/ecological> skos:prefLabel "x"@fr .',
            "a term of coopgraph's vocabulary",
        ),
        ('<http://www.w3.org/ns/prov#atLocation> rdfs:label "x"@fr .', "a property or class"),
        (f'<{SEED_ORGANISATION}> rdfs:label "x"@fr .', "own content describes (graph"),
        (f'<{LILLE}> rdfs:label "x"@fr .', "an official territory, which only the official"),
        (f'<{LOOS}> rdfs:comment "Ville pilote"@fr .', "an official territory, which only the"),
        (f"<{NEW}> rdfs:subClassOf cg:Action .", "states vocabulary"),
        (f"<{NEW}> a skos:Concept ; skos:inScheme <{iris.CONCEPT_BASE}x> .",
         "states vocabulary"),
        (f"<{NEW}> owl:inverseOf cg:isPartOf .", "states vocabulary"),
        (f"<{NEW}> rdfs:label 'x'@fr . <{LOOS}> <{NEW}> <{LOOS}> .", "a property or class"),
        (f"<{NEW}> a owl:TransitiveProperty .", "states vocabulary"),
    ],
    ids=["ontology-term", "shape", "concept", "aligned-term", "seed-organisation",
         "other-official-territory", "own-official-territory", "subclass", "concept-scheme",
         "inverse", "property-type", "property-used-here"],
)  # fmt: skip
def test_what_no_submission_describes(space: Workspace, statement: str, reason: str) -> None:
    data = steward_file("loos-en-gohelle.ttl") + (PREFIXES + statement).encode()
    error = _refused(space, ALICE, LOOS, data)
    assert reason in str(error)


def test_own_and_new_resources_and_links_to_own_territory_pass(space: Workspace) -> None:
    twin = ID + "organisation/test-loos-town-hall-twin"
    district = ID + "place/test-loos-district"
    data = (
        steward_file("loos-en-gohelle.ttl")
        + (
            f"<{twin}> <{SAME_AS}> <{ID}organisation/test-loos-town-hall> ."
            f'<{district}> <{CG}isPartOf> <{LOOS}> ; <{LABEL}> "Quartier"@fr .'
        ).encode()
    )
    assert submit(space, ALICE, LOOS, _upload(data)).version is not None
    again = submit(space, ALICE, LOOS, _upload(steward_file("loos-en-gohelle-v2.ttl")))
    assert again.version is not None


def test_a_token_with_two_territories_writes_both(space: Workspace) -> None:
    both = Identity("dora", (LOOS, LILLE))
    data = steward_file("lille.ttl") + f'<{LILLE_ACTION}> <{LABEL}> "Toits"@fr .'.encode()
    assert submit(space, both, LOOS, _upload(data)).version is not None
    assert submit(space, ALICE, LOOS, _upload(steward_file("loos-en-gohelle.ttl"))).version


def test_a_rollback_is_judged_again(space: Workspace) -> None:
    territory = ID + "grouping/test-rollback"
    mine = Identity("erin", (territory,))
    free = ID + "organisation/test-free"
    data = f'<{free}> a <{CG}Organisation> ; <{LABEL}> "Libre"@fr , "Free"@en .'.encode()
    first = submit(space, mine, territory, _upload(data)).version
    assert first is not None
    emptied = f'<{ID}organisation/test-other> a <{CG}Organisation> ; <{LABEL}> "A"@fr , "A"@en .'
    assert submit(space, mine, territory, _upload(emptied.encode())).version is not None
    taken = steward_file("lille.ttl") + f'<{free}> <{LABEL}> "Prise"@fr .'.encode()
    assert submit(space, BOB, LILLE, _upload(taken)).version is not None
    with pytest.raises(Forbidden, match=f"describes <{free}>, which belongs to <{LILLE}>"):
        rollback(space, mine, territory, first.number)


def test_the_refusal_reads_in_both_languages(space: Workspace) -> None:
    data = f'<{LILLE_ACTION}> <{LABEL}> "x"@fr .'.encode()
    error = _refused(space, ALICE, LOOS, data)
    both = error.in_language(None)
    assert both.startswith("la soumission pour <https://w3id.org/coopgraph/id/commune/62528>")
    assert " / the submission for <https://w3id.org/coopgraph/id/commune/62528>" in both
    many = "".join(f'<{LILLE_ACTION}> <{LABEL}> "{n}"@fr .' for n in range(3))
    many += "".join(f'<{ID}commune/5935{n}> <{LABEL}> "x"@fr .' for n in range(1, 8))
    error = _refused(space, ALICE, LOOS, many.encode())
    assert str(error).endswith("(and 3 more)")
    assert error.in_language("fr").endswith("(et 3 autres)")
