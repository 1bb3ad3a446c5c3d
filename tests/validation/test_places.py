"""Did you mean, for territories: an unknown official code gets the nearest territories."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein
from rdflib import Graph, URIRef
from support.content_store import content_store, project_shapes

from coopgraph.validation.places import territories, territory_hint
from coopgraph.validation.shacl import validate

PREFIXES = """
@prefix cg: <https://w3id.org/coopgraph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix b: <https://w3id.org/coopgraph/id/test/> .
@prefix commune: <https://w3id.org/coopgraph/id/commune/> .
"""
COMMUNE = "https://w3id.org/coopgraph/id/commune/"


def _hint(turtle: str, iri: str) -> dict[str, str]:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return dict(territory_hint(URIRef(iri), graph, content_store()))


def test_the_label_given_finds_the_commune_meant() -> None:
    turtle = 'b:a prov:atLocation commune:76999 . commune:76999 rdfs:label "Malaunai"@fr .'
    submission = Graph().parse(data=PREFIXES + turtle, format="turtle")
    report = validate(submission, content_store(), project_shapes())
    about = [r for r in report.results if COMMUNE + "76999" in (str(r.focus), str(r.value))]
    assert about
    for result in about:
        if "rdfs#label" not in str(result.path):
            assert "id:commune/76402 (Malaunay)" in result.message("en"), result
            assert "Vouliez-vous dire id:commune/76402 (Malaunay)" in result.message("fr")


def test_a_name_is_found_in_another_department_when_the_code_is_wrong() -> None:
    hint = _hint('commune:13999 rdfs:label "Loos en Gohele"@fr .', COMMUNE + "13999")
    assert "id:commune/62528 (Loos-en-Gohelle)" in hint["en"]


def test_without_a_label_the_closest_codes_of_the_department_are_named() -> None:
    hint = _hint("b:a prov:atLocation commune:76999 .", COMMUNE + "76999")
    named = [part.split(" ")[0] for part in hint["en"].removeprefix("Did you mean ").split(" or ")]
    assert named
    for name in named:
        code = name.removeprefix("id:commune/")
        assert code.startswith("76")
        assert Levenshtein.distance(code, "76999") == 1


def test_the_territory_the_file_is_about_is_offered() -> None:
    turtle = "b:a prov:atLocation commune:62528 . b:b prov:atLocation commune:9999999 ."
    hint = _hint(turtle, COMMUNE + "9999999")
    assert "id:commune/62528 (Loos-en-Gohelle)" in hint["en"]
    assert "id:commune/62528 (Loos-en-Gohelle)" in hint["fr"]


def test_territories_are_read_narrowed_by_code_and_name() -> None:
    store = content_store()
    in_76 = territories(store, COMMUNE + "76")
    assert URIRef(COMMUNE + "76402") in in_76
    assert all(str(iri).startswith(COMMUNE + "76") for iri in in_76)
    starting_with_l = territories(store, COMMUNE, "l")
    assert URIRef(COMMUNE + "62528") in starting_with_l
    assert all(name.lower().startswith("l") for name in starting_with_l.values())
