"""Quality checks on ontology/: labels, definitions, domains, hierarchy, SKOS, reuse, consistency.

Each check is a SPARQL query that lists faults; a clean ontology gives no rows. Every check also
runs on a small faulty example, to prove that it can fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    GEO,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VANN,
    XSD,
    DefinedNamespace,
)

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
# Every Turtle file of ontology/: a new file is checked without editing this test.
ONTOLOGY_FILES = tuple(sorted(path.name for path in ONTOLOGY_DIR.glob("*.ttl")))
ONTOLOGY_IRI = "https://w3id.org/coopgraph/def"
VERSION = "0.1.0"
CG = "https://w3id.org/coopgraph/def/"
REF = "https://w3id.org/coopgraph/ref/"
OWLRL_ERROR = rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")

_PREFIXES = {
    "cg": CG,
    "ref": REF,
    "id": "https://w3id.org/coopgraph/id/",
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
}
SPARQL_PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in _PREFIXES.items())
TURTLE_PREFIXES = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in _PREFIXES.items())

# Every reused vocabulary, with the terms coopgraph uses from it. A new use must be added here,
# after checking the term in the vocabulary.
REUSED_TERMS: dict[str, tuple[str, frozenset[str]]] = {
    "dcterms": (
        str(DCTERMS),
        frozenset(
            {"created", "creator", "description", "hasPart", "isPartOf", "license"}
            | {"modified", "source", "subject", "title"}
        ),
    ),
    "foaf": (str(FOAF), frozenset({"Document", "Organization", "Person", "name", "topic"})),
    "geo": (str(GEO), frozenset({"Feature"})),
    "org": (
        str(ORG),
        frozenset(
            {"FormalOrganization", "Organization", "OrganizationalCollaboration"}
            | {"OrganizationalUnit", "Role"}
        ),
    ),
    "prov": (
        str(PROV),
        frozenset(
            {"Activity", "Agent", "Entity", "Location", "Plan", "Role"}
            | {"used", "wasAssociatedWith", "wasGeneratedBy"}
        ),
    ),
    "skos": (
        str(SKOS),
        frozenset(
            {"Concept", "ConceptScheme", "altLabel", "broadMatch", "broader", "closeMatch"}
            | {"definition", "exactMatch", "hasTopConcept", "inScheme", "narrower", "notation"}
            | {"prefLabel", "related", "relatedMatch", "topConceptOf"}
        ),
    ),
    "time": (str(TIME), frozenset({"Duration"})),
    "qb": (
        str(QB),
        frozenset({"AttributeProperty", "DimensionProperty", "MeasureProperty", "Observation"}),
    ),
    "vann": (str(VANN), frozenset({"preferredNamespacePrefix", "preferredNamespaceUri"})),
    "schema": (
        str(SDO),
        frozenset(
            {"AdministrativeArea", "CreativeWork", "Movie", "Organization", "Person"}
            | {"PodcastSeries", "postalCode"}
        ),
    ),
    "igeo": (
        "http://rdf.insee.fr/def/geo#",
        frozenset(
            {"Commune", "CommuneAssociee", "CommuneDeleguee", "Departement", "Intercommunalite"}
            | {"Region", "codeINSEE", "subdivisionDe"}
        ),
    ),
    "vf": (
        "https://w3id.org/valueflows/ont/vf#",
        frozenset({"Agent", "Agreement", "EconomicResource", "Organization", "Person"})
        | frozenset({"Process", "Proposal"}),
    ),
}

# Vocabularies that rdflib does not ship: terms transcribed from their published files,
# InseeFr/Ontologies insee-geo.ttl (version 4.0.2) and valueflows all_vf.TTL (release 1.0.0).
PUBLISHED_TERMS: dict[str, frozenset[str]] = {
    "igeo": frozenset(
        {"Arrondissement", "ArrondissementMunicipal", "Canton", "CantonOuVille", "Commune"}
        | {"CommuneAssociee", "CommuneDeleguee", "Departement", "CDCTE", "Region"}
        | {"Intercommunalite", "TerritoireAdministratif", "TerritoireFrancais", "PaysOuTerritoire"}
        | {"CollectiviteTerritoriale", "CirconscriptionAdministrative", "Pays", "TypeDEPCI"}
        | {"codeINSEE", "nom", "chefLieu", "subdivision", "subdivisionDe", "subdivisionDirecte"}
        | {"subdivisionDirecteDe", "territoireCommunAvec", "typeDEPCI", "dateDebut", "dateFin"}
    ),
    "vf": frozenset(
        {"Action", "Agent", "Agreement", "Claim", "Commitment", "EcologicalAgent"}
        | {"EconomicEvent", "EconomicResource", "Intent", "Organization", "Person", "Plan"}
        | {"Process", "Proposal", "ResourceSpecification", "SpatialThing"}
    ),
}

# The RDF, RDFS, OWL and XSD terms themselves, checked against rdflib's term lists.
LANGUAGE_NAMESPACES: dict[str, type[DefinedNamespace]] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}
RDFLIB_NAMESPACES: dict[str, type[DefinedNamespace]] = {
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "geo": GEO,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "time": TIME,
    "qb": QB,
    "vann": VANN,
    "schema": SDO,
}


@dataclass(frozen=True)
class Check:
    """A SPARQL query that lists faults, and a Turtle example that holds at least one."""

    name: str
    query: str
    faulty_example: str


_TERM_KINDS = "VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }"
_CG_TERM = f"?term a ?kind . {_TERM_KINDS} FILTER(STRSTARTS(STR(?term), STR(cg:)))"
_PROPERTY = (
    "?term a ?kind . VALUES ?kind { owl:ObjectProperty owl:DatatypeProperty } "
    "FILTER(STRSTARTS(STR(?term), STR(cg:)))"
)
_REF_RESOURCE = (
    "?term a ?kind . VALUES ?kind { skos:Concept skos:ConceptScheme } "
    "FILTER(STRSTARTS(STR(?term), STR(ref:)))"
)
_GOOD_CLASS = (
    'cg:Good a owl:Class ; rdfs:subClassOf prov:Entity ; rdfs:label "bon"@fr , "good"@en ; '
    'skos:definition "Bon."@fr , "Good."@en ; rdfs:isDefinedBy <https://w3id.org/coopgraph/def> .'
)

CHECKS: tuple[Check, ...] = (
    Check(
        "term-without-label-in-language",
        f"""SELECT ?term ?lang WHERE {{ {_CG_TERM} VALUES ?lang {{ "fr" "en" }}
            FILTER NOT EXISTS {{ ?term rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), ?lang)) }}
        }}""",
        'cg:Broken a owl:Class ; rdfs:label "broken"@en .',
    ),
    Check(
        "term-without-definition-in-language",
        f"""SELECT ?term ?lang WHERE {{ {_CG_TERM} VALUES ?lang {{ "fr" "en" }}
            FILTER NOT EXISTS {{
                ?term skos:definition ?definition FILTER(LANGMATCHES(LANG(?definition), ?lang))
            }}
        }}""",
        'cg:Broken a owl:Class ; skos:definition "Cassé."@fr .',
    ),
    Check(
        "concept-without-label-in-language",
        f"""SELECT ?term ?lang WHERE {{ {_REF_RESOURCE} VALUES ?lang {{ "fr" "en" }}
            FILTER NOT EXISTS {{
                ?term skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), ?lang))
            }}
        }}""",
        '<https://w3id.org/coopgraph/ref/broken/a> a skos:Concept ; skos:prefLabel "A"@en .',
    ),
    Check(
        "concept-without-definition-in-language",
        f"""SELECT ?term ?lang WHERE {{ {_REF_RESOURCE} VALUES ?lang {{ "fr" "en" }}
            FILTER NOT EXISTS {{
                ?term skos:definition ?definition FILTER(LANGMATCHES(LANG(?definition), ?lang))
            }}
        }}""",
        '<https://w3id.org/coopgraph/ref/broken> a skos:ConceptScheme ; skos:definition "X"@fr .',
    ),
    Check(
        "label-shared-by-two-terms",
        f"""SELECT ?term ?other ?label WHERE {{ {_CG_TERM}
            ?term rdfs:label ?label . ?other rdfs:label ?label .
            FILTER(STRSTARTS(STR(?other), STR(cg:)) && STR(?term) < STR(?other))
        }}""",
        'cg:A a owl:Class ; rdfs:label "même"@fr . cg:B a owl:Class ; rdfs:label "même"@fr .',
    ),
    Check(
        "preferred-label-shared-by-two-concepts",
        f"""SELECT ?term ?other ?label WHERE {{ {_REF_RESOURCE}
            ?term skos:prefLabel ?label . ?other skos:prefLabel ?label .
            FILTER(STRSTARTS(STR(?other), STR(ref:)) && STR(?term) < STR(?other))
        }}""",
        """<https://w3id.org/coopgraph/ref/x/a> a skos:Concept ; skos:prefLabel "Même"@fr .
        <https://w3id.org/coopgraph/ref/x/b> a skos:Concept ; skos:prefLabel "Même"@fr .""",
    ),
    Check(
        "term-not-defined-by-the-ontology",
        f"""SELECT ?term WHERE {{ {_CG_TERM}
            FILTER NOT EXISTS {{ ?term rdfs:isDefinedBy <{ONTOLOGY_IRI}> }}
        }}""",
        "cg:Broken a owl:Class .",
    ),
    Check(
        "property-without-exactly-one-domain",
        f"""SELECT ?term (COUNT(DISTINCT ?domain) AS ?domains) WHERE {{ {_PROPERTY}
            OPTIONAL {{ ?term rdfs:domain ?domain }}
        }} GROUP BY ?term HAVING (COUNT(DISTINCT ?domain) != 1)""",
        "cg:broken a owl:ObjectProperty ; rdfs:domain cg:A , cg:B ; rdfs:range cg:A .",
    ),
    Check(
        "property-without-exactly-one-range",
        f"""SELECT ?term (COUNT(DISTINCT ?range) AS ?ranges) WHERE {{ {_PROPERTY}
            OPTIONAL {{ ?term rdfs:range ?range }}
        }} GROUP BY ?term HAVING (COUNT(DISTINCT ?range) != 1)""",
        "cg:broken a owl:DatatypeProperty ; rdfs:domain cg:A .",
    ),
    Check(
        "object-property-ranging-over-literals",
        """SELECT ?term ?range WHERE {
            ?term a owl:ObjectProperty ; rdfs:range ?range .
            FILTER(STRSTARTS(STR(?range), STR(xsd:)) || ?range = rdfs:Literal)
        }""",
        "cg:broken a owl:ObjectProperty ; rdfs:range xsd:string .",
    ),
    Check(
        "datatype-property-ranging-over-things",
        """SELECT ?term ?range WHERE {
            ?term a owl:DatatypeProperty ; rdfs:range ?range .
            FILTER(!STRSTARTS(STR(?range), STR(xsd:)) && ?range != rdfs:Literal)
        }""",
        "cg:broken a owl:DatatypeProperty ; rdfs:range cg:Territory .",
    ),
    Check(
        "class-hierarchy-cycle",
        """SELECT DISTINCT ?term WHERE { ?term rdfs:subClassOf+ ?term }""",
        "cg:A rdfs:subClassOf cg:B . cg:B rdfs:subClassOf cg:A .",
    ),
    Check(
        "property-hierarchy-cycle",
        """SELECT DISTINCT ?term WHERE { ?term rdfs:subPropertyOf+ ?term }""",
        "cg:a rdfs:subPropertyOf cg:a .",
    ),
    Check(
        "class-connected-to-nothing",
        """SELECT ?term WHERE {
            ?term a owl:Class . FILTER(STRSTARTS(STR(?term), STR(cg:)))
            FILTER NOT EXISTS { ?term rdfs:subClassOf ?parent FILTER(?parent != ?term) }
            FILTER NOT EXISTS { ?property rdfs:domain|rdfs:range ?term }
        }""",
        "cg:Lonely a owl:Class .",
    ),
    Check(
        "untyped-ontology-term",
        """SELECT DISTINCT ?term WHERE {
            { ?term ?p ?o } UNION { ?s ?term ?o }
            UNION { ?s ?p ?term FILTER(?p != owl:versionIRI) }
            FILTER(isIRI(?term) && STRSTARTS(STR(?term), STR(cg:)))
            FILTER NOT EXISTS {
                ?term a ?kind .
                VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
            }
        }""",
        "cg:Territory a owl:Class ; rdfs:subClassOf cg:Undeclared .",
    ),
    Check(
        "untyped-referential-resource",
        f"""SELECT DISTINCT ?term WHERE {{
            {{ ?term ?p ?o }} UNION {{ ?s ?p ?term }}
            FILTER(isIRI(?term) && STRSTARTS(STR(?term), STR(ref:)))
            FILTER NOT EXISTS {{ {_REF_RESOURCE} }}
        }}""",
        "<https://w3id.org/coopgraph/ref/x/a> skos:broader <https://w3id.org/coopgraph/ref/x/b> .",
    ),
    Check(
        "property-inverse-of-itself",
        """SELECT ?term WHERE { ?term owl:inverseOf ?term }""",
        "cg:broken owl:inverseOf cg:broken .",
    ),
    Check(
        "concept-with-two-preferred-labels-in-one-language",
        """SELECT ?term ?first ?second WHERE {
            ?term skos:prefLabel ?first , ?second .
            FILTER(LANG(?first) = LANG(?second) && STR(?first) < STR(?second))
        }""",
        '<https://w3id.org/coopgraph/ref/x/a> skos:prefLabel "Un"@fr , "Une"@fr .',
    ),
    Check(
        "preferred-label-also-alternative",
        """SELECT ?term ?label WHERE { ?term skos:prefLabel ?label ; skos:altLabel ?label }""",
        '<https://w3id.org/coopgraph/ref/x/a> skos:prefLabel "Un"@fr ; skos:altLabel "Un"@fr .',
    ),
    Check(
        "concept-outside-any-scheme",
        """SELECT ?term WHERE {
            ?term a skos:Concept . FILTER(STRSTARTS(STR(?term), STR(ref:)))
            FILTER NOT EXISTS { ?term skos:inScheme ?scheme . ?scheme a skos:ConceptScheme }
        }""",
        "<https://w3id.org/coopgraph/ref/x/a> a skos:Concept .",
    ),
    Check(
        "top-concept-stated-one-way",
        """SELECT ?term ?scheme WHERE {
            { ?scheme skos:hasTopConcept ?term
              FILTER NOT EXISTS { ?term skos:topConceptOf ?scheme } }
            UNION
            { ?term skos:topConceptOf ?scheme
              FILTER NOT EXISTS { ?scheme skos:hasTopConcept ?term } }
            UNION
            { ?term skos:topConceptOf ?scheme FILTER NOT EXISTS { ?term skos:inScheme ?scheme } }
        }""",
        "ref:s skos:hasTopConcept <https://w3id.org/coopgraph/ref/x/a> .",
    ),
    Check(
        "broader-link-to-a-non-concept",
        """SELECT ?term ?broader WHERE {
            ?term skos:broader|^skos:narrower ?broader .
            FILTER NOT EXISTS { ?broader a skos:Concept }
        }""",
        "<https://w3id.org/coopgraph/ref/x/a> skos:broader <https://w3id.org/coopgraph/ref/x/b> .",
    ),
    Check(
        "broader-hierarchy-cycle",
        """SELECT DISTINCT ?term WHERE { ?term (skos:broader|^skos:narrower)+ ?term }""",
        """<https://w3id.org/coopgraph/ref/x/a> skos:broader <https://w3id.org/coopgraph/ref/x/b> .
        <https://w3id.org/coopgraph/ref/x/b> skos:broader <https://w3id.org/coopgraph/ref/x/a> .""",
    ),
)


