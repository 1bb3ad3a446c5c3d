"""A document read into rdflib triples by the engine's parser, for what works on rdflib graphs
(validation: pyshacl reads rdflib graphs only).

pyoxigraph parses (every format, its syntax errors and caps as for a load, fresh blank node
labels for each document); each distinct term is then made into an rdflib term once. Before,
the document went through N-Triples text and rdflib's own N-Triples parser, written in Python:
most of the time spent reading a large submission. ``read_document`` keeps the engine's own
triples as well, for a ScratchStore to take as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.term import Identifier

from coopgraph.errors import InputError
from coopgraph.store.guards import capped, rdf_error
from coopgraph.store.rdf_io import is_quoted_triple, parsed, to_rdflib
from coopgraph.store.scratch import EngineTriples

RdflibTriple = tuple[Identifier, Identifier, Identifier]


@dataclass(frozen=True)
class ReadDocument:
    """A document's triples as rdflib terms, and the same triples in the engine's terms."""

    triples: list[RdflibTriple]
    engine: EngineTriples


def rdflib_triples(
    data: bytes, media_type: str, base_iri: str | None, max_triples: int | None
) -> list[RdflibTriple]:
    """The triples of a document (its named graphs merged), as rdflib terms; see
    ``read_document``."""
    return read_document(data, media_type, base_iri, max_triples).triples


def read_document(
    data: bytes, media_type: str, base_iri: str | None, max_triples: int | None
) -> ReadDocument:
    """The triples of a document (its named graphs merged), as rdflib terms and as the
    engine's; RdfSyntaxError where the parser stops, TooLarge past ``max_triples``. Literals
    are made as rdflib makes them at the time (see ``validation.literals.as_written``)."""
    made: dict[object, Identifier] = {}

    def term(node: object) -> Identifier:
        found = made.get(node)
        if found is None:
            if is_quoted_triple(node):
                raise InputError(_quoted(node))
            found = made[node] = to_rdflib(node)
        return found

    try:
        quads, _ = parsed(data, media_type, base_iri, True, keep_labels=False)
        read = list(quads if max_triples is None else capped(quads, max_triples))
    except SyntaxError as exc:
        raise rdf_error(exc) from exc
    triples = [(term(q.subject), term(q.predicate), term(q.object)) for q in read]
    return ReadDocument(triples, EngineTriples(read))


def _quoted(triple: object) -> str:
    """The message for an RDF-star quoted triple, which rdflib graphs cannot hold."""
    return (
        f"the document holds a quoted triple (RDF-star), {triple}: a description is plain RDF "
        f"1.1; state the triple itself, or describe the statement with a resource of its own "
        f"/ le document contient un triplet cité (RDF-star), {triple} : une description est "
        f"en RDF 1.1 ; énoncez le triplet lui-même, ou décrivez l'énoncé par une ressource"
    )
