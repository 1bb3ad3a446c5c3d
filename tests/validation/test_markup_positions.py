"""RDF/XML results point at the property element, JSON-LD results at the key."""

from __future__ import annotations

from support.content_store import content_store, project_shapes

from coopgraph import formats
from coopgraph.validation.results import Location, Report
from coopgraph.validation.shacl import validate
from coopgraph.validation.uploads import Upload, read_submission

THEME = "https://w3id.org/coopgraph/def/theme"
ENERGI = "https://w3id.org/coopgraph/ref/theme/energi"
CARRIED_BY = "https://w3id.org/coopgraph/def/carriedBy"
RDF_XML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
         xmlns:cg="https://w3id.org/coopgraph/def/">
  <cg:Action rdf:about="https://w3id.org/coopgraph/id/test/a">
    <rdfs:label xml:lang="fr">Jardins</rdfs:label>
    <rdfs:label xml:lang="en">Gardens</rdfs:label>
    <cg:theme rdf:resource="https://w3id.org/coopgraph/ref/theme/energy"/>
    <cg:theme rdf:resource="https://w3id.org/coopgraph/ref/theme/energi"/>
  </cg:Action>
</rdf:RDF>
"""
JSON_LD = """{
  "@context": {
    "cg": "https://w3id.org/coopgraph/def/",
    "label": {"@id": "http://www.w3.org/2000/01/rdf-schema#label", "@language": "fr"},
    "theme": {"@id": "cg:theme", "@type": "@id"}
  },
  "@graph": [
    {
      "@id": "https://w3id.org/coopgraph/id/test/other",
      "@type": "cg:Action",
      "label": "Autre"
    },
    {
      "@id": "https://w3id.org/coopgraph/id/test/a",
      "@type": "cg:Action",
      "label": "Jardins",
      "theme": ["https://w3id.org/coopgraph/ref/theme/energi"]
    }
  ]
}
"""


def _report(text: str, media_type: str) -> Report:
    submission = read_submission([Upload(text.encode(), media_type, "sent")], 1_000_000)
    return validate(
        submission.graph, content_store(), project_shapes(), submission.locations, submission.texts
    )


def _where(report: Report, focus_end: str, path: str, value: str | None = None) -> Location | None:
    [result] = [r for r in report.results if str(r.focus).endswith(focus_end)
                and str(r.path) == path and (value is None or str(r.value) == value)]  # fmt: skip
    return result.location


def test_rdf_xml_points_at_the_property_element_holding_the_value() -> None:
    assert _where(_report(RDF_XML, formats.RDF_XML), "/a", THEME, ENERGI) == Location("sent", 9, 5)


def test_rdf_xml_points_at_the_node_element_when_a_property_is_missing() -> None:
    assert _where(_report(RDF_XML, formats.RDF_XML), "/a", CARRIED_BY) == Location("sent", 5, 3)


def test_json_ld_points_at_the_subjects_id_when_a_property_is_missing() -> None:
    assert _where(_report(JSON_LD, formats.JSON_LD), "/a", CARRIED_BY) == Location("sent", 14, 7)


def test_json_ld_points_at_the_key_of_the_right_object() -> None:
    where = _where(_report(JSON_LD, formats.JSON_LD), "/a", THEME, ENERGI)
    assert where == Location("sent", 17, 7)


def test_a_nested_node_element_is_the_object_of_its_property_element() -> None:
    from rdflib import URIRef

    from coopgraph.validation.markup_positions import XmlFinder
    from coopgraph.validation.results import Text

    nested = RDF_XML.replace(
        '    <cg:theme rdf:resource="https://w3id.org/coopgraph/ref/theme/energy"/>\n',
        '    <cg:carriedBy>\n      <cg:LocalAuthority rdf:about="https://w3id.org/coopgraph/id/test/t"/>\n'
        "    </cg:carriedBy>\n",
    )
    finder = XmlFinder(Text("f.rdf", formats.RDF_XML, nested))
    a, t = (URIRef(f"https://w3id.org/coopgraph/id/test/{n}") for n in "at")
    assert finder.find(a, URIRef(CARRIED_BY), t) == Location("f.rdf", 8, 5)
    assert finder.find(t, None, None) == Location("f.rdf", 9, 7)