def _store_from_turtle(*documents: str) -> ox.Store:
    store = ox.Store()
    for document in documents:
        store.load(input=document, format=ox.RdfFormat.TURTLE)
    return store


@cache
def _ontology_texts() -> tuple[str, ...]:
    return tuple((ONTOLOGY_DIR / name).read_text(encoding="utf-8") for name in ONTOLOGY_FILES)


def _faults(store: ox.Store, query: str) -> list[str]:
    """Run a fault-listing query and render each row as one line."""
    solutions = store.query(SPARQL_PREFIXES + query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    return [" ".join(f"{name}={row[name]}" for name in names) for row in solutions]


def _expand(graph: rdflib.Graph) -> None:
    """Add the OWL 2 RL closure to the graph, with owlrl's inconsistency reports."""
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)


def _inconsistencies(graph: rdflib.Graph) -> list[str]:
    """List what owlrl reported in an expanded graph, and every member of owl:Nothing."""
    errors = [str(message) for message in graph.objects(None, OWLRL_ERROR)]
    errors += [f"{node} is owl:Nothing" for node in graph.subjects(RDF.type, OWL.Nothing)]
    return errors


def _ontology_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for text in _ontology_texts():
        graph.parse(data=text, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    """Every ontology file in one in-memory store, default graph."""
    return _store_from_turtle(*_ontology_texts())


@pytest.fixture(scope="module")
def used_iris() -> frozenset[str]:
    """Every IRI that appears anywhere in the ontology files."""
    graph = _ontology_graph()
    return frozenset(
        str(term) for triple in graph for term in triple if isinstance(term, rdflib.URIRef)
    )


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.name)
def test_ontology_passes(ontology: ox.Store, check: Check) -> None:
    assert _faults(ontology, check.query) == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.name)
