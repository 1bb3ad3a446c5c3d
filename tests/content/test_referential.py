"""The referential's own schemes: the Villes pairs referential, the "code source loossois" apart,
the transfer phases, impulser / conforter / généraliser and the workshop's notions.

Read from ontology/ with the documents data/seed/documents.ttl describes; the documentation page
is rendered from the store the validation tests share.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS
from support.content_store import content_store

from coopgraph.linked_data import render_documentation

ROOT = Path(__file__).resolve().parents[2]
REF = "https://w3id.org/coopgraph/ref/"
REFERENTIAL = URIRef(REF + "referential")
SOURCE_CODE = URIRef(REF + "loos-source-code")
DOCUMENT = URIRef("https://w3id.org/coopgraph/def/Document")
NEW_SCHEMES = ("change-steps", "notions", "loos-source-code")
NEW_REFERENTIAL_CONCEPTS = tuple(
    f"experience/{slug}" for slug in ("loos-en-gohelle", "atemis-accompaniment", "pilot-towns")
)
MAPPINGS = (SKOS.closeMatch, SKOS.relatedMatch, SKOS.exactMatch, SKOS.broadMatch, SKOS.narrowMatch)
SEED_WORDS = {
    "change-step/initiate": "Impulser",
    "change-step/consolidate": "Conforter",
    "change-step/generalise": "Généraliser",
    "transfer-phase/decontextualisation": "Décontextualiser",
    "transfer-phase/appropriation": "S'approprier",
    "transfer-phase/recontextualisation": "Recontextualiser",
}
NOTIONS = {
    "notion/development-model": "Mode de développement",
    "notion/ways-of-life": "Modes de vie",
    "notion/ways-of-production": "Modes de production",
    "notion/ways-of-thinking": "Modes de pensée",
    "notion/transition-approach": "Démarche de transition",
    "notion/change-in-work": "Changement dans le travail",
    "notion/new-economic-model": "Nouveau modèle économique",
    "notion/joint-analysis": "Analyse conjointe de la Ville de Loos-en-Gohelle et d'ATEMIS",
    "experience/atemis-accompaniment": "Accompagnement d'entreprises et de territoires par ATEMIS",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    """Every ontology file and the described documents, in one graph."""
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    graph.parse(ROOT / "data" / "seed" / "documents.ttl", format="turtle")
    return graph


def _concepts(graph: Graph, scheme: URIRef) -> set[URIRef]:
    return {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}


def _new_concepts(graph: Graph) -> list[URIRef]:
    concepts: set[URIRef] = set()
    for scheme in NEW_SCHEMES:
        concepts |= _concepts(graph, URIRef(REF + scheme))
    concepts |= {URIRef(REF + path) for path in (*NEW_REFERENTIAL_CONCEPTS, *SEED_WORDS)}
    return sorted(concepts)


def _described_documents(graph: Graph) -> set[URIRef]:
    """Each described document's IRI and the address it was read at (its foaf:page)."""
    documents = {d for d in graph.subjects(RDF.type, DOCUMENT) if isinstance(d, URIRef)}
    pages = {p for d in documents for p in graph.objects(d, FOAF.page) if isinstance(p, URIRef)}
    return documents | pages


def test_the_referential_and_the_source_code_are_two_schemes_with_no_concept_in_common(
    graph: Graph,
) -> None:
    referential, source_code = _concepts(graph, REFERENTIAL), _concepts(graph, SOURCE_CODE)
    assert (REFERENTIAL, RDF.type, SKOS.ConceptScheme) in graph
    assert (SOURCE_CODE, RDF.type, SKOS.ConceptScheme) in graph
    assert len(referential) >= 10
    assert len(source_code) == 5
    assert referential & source_code == set()


def test_the_source_code_holds_the_four_axes_of_the_2016_evaluation(graph: Graph) -> None:
    top = URIRef(REF + "element/loos-source-code")
    axes = {
        a for a in graph.subjects(SKOS.broader, top) if (a, SKOS.inScheme, SOURCE_CODE) in graph
    }
    names = sorted(str(axis).rsplit("/", 1)[1] for axis in axes)
    assert names == [
        "experimentation-and-risk",
        "inhabitant-involvement",
        "narrative-and-meaning",
        "systemic-arrangement-of-actors",
    ]


