"""Checks on data/seed (sourced facts) and data/examples (illustrative worked examples).

The project content is synchronised into one in-memory store, as `coopgraph sync` would do;
the OWL 2 RL consistency check runs on the ontology, the seed and the examples, plus only the
own triples of the official territories they mention (not the whole geography).
"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from coopgraph import iris
from coopgraph.content import loading
from coopgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
CG = "https://w3id.org/coopgraph/def/"
REF = "https://w3id.org/coopgraph/ref/"
ID = "https://w3id.org/coopgraph/id/"
SEED_GRAPHS = iris.DATA_GRAPH_BASE + "seed/"
EXAMPLE_GRAPHS = iris.EXAMPLES_GRAPH_BASE
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")

PREFIXES = f"""PREFIX cg: <{CG}>
PREFIX id: <{ID}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX element: <{REF}element/>
PREFIX commune: <{ID}commune/>
PREFIX evaluation: <{ID}evaluation/>
PREFIX organisation: <{ID}organisation/>
PREFIX programme: <{ID}programme/>
PREFIX season: <{ID}season/>
"""

# Classes from other vocabularies that the data may use for its own instances.
REUSED_CLASSES = frozenset(
    {
        "http://www.w3.org/ns/org#Membership",
        "http://www.w3.org/ns/prov#Association",
        "http://www.w3.org/2006/time#Instant",
        "http://www.w3.org/2006/time#ProperInterval",
        "http://www.w3.org/2006/time#Duration",
        "http://purl.org/dc/terms/BibliographicResource",
        "http://purl.org/linked-data/cube#DataSet",
        "http://purl.org/linked-data/cube#DataStructureDefinition",
        "http://purl.org/linked-data/cube#ComponentSpecification",
    }
)

# (INSEE code, SIREN of the EPCI) of the four season-1 communes, from DOMAIN.md.
SEASON_ONE = {
    "loos-en-gohelle": ("62528", "246200364"),
    "grande-synthe": ("59271", "245900428"),
    "malaunay": ("76402", "200023414"),
    "le-mene": ("22046", "200067460"),
}

LOOS_MILESTONES = [
    ("milestone/loos-en-gohelle-gohelliades", "1984"),
    ("milestone/loos-en-gohelle-land-use-plan-revision", "1995"),
    ("milestone/loos-en-gohelle-eco-construction", "1997"),
    ("milestone/loos-en-gohelle-charte-cadre-de-vie", "2000"),
    ("milestone/mining-basin-unesco-listing", "2012"),
    ("action/loos-church-solar-roof", "2014"),
    ("milestone/loos-en-gohelle-ademe-demonstrator", "2014-10-07"),
    ("evaluation/loos-en-gohelle-quadrant-conseil-2016", "2016"),
    ("action/loos-mine-de-soleil", "2019"),
]

# The kinds of statement that must cite a described document (issue 15).
SOURCED_KINDS = ("Action", "Effect", "CausalLink", "Transfer", "Evaluation", "Milestone")
# Depth reached from public sources: sourced actions, effects and transfers of data/seed.
SOURCED_DEPTH = 47

# The indicator observations of data/seed/indicators.ttl, as their documents state them:
# (value, QUDT unit, date or start year, end year, document); "" where the document gives none.
INDICATOR_OBSERVATIONS = {
    "loos-municipal-electricity-use-change-2016-2021": (
        "-40",
        "PERCENT",
        "2016",
        "2021",
        "loos-sobriety-plan",
    ),
    "loos-renovated-public-buildings-since-2016": ("10", "NUM", "2016", "", "loos-sobriety-plan"),
    "loos-church-solar-panel-area-2014": ("235", "M2", "2014", "", "cler-loos-tepos-2024"),
    "loos-church-solar-household-equivalent": ("69", "NUM", "", "", "cler-loos-tepos-2024"),
    "loos-mine-de-soleil-citizen-shareholders": ("130", "NUM", "", "", "cler-loos-tepos-2024"),
    "loos-mine-de-soleil-panel-area": ("2400", "M2", "", "", "cler-loos-tepos-2024"),
    "loos-church-solar-co2-avoided": ("10", "TONNE", "", "", "europe1-loos-trophy"),
    "le-mene-citeol-local-shareholders": ("147", "NUM", "", "", "mene-energy"),
    "le-mene-electricity-covered-by-local-production-tepos": (
        "100",
        "PERCENT",
        "",
        "",
        "cles-mene-ten-years",
    ),
    "le-mene-energy-covered-by-local-renewables-bioenergie": (
        "30",
        "PERCENT",
        "",
        "",
        "bioenergie-mene-2025",
    ),
    "le-mene-energy-covered-by-local-renewables-tepos": (
        "40",
        "PERCENT",
        "",
        "",
        "cles-mene-ten-years",
    ),
    "le-mene-municipal-wood-boiler-plants": ("6", "NUM", "", "", "bioenergie-mene-2025"),
    "le-mene-wind-farm-household-equivalent": ("3000", "NUM", "", "", "mene-energy"),
    "le-mene-wind-farm-yearly-output": ("14500000", "KiloW-HR", "", "", "mene-energy"),
    "grande-synthe-guaranteed-social-minimum-eligible-inhabitants-2019": (
        "3700",
        "NUM",
        "2019-10",
        "",
        "maires-de-france-grande-synthe-social-minimum",
    ),
    "grande-synthe-guaranteed-social-minimum-households-2019-12": (
        "589",
        "NUM",
        "2019-12",
        "",
        "gazette-grande-synthe-social-minimum",
    ),
    "grande-synthe-organic-share-of-school-meals-since-2011": (
        "100",
        "PERCENT",
        "2011-09",
        "",
        "unplusbio-cantines-rebelles-2016",
    ),
    "grande-synthe-public-buildings-renewable-share": (
        "68",
        "PERCENT",
        "",
        "",
        "moniteur-grande-synthe-energy-transition",
    ),
    "grande-synthe-public-roof-solar-panel-area": (
        "2350",
        "M2",
        "",
        "",
        "moniteur-grande-synthe-energy-transition",
    ),
    "grande-synthe-street-lighting-energy-use-change-2015": (
        "-21",
        "PERCENT",
        "2015-12-31",
        "",
        "climate-chance-grande-synthe-street-lighting",
    ),
    "grande-synthe-town-co2-emissions-change-since-2009": (
        "-43",
        "PERCENT",
        "2009",
        "",
        "moniteur-grande-synthe-energy-transition",
    ),
    "grande-synthe-town-energy-use-change-since-2009": (
        "-24",
        "PERCENT",
        "2009",
        "",
        "moniteur-grande-synthe-energy-transition",
    ),
    "loos-public-buildings-energy-met-by-solar-roofs-2020": (
        "92",
        "PERCENT",
        "2020-12-03",
        "",
        "groupe-la-poste-loos-solar-financing",
    ),
    "loos-public-buildings-with-solar-roofs-2020": (
        "8",
        "NUM",
        "2020-12-03",
        "",
        "groupe-la-poste-loos-solar-financing",
    ),
    "loos-public-roof-solar-panel-area-2023": (
        "2400",
        "M2",
        "2023-03-30",
        "",
        "terres-et-territoires-mine-de-soleil",
    ),
    "malaunay-municipal-biomass-boiler-plants": (
        "3",
        "NUM",
        "",
        "",
        "franceinfo-malaunay-sobriety",
    ),
    "malaunay-municipal-facilities-energy-use-change-2022": (
        "-30",
        "PERCENT",
        "2022",
        "",
        "tendance-ouest-malaunay-ahead",
    ),
    "malaunay-municipal-floor-area-renovated-2022": (
        "18000",
        "M2",
        "2022",
        "",
        "tendance-ouest-malaunay-ahead",
    ),
    "malaunay-public-buildings-with-solar-roofs": (
        "12",
        "NUM",
        "",
        "",
        "franceinfo-malaunay-sobriety",
    ),
    "malaunay-public-roof-solar-panel-area": ("1700", "M2", "", "", "franceinfo-malaunay-sobriety"),
    "malaunay-town-electricity-covered-by-solar-roofs": (
        "30",
        "PERCENT",
        "",
        "",
        "franceinfo-malaunay-sobriety",
    ),
}

ORGANISATIONS = {
    "organisation/ie-efc": "Network",
    "organisation/atemis": "ResearchLab",
    "organisation/loos-en-gohelle-town": "LocalAuthority",
    "organisation/ademe": "Agency",
    "organisation/fabrique-des-transitions": "Network",
}


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The whole project content, examples included, synchronised as `coopgraph sync` does."""
    store = EmbeddedStore.in_memory()
    loading.synchronise(store, ROOT, examples=True)
    return store