def test_check_catches_its_fault(check: Check) -> None:
    store = _store_from_turtle(TURTLE_PREFIXES + _GOOD_CLASS + "\n" + check.faulty_example)
    assert _faults(store, check.query) != []


HEADER_QUERIES: dict[str, str] = {
    "licence-iri": "?ontology dcterms:license ?value FILTER(isIRI(?value))",
    "version-iri": f"?ontology owl:versionIRI <{ONTOLOGY_IRI}/{VERSION}>",
    "version-info": f'?ontology owl:versionInfo "{VERSION}"',
    "preferred-prefix": '?ontology <http://purl.org/vocab/vann/preferredNamespacePrefix> "cg"',
    "preferred-namespace": (
        "?ontology <http://purl.org/vocab/vann/preferredNamespaceUri> ?value "
        f'FILTER(STR(?value) = "{CG}")'
    ),
    "title-fr": '?ontology dcterms:title ?value FILTER(LANGMATCHES(LANG(?value), "fr"))',
    "title-en": '?ontology dcterms:title ?value FILTER(LANGMATCHES(LANG(?value), "en"))',
    "description-fr": '?ontology dcterms:description ?v FILTER(LANGMATCHES(LANG(?v), "fr"))',
    "description-en": '?ontology dcterms:description ?v FILTER(LANGMATCHES(LANG(?v), "en"))',
    "creator": "?ontology dcterms:creator ?value",
    "created": "?ontology dcterms:created ?value FILTER(DATATYPE(?value) = xsd:date)",
    "modified": "?ontology dcterms:modified ?value FILTER(DATATYPE(?value) = xsd:date)",
}