def test_every_mapping_links_a_concept_of_one_scheme_to_one_of_the_other(graph: Graph) -> None:
    referential, source_code = _concepts(graph, REFERENTIAL), _concepts(graph, SOURCE_CODE)
    ours = referential | source_code
    pairs = [(s, o) for p in MAPPINGS for s, o in graph.subject_objects(p) if {s, o} & ours]
    assert len(pairs) >= 4
    across = [(s in referential and o in source_code) or (s in source_code and o in referential)
              for s, o in pairs]  # fmt: skip
    assert all(across), [pair for pair, ok in zip(pairs, across, strict=True) if not ok]


@pytest.mark.parametrize("scheme", [REFERENTIAL, SOURCE_CODE], ids=["referential", "source-code"])
def test_both_schemes_cite_a_described_document(graph: Graph, scheme: URIRef) -> None:
    sources = set(graph.objects(scheme, DCTERMS.source))
    assert sources
    assert sources <= _described_documents(graph)


def test_the_referential_cites_the_workshops_publication(graph: Graph) -> None:
    publication = URIRef("https://www.fabriquedestransitions.net/bdf_document-2096_fr.html")
    assert (REFERENTIAL, DCTERMS.source, publication) in graph


def test_every_new_concept_is_labelled_defined_and_sourced(graph: Graph) -> None:
    described = _described_documents(graph)
    faults = []
    for concept in _new_concepts(graph):
        for prop in (SKOS.prefLabel, SKOS.definition):
            languages = {getattr(v, "language", None) for v in graph.objects(concept, prop)}
            faults += [f"{concept} {prop} {lang}" for lang in ("fr", "en") if lang not in languages]
        sources = set(graph.objects(concept, DCTERMS.source))
        if not sources or not sources <= described:
            faults.append(f"{concept} dcterms:source {sorted(map(str, sources))}")
    assert faults == []
    assert len(_new_concepts(graph)) >= 20


@pytest.mark.parametrize("path", SEED_WORDS, ids=list(SEED_WORDS))
def test_the_moves_and_phases_carry_the_seeds_french_words(graph: Graph, path: str) -> None:
    concept = URIRef(REF + path)
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.prefLabel, Literal(SEED_WORDS[path], lang="fr")) in graph


@pytest.mark.parametrize("path", NOTIONS, ids=list(NOTIONS))
def test_the_missing_notions_exist(graph: Graph, path: str) -> None:
    assert (URIRef(REF + path), SKOS.prefLabel, Literal(NOTIONS[path], lang="fr")) in graph


@pytest.mark.parametrize(
    ("notion", "hypothesis"),
    [
        ("change-in-work", "cooperation"),
        ("new-economic-model", "value"),
        ("transition-approach", "territory"),
        ("development-model", "systemic"),
    ],
)
def test_a_notion_is_related_to_the_hypothesis_it_explains(
    graph: Graph, notion: str, hypothesis: str
) -> None:
    related = (
        URIRef(REF + "notion/" + notion),
        SKOS.related,
        URIRef(REF + "hypothesis/" + hypothesis),
    )
    assert related in graph


def test_the_joint_analysis_is_related_to_all_four_hypotheses(graph: Graph) -> None:
    related = set(graph.objects(URIRef(REF + "notion/joint-analysis"), SKOS.related))
    hypotheses = {URIRef(REF + "hypothesis/" + h) for h in ("territory", "systemic", "cooperation")}
    assert hypotheses | {URIRef(REF + "hypothesis/value")} <= related


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_documentation_page_shows_the_new_schemes(graph: Graph, lang: str) -> None:
    html = render_documentation("referential", content_store(), lang, "")
    for scheme in (REFERENTIAL, *(URIRef(REF + name) for name in NEW_SCHEMES)):
        labels = graph.objects(scheme, SKOS.prefLabel)
        [label] = [str(v) for v in labels if isinstance(v, Literal) and v.language == lang]
        assert label.replace("'", "&#39;") in html or label in html, label
