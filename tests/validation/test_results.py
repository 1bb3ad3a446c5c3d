"""Validation results: read from pyshacl's report graph (languages recovered, sorted), written
back as SHACL by the one sh:ValidationResult writer, and the nodes they name described."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from coopgraph.validation.results import (
    Labels,
    Location,
    Report,
    Result,
    add_result,
    describe_nodes,
    message_templates,
    pick,
    read_results,
    shacl_graph,
)

EX = "http://example.org/"
SHAPES = f"""
@prefix sh: <{SH}> .
<{EX}NameShape> a sh:NodeShape ;
    sh:message "Le code {{?value}} est inconnu"@fr , "The code {{$value}} is unknown"@en .
"""


def _result(focus: str, severity: str = "Violation") -> Result:
    return Result(
        focus=URIRef(EX + focus),
        path=URIRef(EX + "code"),
        value=Literal("00000"),
        severity=severity,
        messages={"en": f"{focus} is wrong", "fr": f"{focus} est faux"},
        shape=URIRef(EX + "NameShape"),
        component=SH.MinCountConstraintComponent,
    )


def _report_graph(*messages: Literal) -> Graph:
    """A report graph as pyshacl writes it: one result, with these messages."""
    graph = Graph()
    report, node = BNode(), BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.result, node))
    graph.add((node, SH.focusNode, URIRef(EX + "a")))
    graph.add((node, SH.resultSeverity, SH.Warning))
    for message in messages:
        graph.add((node, SH.resultMessage, message))
    return graph


def test_the_language_of_a_filled_in_message_is_recovered_from_the_shapes() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    assert sorted(language for _pattern, language in message_templates(shapes)) == ["en", "fr"]
    graph = _report_graph(Literal("Le code 00000 est inconnu"), Literal("The code 1 is unknown"))
    [result] = read_results(graph, shapes)
    assert result.messages == {"fr": "Le code 00000 est inconnu", "en": "The code 1 is unknown"}
    assert result.severity == "Warning"
    assert result.path is None


def test_without_shapes_an_untagged_message_stays_untagged() -> None:
    [result] = read_results(_report_graph(Literal("Le code 00000 est inconnu")))
    assert result.messages == {"": "Le code 00000 est inconnu"}
    assert result.message("fr") == "Le code 00000 est inconnu"


def test_results_come_sorted_by_focus_then_severity() -> None:
    results = (_result("b", "Info"), _result("a", "Warning"), _result("b", "Violation"))
    read = read_results(shacl_graph(results))
    assert [(str(r.focus), r.severity) for r in read] == [
        (EX + "a", "Warning"),
        (EX + "b", "Violation"),
        (EX + "b", "Info"),
    ]


def test_a_result_written_as_shacl_reads_back_the_same() -> None:
    results = (_result("a"), _result("b", "Info"))
    graph = shacl_graph(results)
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms) == Literal(False)
    assert tuple(read_results(graph)) == results
    empty = shacl_graph(())
    assert empty.value(next(empty.subjects(RDF.type, SH.ValidationReport)), SH.conforms) == Literal(
        True
    )


def test_the_record_form_names_no_blank_node_and_no_component() -> None:
    graph, node = Graph(), URIRef(EX + "report/result/1")
    shape, component = URIRef(EX + "NameShape"), SH.ClassConstraintComponent
    blank_focus = Result(
        BNode(), URIRef(EX + "code"), BNode(), "Warning", {"en": "no"}, shape, component
    )
    add_result(graph, node, blank_focus, blank_nodes=False, component=False)
    assert set(graph.predicates(node, None)) == {
        RDF.type, SH.resultSeverity, SH.resultPath, SH.sourceShape, SH.resultMessage
    }  # fmt: skip
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_the_nodes_named_get_labels_types_and_the_place_they_are_described() -> None:
    data = Graph()
    place, detail = URIRef(EX + "place"), BNode()
    data.add((place, RDF.type, URIRef(EX + "Commune")))
    data.add((place, RDFS.label, Literal("Loos", lang="fr")))
    data.add((place, URIRef(EX + "detail"), detail))
    results = (_result("place"), Result(detail, None, None, "Info", {}))
    labels: dict[Node, Labels] = {URIRef(EX + "Commune"): {"fr": "commune"}}
    nodes = describe_nodes(results, data, labels, {place: Location("loos.ttl", 3)})
    assert nodes[place].labels == {"fr": "Loos"}
    assert nodes[place].types == ((URIRef(EX + "Commune"), {"fr": "commune"}),)
    assert nodes[detail].location == Location("loos.ttl", 3)  # where the node holding it is


def test_a_report_conforms_without_violations_and_counts_its_results() -> None:
    report = Report((_result("a", "Warning"), _result("b", "Info")), Graph(), "1.0")
    assert report.conforms
    assert (report.count("Warning"), report.count("Violation")) == (1, 0)
    assert not Report((_result("a"),), Graph(), "1.0").conforms


def test_pick_falls_back_to_english_then_untagged_then_any() -> None:
    assert pick({"fr": "oui", "en": "yes"}, "fr") == "oui"
    assert pick({"fr": "oui", "en": "yes"}, "de") == "yes"
    assert pick({"": "ja", "fr": "oui"}, "de") == "ja"
    assert pick({"fr": "oui"}, "de") == "oui"
    assert pick({}, "fr") == ""