def _select(store: EmbeddedStore, query: str, **bindings: URIRef) -> list[dict[str, str]]:
    table = store.select(PREFIXES + query, dict(bindings))
    return [{name: str(value) for name, value in row.items()} for row in table]


def _in_graphs(prefix: str) -> str:
    return f'FILTER(STRSTARTS(STR(?g), "{prefix}"))'


@pytest.mark.parametrize(("insee", "siren"), SEASON_ONE.values(), ids=SEASON_ONE.keys())
def test_season_one_commune_has_its_code_and_epci(
    store: EmbeddedStore, insee: str, siren: str
) -> None:
    rows = _select(
        store,
        """SELECT ?commune ?code ?siren WHERE {
             season:villes-pairs-1 cg:participatingTerritory ?commune .
             ?commune a cg:Commune ; cg:inseeCode ?code ; cg:isPartOf ?epci .
             ?epci a cg:Intercommunality ; cg:sirenCode ?siren }""",
        commune=URIRef(f"{ID}commune/{insee}"),
    )
    assert rows == [{"commune": f"{ID}commune/{insee}", "code": insee, "siren": siren}]


def test_season_one_has_exactly_the_four_communes(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        "SELECT ?c WHERE { season:villes-pairs-1 cg:participatingTerritory ?c }",
    )
    assert sorted(row["c"] for row in rows) == sorted(
        f"{ID}commune/{insee}" for insee, _ in SEASON_ONE.values()
    )