def test_exactly_one_ontology(ontology: ox.Store) -> None:
    ontologies = _faults(ontology, "SELECT ?ontology WHERE { ?ontology a owl:Ontology }")
    assert ontologies == [f"ontology=<{ONTOLOGY_IRI}>"]


@pytest.mark.parametrize("pattern", HEADER_QUERIES.values(), ids=list(HEADER_QUERIES))
def test_ontology_header_states(ontology: ox.Store, pattern: str) -> None:
    query = f"ASK {{ ?ontology a owl:Ontology . {pattern} }}"
    answer = ontology.query(SPARQL_PREFIXES + query)
    assert isinstance(answer, ox.QueryBoolean)
    assert bool(answer)


@pytest.mark.parametrize("vocabulary", REUSED_TERMS, ids=str)
def test_reused_terms_are_the_registered_ones(used_iris: frozenset[str], vocabulary: str) -> None:
    namespace, registered = REUSED_TERMS[vocabulary]
    used = {iri.removeprefix(namespace) for iri in used_iris if iri.startswith(namespace)}
    assert sorted(used - registered) == [], "used but not registered in REUSED_TERMS"
    assert sorted(registered - used) == [], "registered but no longer used"


@pytest.mark.parametrize("vocabulary", REUSED_TERMS, ids=str)
def test_registered_terms_exist_in_their_vocabulary(vocabulary: str) -> None:
    namespace, registered = REUSED_TERMS[vocabulary]
    if vocabulary in RDFLIB_NAMESPACES:
        known = RDFLIB_NAMESPACES[vocabulary]
        missing = sorted(
            name for name in registered if rdflib.URIRef(namespace + name) not in known
        )
    else:
        missing = sorted(registered - PUBLISHED_TERMS[vocabulary])
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGE_NAMESPACES, ids=str)
def test_language_terms_exist(used_iris: frozenset[str], language: str) -> None:
    namespace = LANGUAGE_NAMESPACES[language]
    used = [rdflib.URIRef(iri) for iri in used_iris if iri.startswith(str(namespace))]
    assert sorted(str(iri) for iri in used if iri not in namespace) == []


