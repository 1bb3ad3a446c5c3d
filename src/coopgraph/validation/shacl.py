"""SHACL validation: pyshacl behind our own report type (the only pyshacl import).

The SHACL-SPARQL rule shapes run in the store's engine instead (``validation.rules``); pyshacl
checks SHACL Core, on a shapes graph whose property shapes carry their node shape's targets
(``validation.shapes``). Both halves see the same data graph; their results are merged and read
into our report type (``validation.results``).

A submission is validated together with what it needs from the store, never the whole store
(see ``validation.context``). pyshacl receives rdflib graphs only, never strings it would open
as paths or URLs, and never follows ``owl:imports``. Severity: a Violation blocks publication,
a Warning or an Info does not, so a report *conforms* when it holds no Violation.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence

import pyshacl
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from coopgraph.errors import RdfSyntaxError
from coopgraph.store import EngineTriples, Store
from coopgraph.validation.context import gather_context
from coopgraph.validation.data_graph import data_graph, data_triples
from coopgraph.validation.literals import ill_typed_results
from coopgraph.validation.positions import locate_results
from coopgraph.validation.results import (
    Location,
    Report,
    Result,
    Text,
    add_results,
    describe_nodes,
    read_results,
    shacl_graph,
    sort_results,
)
from coopgraph.validation.rules import check_rules, split_shapes
from coopgraph.validation.shapes import Shapes
from coopgraph.validation.suggestions import with_suggestions

INFERENCE = "none"
"""pyshacl's inference: the class hierarchy comes with the ontology's rdfs:subClassOf triples,
so no closure is computed ('rdfs' costs more for the same results; see bench/RESULTS.md)."""


def validate(
    submission: Graph,
    store: Store,
    shapes: Shapes,
    locations: Mapping[Node, Location] | None = None,
    texts: Sequence[Text] = (),
    engine: EngineTriples | None = None,
) -> Report:
    """Validate a submission against the shapes, with what it needs from the store; each
    result located in ``texts`` (the files sent) where its triple is written. ``engine``:
    the submission's triples in the engine's terms, when kept from the parse
    (``Submission.engine``)."""
    written = list(submission)  # read by several steps: a list is read faster than a graph
    context = gather_context(written, store)
    parsed, triples = data_triples(written, context.triples, engine)
    in_place = not _extends_data(shapes.graph)
    with data_graph(submission, context.triples, in_place) as data:
        checked = validate_graphs(
            data, shapes.graph, shapes.version, triples=triples, parsed=parsed
        )
    # The steps below read the submission as it was sent (its own official marks, none of the
    # context), so the data graph is made again for describing the nodes; in place, that is the
    # context's few thousand triples added and taken out again, not a copy.
    ill_typed = ill_typed_results(written, shapes.graph)
    results = _about_submission(
        _with_ill_typed(checked.results, ill_typed), written, context.triples
    )
    results = with_suggestions(results, submission, store, written)
    results = tuple(locate_results(sort_results(results), texts, submission))
    with data_graph(submission, context.triples) as data:
        nodes = describe_nodes(results, data, context.term_labels, locations or {})
    return Report(results, shacl_graph(results), shapes.version, nodes)


def _with_ill_typed(results: tuple[Result, ...], ill_typed: list[Result]) -> tuple[Result, ...]:
    """The results, where an ill-typed literal is told by our result (which quotes the
    expected form) instead of pyshacl's about the same value (sh:datatype, and sh:minInclusive
    and the like, which cannot compare it)."""
    told = {(r.focus, r.path, r.value) for r in ill_typed}
    kept = [r for r in results if (r.focus, r.path, r.value) not in told]
    return tuple(sort_results([*kept, *ill_typed]))


def _about_submission(
    results: tuple[Result, ...],
    submission: Iterable[tuple[Node, Node, Node]],
    context: list[tuple[Node, Node, Node]],
) -> tuple[Result, ...]:
    """Results about what the steward wrote: not about things only read from the store.

    A thing the submission links to is read from the store with its type only, so its own
    shapes would report what its full description (elsewhere) holds.
    """
    described = {triple[0] for triple in submission}
    pulled = {triple[0] for triple in context} - described
    return tuple(r for r in results if r.focus not in pulled)


_one_at_a_time = threading.Lock()
"""rdflib parses SPARQL with pyparsing, which is not thread-safe (RDFLib/rdflib#1282): two
validations at once fail at random in pyshacl's SPARQL constraints."""


def validate_graphs(
    data: Graph,
    shapes: Graph,
    version: str = "",
    inference: str = INFERENCE,
    triples: Iterable[tuple[Node, Node, Node]] | None = None,
    parsed: EngineTriples | None = None,
) -> Report:
    """Validate ready graphs; ``data`` is used in place (SHACL rules may extend it).

    The rule shapes (``validation.rules``) run in the store's engine, the rest in pyshacl.
    ``triples``: the data's triples as a list, when the caller holds one, those of
    ``parsed`` (in the engine's terms) excepted; the engine reads them instead of the graph
    (faster) unless SHACL rules extend the graph.
    """
    split = split_shapes(shapes)
    results_graph = _pyshacl(data, split.core, inference)
    if triples is None or _extends_data(shapes):
        triples, parsed = data, None
    try:
        ruled = check_rules(split.rules, triples, parsed)
    except RdfSyntaxError:  # a term the engine refuses (rdflib is lax): pyshacl does it all
        results_graph, ruled = _pyshacl(data, shapes, inference), []
    results = sort_results([*read_results(results_graph, shapes), *ruled])
    report = next(results_graph.subjects(RDF.type, SH.ValidationReport))
    if ruled:
        results_graph.set((report, SH.conforms, Literal(False)))
        add_results(results_graph, report, ruled)
    return Report(tuple(results), results_graph, version)


def _extends_data(shapes: Graph) -> bool:
    """Whether pyshacl adds triples to the data graph: SHACL rules (sh:rule, advanced mode)."""
    return (None, SH.rule, None) in shapes


def _pyshacl(data: Graph, shapes: Graph, inference: str) -> Graph:
    with _one_at_a_time:
        _conforms, results_graph, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference=inference,
            advanced=True,
            inplace=True,
            do_owl_imports=False,
        )
    assert isinstance(results_graph, Graph)
    return results_graph