def test_season_one_runs_from_2018_to_2019(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        """SELECT ?begin ?end WHERE { season:villes-pairs-1 time:hasTime ?t ;
             cg:seasonNumber 1 .
             ?t time:hasBeginning/time:inXSDgYear ?begin ; time:hasEnd/time:inXSDgYear ?end }""",
    )
    assert rows == [{"begin": "2018", "end": "2019"}]


def test_season_three_ended_in_june_2021(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        """SELECT ?end WHERE { season:villes-pairs-3 cg:seasonNumber 3 ; time:hasTime ?t .
             ?t time:hasEnd/time:inXSDgYearMonth ?end }""",
    )
    assert rows == [{"end": "2021-06"}]


def test_season_two_is_placed_between_without_invented_dates(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        """SELECT ?after ?before ?dated WHERE { season:villes-pairs-2 cg:seasonNumber 2 ;
             time:hasTime ?t . ?t time:intervalAfter ?after ; time:intervalBefore ?before ;
             rdfs:comment ?comment FILTER(LANG(?comment) = "en")
             BIND(EXISTS { ?t time:hasBeginning|time:hasEnd ?instant } AS ?dated) }""",
    )
    assert rows == [
        {
            "after": f"{ID}interval/villes-pairs-1",
            "before": f"{ID}interval/villes-pairs-3",
            "dated": "false",
        }
    ]


@pytest.mark.parametrize(("path", "kind"), ORGANISATIONS.items(), ids=ORGANISATIONS.keys())
def test_organisation_is_described(store: EmbeddedStore, path: str, kind: str) -> None:
    assert store.ask(PREFIXES + f"ASK {{ <{ID}{path}> a cg:{kind} ; dcterms:source ?source }}"), (
        f"{path} should be a cg:{kind} with a source"
    )


def test_the_town_administers_loos_en_gohelle(store: EmbeddedStore) -> None:
    assert store.ask(
        PREFIXES + "ASK { organisation:loos-en-gohelle-town cg:administers commune:62528 }"
    )


def test_coopter_is_run_by_ademe_with_atemis(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        """SELECT ?agent WHERE { programme:coopter a cg:Programme ;
             prov:wasAssociatedWith ?agent ;
             time:hasTime/time:hasBeginning/time:inXSDgYear "2020"^^xsd:gYear }""",
    )
    assert sorted(row["agent"] for row in rows) == [
        f"{ID}organisation/ademe",
        f"{ID}organisation/atemis",
    ]


