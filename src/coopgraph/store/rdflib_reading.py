"""A document read into rdflib triples by the engine's parser, for what works on rdflib graphs
(validation: pyshacl reads rdflib graphs only).

pyoxigraph parses (every format, its syntax errors and caps as for a load, fresh blank node
labels for each document); each distinct term is then made into an rdflib term once. Before,
the document went through N-Triples text and rdflib's own N-Triples parser, written in Python:
most of the time spent reading a large submission.
"""

from __future__ import annotations

from rdflib.term import Identifier

from coopgraph.store.guards import capped, rdf_error
from coopgraph.store.rdf_io import parsed, to_rdflib

RdflibTriple = tuple[Identifier, Identifier, Identifier]


def rdflib_triples(
    data: bytes, media_type: str, base_iri: str | None, max_triples: int | None
) -> list[RdflibTriple]:
    """The triples of a document (its named graphs merged), as rdflib terms; RdfSyntaxError
    where the parser stops, TooLarge past ``max_triples``. Literals are made as rdflib makes
    them at the time (see ``validation.literals.as_written``)."""
    made: dict[object, Identifier] = {}

    def term(node: object) -> Identifier:
        found = made.get(node)
        if found is None:
            found = made[node] = to_rdflib(node)
        return found

    try:
        quads, _ = parsed(data, media_type, base_iri, True, keep_labels=False)
        quads = quads if max_triples is None else capped(quads, max_triples)
        return [(term(q.subject), term(q.predicate), term(q.object)) for q in quads]
    except SyntaxError as exc:
        raise rdf_error(exc) from exc
