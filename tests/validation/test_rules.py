"""The SHACL-SPARQL rule shapes run in the store's engine, and give what pyshacl gives."""

from __future__ import annotations

from dataclasses import replace

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from support.content_store import project_shapes

from coopgraph.validation.results import read_results
from coopgraph.validation.rules import check_rules, split_shapes
from coopgraph.validation.shacl import _pyshacl, validate_graphs
from coopgraph.validation.shapes import hoist_properties

SHAPES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .

ex:PeriodRule a sh:NodeShape ;
    sh:targetClass ex:Period ;
    sh:severity sh:Warning ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:prefixes ex: ;
        sh:message "Début {?begin} après la fin {?value}"@fr ,
            "Begins {?begin} after its end {?value}"@en ;
        sh:select \"\"\"
            SELECT $this ?path ?begin ?value WHERE {
                $this ex:begin ?begin ; ex:end ?value .
                FILTER (?begin > ?value)
                FILTER NOT EXISTS { $this ex:excused true }
                BIND (ex:end AS ?path)
            }\"\"\"
    ] .

ex:NamedShape a sh:NodeShape ;
    sh:targetClass ex:Period ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Info ] .
"""

DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:during [ a ex:Period ; ex:begin 2 ; ex:end 1 ; ex:name "late" ] .
ex:b ex:during [ a ex:Period ; ex:begin 3 ; ex:end 1 ; ex:excused true ] .
ex:c a ex:Period ; ex:begin 1 ; ex:end 2 .
"""


def _keys(results: object) -> list[tuple[object, ...]]:
    assert isinstance(results, list | tuple)
    return sorted(
        (str(r.focus), str(r.path), str(r.value), r.severity, str(r.shape), str(r.component),
         tuple(sorted(r.messages.items())))
        for r in results
    )  # fmt: skip


def test_the_engine_gives_what_pyshacl_gives_blank_nodes_included() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    assert [str(r.node) for r in split_shapes(shapes).rules] == ["http://example.org/PeriodRule"]
    ours = validate_graphs(data, shapes).results
    theirs = read_results(_pyshacl(data, shapes, "none"), shapes)
    assert _keys(list(ours)) == _keys(theirs)
    late = [r for r in ours if r.shape == split_shapes(shapes).rules[0].node]
    assert len(late) == 1
    assert isinstance(late[0].focus, BNode)
    assert (None, None, late[0].focus) in data
    assert late[0].message("en") == "Begins 2 after its end 1"
    assert {r.severity for r in ours} == {"Warning", "Info"}


def test_data_the_engine_refuses_is_checked_by_pyshacl_alone() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    data.add(
        (URIRef("http://example.org/not an iri"), RDF.type, URIRef("http://example.org/Period"))
    )
    ours = validate_graphs(data, shapes).results
    assert _keys(list(ours)) == _keys(read_results(_pyshacl(data, shapes, "none"), shapes))
    assert len(ours) == 4  # the rule once, and three periods without a name


def test_every_rule_shape_of_the_project_runs_in_the_engine() -> None:
    shapes = project_shapes().graph
    split = split_shapes(shapes)
    assert {r.node for r in split.rules} == set(shapes.subjects(SH.sparql, None))
    assert (None, SH.sparql, None) not in split.core
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    for prop in split.core.subjects(SH.path, None):
        if (None, SH.property, prop) not in split.core:
            assert any((prop, t, None) in split.core for t in targets), prop


def test_a_closed_shape_keeps_its_property_shapes() -> None:
    shapes = Graph().parse(
        data=SHAPES.replace("sh:targetClass ex:Period ;\n    sh:property", "sh:targetClass "
                            "ex:Period ; sh:closed true ;\n    sh:property"),
        format="turtle",
    )  # fmt: skip
    hoisted = hoist_properties(shapes)
    assert len(list(hoisted.objects(None, SH.property))) == 1


def test_a_batched_constraint_gives_what_one_query_per_focus_node_gives() -> None:
    excused = " ; ex:excused true"
    periods = "".join(
        f"ex:p{n} a ex:Period ; ex:begin {n % 7} ; ex:end 3{excused * (n % 5 == 0)} .\n"
        for n in range(600)  # more than one batch
    )
    data = Graph().parse(data=DATA + periods, format="turtle")
    rules = split_shapes(Graph().parse(data=SHAPES, format="turtle")).rules
    assert all(constraint.batched for rule in rules for constraint in rule.constraints)
    one_by_one = [
        replace(rule, constraints=tuple(replace(c, batched=False) for c in rule.constraints))
        for rule in rules
    ]
    batched = check_rules(rules, data)
    assert _keys(batched) == _keys(check_rules(one_by_one, data))
    late = {f"http://example.org/p{n}" for n in range(600) if n % 7 > 3 and n % 5}
    assert {str(r.focus) for r in batched if isinstance(r.focus, URIRef)} == late
    assert sum(isinstance(r.focus, BNode) for r in batched) == 1  # ex:a's period