def test_loos_en_gohelle_milestones_in_time_order(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        """SELECT ?milestone ?start WHERE {
             ?trajectory cg:trajectoryOf commune:62528 ; cg:hasMilestone ?milestone .
             ?milestone time:hasTime ?t . OPTIONAL { ?t time:hasBeginning ?b }
             BIND(COALESCE(?b, ?t) AS ?i) ?i time:inXSDgYear|time:inXSDDate ?start }
           ORDER BY STR(?start)""",
    )
    assert [(row["milestone"], row["start"]) for row in rows] == [
        (ID + path, start) for path, start in LOOS_MILESTONES
    ]


def test_quadrant_conseil_evaluation_has_the_four_axes(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        """SELECT ?axis WHERE { evaluation:loos-en-gohelle-quadrant-conseil-2016
             cg:illustrates ?axis . ?axis skos:broader element:loos-source-code }""",
    )
    assert sorted(row["axis"].rsplit("/", 1)[1] for row in rows) == [
        "experimentation-and-risk",
        "inhabitant-involvement",
        "narrative-and-meaning",
        "systemic-arrangement-of-actors",
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("graphs", [SEED_GRAPHS, EXAMPLE_GRAPHS], ids=["seed", "examples"])
def test_every_resource_has_a_label(store: EmbeddedStore, graphs: str, language: str) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_in_graphs(graphs)}
              FILTER(isIRI(?s))
              FILTER NOT EXISTS {{ ?s rdfs:label ?label
                                   FILTER(LANG(?label) = "{language}") }} }}""",
    )
    assert rows == []


def test_every_example_resource_is_marked_illustrative(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_in_graphs(EXAMPLE_GRAPHS)}
              FILTER(isIRI(?s))
              FILTER NOT EXISTS {{ GRAPH ?g {{ ?s skos:note "Exemple illustratif"@fr ,
                                                         "Illustrative example"@en }} }} }}""",
    )
    assert rows == []


def test_no_seed_resource_is_marked_illustrative(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s skos:note "Illustrative example"@en }}
              {_in_graphs(SEED_GRAPHS)} }}""",
    )
    assert rows == []


def test_every_seed_fact_has_a_source(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_in_graphs(SEED_GRAPHS)}
              FILTER(isIRI(?s))
              FILTER NOT EXISTS {{ ?s a cg:Document ; foaf:page ?page }}
              FILTER NOT EXISTS {{ GRAPH ?g {{ ?s dcterms:source ?source
                                               FILTER(isIRI(?source)) }} }} }}""",
    )
    assert rows == []


def test_data_uses_only_known_classes(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?class WHERE {{ GRAPH ?g {{ ?s a ?class }}
              FILTER(STRSTARTS(STR(?g), "{SEED_GRAPHS}") || STRSTARTS(STR(?g), "{EXAMPLE_GRAPHS}"))
              FILTER NOT EXISTS {{ GRAPH <{iris.ONTOLOGY_GRAPH}> {{
                ?class a owl:Class }} }} }}""",
    )
    assert sorted({row["class"] for row in rows} - REUSED_CLASSES) == []


def test_every_referential_concept_used_exists(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?concept WHERE {{ GRAPH ?g {{ ?s ?p ?concept }}
              FILTER(STRSTARTS(STR(?g), "{SEED_GRAPHS}") || STRSTARTS(STR(?g), "{EXAMPLE_GRAPHS}"))
              FILTER(STRSTARTS(STR(?concept), "{REF}"))
              FILTER NOT EXISTS {{ GRAPH <{iris.ONTOLOGY_GRAPH}> {{
                ?concept a skos:Concept ; skos:inScheme ?scheme }} }} }}""",
    )
    assert rows == []