def test_schema_terms_come_from_known_vocabularies() -> None:
    """Classes and properties are ours or from a registered vocabulary: no stray namespace."""
    known = (CG, *(namespace for namespace, _ in REUSED_TERMS.values()))
    known += tuple(str(namespace) for namespace in LANGUAGE_NAMESPACES.values())
    graph = _ontology_graph()
    schema_positions = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDF.type}
    terms = {str(p) for _, p, _ in graph}
    for predicate in schema_positions:
        terms |= {str(o) for o in graph.objects(None, predicate) if isinstance(o, rdflib.URIRef)}
    assert sorted(term for term in terms if not term.startswith(known)) == []


def test_owl_rl_closure_is_consistent() -> None:
    graph = _ontology_graph()
    _expand(graph)
    assert _inconsistencies(graph) == []


def test_owl_rl_closure_reports_a_territory_that_is_an_actor() -> None:
    graph = _ontology_graph()
    graph.parse(
        data=TURTLE_PREFIXES
        + "<https://w3id.org/coopgraph/id/commune/62528> a cg:Commune, cg:Actor .",
        format="turtle",
    )
    _expand(graph)
    assert _inconsistencies(graph) != []


def test_owl_rl_closure_follows_causal_links_as_leads_to() -> None:
    graph = _ontology_graph()
    example = "id:link-1 a cg:CausalLink ; cg:cause id:effect-a ; cg:consequence id:effect-b ."
    graph.parse(data=TURTLE_PREFIXES + example, format="turtle")
    _expand(graph)
    effect = "https://w3id.org/coopgraph/id/effect-"
    leads_to = rdflib.URIRef(CG + "leadsTo")
    assert (rdflib.URIRef(effect + "a"), leads_to, rdflib.URIRef(effect + "b")) in graph


def test_the_referential_is_at_most_four_levels_deep() -> None:
    """queries/peer-territories.rq writes out four skos:broader steps (for Virtuoso): a deeper
    referential needs a fifth branch there."""
    deepest = """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (MAX(?ancestors) AS ?depth) WHERE {
            { SELECT ?concept (COUNT(DISTINCT ?broader) AS ?ancestors)
              WHERE { ?concept skos:broader+ ?broader } GROUP BY ?concept }
        }"""
    [row] = _ontology_graph().query(deepest)
    assert isinstance(row, rdflib.query.ResultRow)
    depth = int(str(row[0]))
    assert 1 <= depth <= 4, f"the referential is {depth} levels deep: extend peer-territories.rq"