def _closure_input(store: EmbeddedStore) -> rdflib.Graph:
    """Ontology, seed and examples, plus the own triples of the territories they mention."""
    graph = rdflib.Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    for folder in ("seed", "examples"):
        for path in sorted((ROOT / "data" / folder).glob("*.ttl")):
            graph.parse(path, format="turtle")
    territories = sorted(
        {str(o) for o in graph.objects() if str(o).startswith((f"{ID}commune/", f"{ID}epci/"))}
    )
    rows = store.select(
        f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{iris.DATA_GRAPH_BASE}geography/geography-2026>
              {{ ?s ?p ?o }} VALUES ?s {{ {" ".join(f"<{t}>" for t in territories)} }} }}"""
    )
    for row in rows:
        graph.add((row["s"], row["p"], row["o"]))
    return graph


def _disjoint_pairs(graph: rdflib.Graph) -> set[tuple[URIRef, URIRef]]:
    """Every pair of classes the ontology declares disjoint, pairwise or in a group."""
    pairs = {
        (a, b)
        for a, b in graph.subject_objects(OWL.disjointWith)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    }
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        head = graph.value(group, OWL.members)
        assert head is not None
        members = list(rdflib.collection.Collection(graph, head))
        pairs |= {
            (a, b)
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if isinstance(a, URIRef) and isinstance(b, URIRef)
        }
    return pairs


@pytest.fixture(scope="module")
def closure(store: EmbeddedStore) -> rdflib.Graph:
    graph = _closure_input(store)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def test_closure_input_holds_only_the_mentioned_territories(store: EmbeddedStore) -> None:
    graph = _closure_input(store)
    communes = set(graph.subjects(RDF.type, URIRef(CG + "Commune")))
    assert sorted(str(c).rsplit("/", 1)[1] for c in communes) == [
        "22046",
        "44184",
        "56121",
        "59271",
        "62498",
        "62528",
        "76402",
    ]


def test_owl_rl_closure_reports_no_error(closure: rdflib.Graph) -> None:
    assert [str(message) for message in closure.objects(None, OWLRL_ERROR)] == []


def test_owl_rl_closure_infers_nothing_as_owl_nothing(closure: rdflib.Graph) -> None:
    assert list(closure.subjects(RDF.type, OWL.Nothing)) == []


def test_the_ontology_declares_disjoint_classes(closure: rdflib.Graph) -> None:
    pairs = _disjoint_pairs(closure)
    assert (URIRef(CG + "Person"), URIRef(CG + "Organisation")) in pairs
    assert (URIRef(CG + "Territory"), URIRef(CG + "Actor")) in pairs


def test_no_individual_is_in_two_disjoint_classes(closure: rdflib.Graph) -> None:
    clashes = [
        (str(individual), str(a), str(b))
        for a, b in _disjoint_pairs(closure)
        for individual in set(closure.subjects(RDF.type, a)) & set(closure.subjects(RDF.type, b))
    ]
    assert clashes == []


def test_owl_rl_closure_derives_leads_to_from_every_causal_link(closure: rdflib.Graph) -> None:
    """The asserted cg:leadsTo shortcuts are exactly those the property chain entails."""
    cause, consequence = URIRef(CG + "cause"), URIRef(CG + "consequence")
    links = {
        (closure.value(link, cause), closure.value(link, consequence))
        for link in closure.subjects(RDF.type, URIRef(CG + "CausalLink"))
    }
    leads_to = set(closure.subject_objects(URIRef(CG + "leadsTo")))
    assert links == leads_to
    assert len(links) == 14


def _default_content(store: EmbeddedStore, kind: str, condition: str) -> list[dict[str, str]]:
    """Resources of one class in data/ graphs (examples aside) that break a condition."""
    return _select(
        store,
        f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a cg:{kind} }}
              FILTER(STRSTARTS(STR(?g), "{iris.DATA_GRAPH_BASE}"))
              FILTER NOT EXISTS {{ {condition} }} }}""",
    )


@pytest.mark.parametrize("kind", SOURCED_KINDS)
def test_every_statement_cites_a_described_document(store: EmbeddedStore, kind: str) -> None:
    condition = """?s dcterms:source ?doc . ?doc a cg:Document ; dcterms:title ?title ;
                   dcterms:publisher ?publisher ; foaf:page ?page"""
    assert _default_content(store, kind, condition) == []


@pytest.mark.parametrize("kind", ["Effect", "CausalLink"])
def test_every_effect_and_link_says_how_it_is_known(store: EmbeddedStore, kind: str) -> None:
    condition = """?s cg:epistemicStatus ?status .
                   ?status skos:inScheme <https://w3id.org/coopgraph/ref/epistemic-statuses>"""
    assert _default_content(store, kind, condition) == []


def test_the_three_epistemic_statuses_are_defined(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT ?status WHERE {{ ?status skos:inScheme <{REF}epistemic-statuses> ;
             skos:prefLabel ?fr , ?en ; skos:definition ?dfr , ?den
             FILTER(LANG(?fr) = "fr" && LANG(?en) = "en")
             FILTER(LANG(?dfr) = "fr" && LANG(?den) = "en") }}""",
    )
    assert sorted({row["status"].rsplit("/", 1)[1] for row in rows}) == [
        "expected",
        "hypothesised",
        "observed",
    ]


def test_no_document_is_cited_without_being_described(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?doc WHERE {{ GRAPH ?g {{ ?s dcterms:source ?doc }}
              {_in_graphs(SEED_GRAPHS)}
              FILTER NOT EXISTS {{ ?doc a cg:Document ; dcterms:title ?t ; foaf:page ?page }} }}""",
    )
    assert rows == []


def test_the_seed_reaches_its_sourced_depth(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?kind }}
              {_in_graphs(SEED_GRAPHS)} VALUES ?kind {{ cg:Action cg:Effect cg:Transfer }}
              ?s dcterms:source ?doc }}""",
    )
    assert int(rows[0]["n"]) >= SOURCED_DEPTH


@pytest.mark.parametrize("commune", ["62528", "59271", "76402", "22046"])
def test_every_season_one_commune_has_a_sourced_trajectory(
    store: EmbeddedStore, commune: str
) -> None:
    rows = _select(
        store,
        f"""SELECT (COUNT(DISTINCT ?milestone) AS ?n) WHERE {{
             ?trajectory cg:trajectoryOf <{ID}commune/{commune}> ; cg:hasMilestone ?milestone .
             ?milestone dcterms:source ?doc ; time:hasTime ?time }}""",
    )
    assert int(rows[0]["n"]) >= 3


def test_every_indicator_observation_has_value_unit_date_source_and_status(
    store: EmbeddedStore,
) -> None:
    rows = _select(
        store,
        f"""SELECT ?s WHERE {{ GRAPH ?g {{ ?s a cg:IndicatorObservation }} {_in_graphs(SEED_GRAPHS)}
              FILTER NOT EXISTS {{
                ?s cg:indicator/a cg:Indicator ; cg:observedTerritory ?territory ;
                   cg:observedValue ?value ; cg:unit ?unit ; time:hasTime ?time ;
                   dcterms:source/foaf:page ?page ;
                   cg:epistemicStatus <{REF}epistemic-status/observed>
                FILTER(isNumeric(?value)
                       && STRSTARTS(STR(?unit), "http://qudt.org/vocab/unit/")) }} }}""",
    )
    assert rows == []


def test_the_seed_holds_the_counted_indicator_observations(store: EmbeddedStore) -> None:
    rows = _select(
        store,
        f"""SELECT ?s WHERE {{ GRAPH ?g {{ ?s a cg:IndicatorObservation }}
              {_in_graphs(SEED_GRAPHS)} }}""",
    )
    assert sorted(row["s"].rsplit("/", 1)[1] for row in rows) == sorted(INDICATOR_OBSERVATIONS)


@pytest.mark.parametrize("slug", INDICATOR_OBSERVATIONS)
def test_an_indicator_observation_holds_what_its_document_says(
    store: EmbeddedStore, slug: str
) -> None:
    rows = _select(
        store,
        """SELECT ?s ?value ?unit ?start ?end ?source WHERE {
             ?s cg:observedValue ?value ; cg:unit ?unit ; dcterms:source ?source ;
                cg:observedTerritory ?territory ; time:hasTime ?time .
             OPTIONAL { ?time time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate ?at }
             OPTIONAL { ?time time:hasBeginning/(time:inXSDgYear|time:inXSDgYearMonth
                                                 |time:inXSDDate) ?from }
             OPTIONAL { ?time time:hasEnd/(time:inXSDgYear|time:inXSDgYearMonth
                                           |time:inXSDDate) ?end }
             BIND(COALESCE(?at, ?from) AS ?start) }""",
        s=URIRef(ID + "observation/" + slug),
    )
    found = [
        (
            row["value"],
            row["unit"].rsplit("/", 1)[1],
            row.get("start", ""),
            row.get("end", ""),
            row["source"].rsplit("/", 1)[1],
        )
        for row in rows
    ]
    assert found == [INDICATOR_OBSERVATIONS[slug]]
