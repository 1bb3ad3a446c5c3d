"""Human documentation of the ontology, the referential, the shapes and the model of transfer,
in French and English.

Rendered with our own Jinja templates (templates/doc_*.html): pyLODE 3.4.1, the current
release, fails at import when installed from its wheel (RDFLib/pyLODE#260) and writes one
language only. The service renders the same pages from the store (cached by content); ``coopgraph
docs OUTPUT_DIR`` writes them as static files, linking every term to its persistent IRI.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from coopgraph import formats
from coopgraph.content import is_rdf_file, read_rdf_file
from coopgraph.iris import CANONICAL_BASE, ONTOLOGY_GRAPH, ONTOLOGY_IRI, SHAPES_GRAPH, TERM_BASE
from coopgraph.languages import LANGUAGES, interface_words
from coopgraph.linked_data import presentation
from coopgraph.linked_data.descriptions import is_deprecated
from coopgraph.linked_data.transfer_doc import Draw, render_transfer
from coopgraph.linked_data.uris import new_graph, prefixes
from coopgraph.store import Store
from coopgraph.templating import render_template

DOCUMENTATION_KINDS: tuple[str, ...] = ("ontology", "referential", "shapes", "transfer")
"""The documentation pages, one per kind of content, and the model of transfer."""

SH = "http://www.w3.org/ns/shacl#"
"""The SHACL namespace."""
_rendered: dict[tuple[str, ...], str] = {}


@dataclass(frozen=True)
class Term:
    """One documented term: its IRI, link, label, definition and facts in one language."""

    iri: str
    href: str
    anchor: str
    label: str
    definitions: list[presentation.PageValue]
    facts: list[presentation.PropertyRow]
    deprecated: bool


def read_content(content_root: Path) -> Graph:
    """The ontology and shapes files of a project folder, as one rdflib graph."""
    graph = new_graph()
    for folder in ("ontology", "shapes"):
        for path in sorted((content_root / folder).rglob("*")):
            if is_rdf_file(path):
                data, media_type = read_rdf_file(path)
                graph.parse(data=data, format=_RDFLIB[media_type], publicID=path.as_uri())
    return graph


_RDFLIB = {
    formats.TURTLE: "turtle",
    formats.N_TRIPLES: "nt",
    formats.RDF_XML: "xml",
    formats.JSON_LD: "json-ld",
    formats.N3: "n3",
    formats.TRIG: "trig",
    formats.N_QUADS: "nquads",
}


def _store_content(store: Store) -> bytes:
    """The ontology and shapes graphs of the store, as N-Triples."""
    parts = [
        store.export_graph(name, formats.N_TRIPLES)
        for name in (ONTOLOGY_GRAPH, SHAPES_GRAPH)
        if store.has_graph(name)
    ]
    return b"".join(parts)


def read_store(store: Store) -> Graph:
    """The ontology and shapes graphs of the store, as one rdflib graph."""
    return new_graph().parse(data=_store_content(store), format="nt")


def jsonld_context(graph: Graph) -> dict[str, Any]:
    """coopgraph's JSON-LD context: its prefixes, and a short term for each cg: term."""
    context: dict[str, Any] = dict(prefixes())
    namespace = TERM_BASE
    for term, kind in sorted(graph.subject_objects(RDF.type)):
        name = str(term).removeprefix(namespace)
        if not str(term).startswith(namespace) or not name.isidentifier():
            continue
        if kind == OWL.ObjectProperty:
            context[name] = {"@id": f"cg:{name}", "@type": "@id"}
        elif name not in context:
            context[name] = f"cg:{name}"
    return {"@context": context}


def render_documentation(
    kind: str, store: Store, lang: str, site: str, draw: Draw | None = None
) -> str:
    """A documentation page (ontology, referential, shapes, transfer) of the store's content,
    cached until that content changes; ``draw`` lays out the transfer page's diagram."""
    return _cached(store, (kind, lang, site), lambda g: _renderer(kind, draw)(g, lang, site))


def _renderer(kind: str, draw: Draw | None) -> Callable[[Graph, str, str], str]:
    """The renderer of ``kind``; the transfer page's renderer needs ``draw`` (Graphviz lives in
    questions/, which this package may not import)."""
    if kind != "transfer":
        return RENDERERS[kind]
    if draw is None:
        raise ValueError("the transfer page needs draw, a function laying out DOT as SVG")
    return partial(render_transfer, draw=draw)


def jsonld_context_from_store(store: Store) -> str:
    """The JSON-LD context of the store's ontology, as JSON text, cached like the pages."""
    return _cached(store, ("context",), lambda g: _json(jsonld_context(g)))


def _cached(store: Store, key: tuple[str, ...], build: Callable[[Graph], str]) -> str:
    content = _store_content(store)
    full_key = (*key, hashlib.sha256(content).hexdigest())
    if full_key not in _rendered:
        if len(_rendered) > 64:
            _rendered.clear()
        graph = new_graph().parse(data=content, format="nt")
        _rendered[full_key] = build(graph)
    return _rendered[full_key]


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def render_ontology(graph: Graph, lang: str, site: str) -> str:
    """The ontology's documentation: metadata, classes, object and datatype properties."""
    ontology = URIRef(ONTOLOGY_IRI)
    sections = [
        ("classes", _terms(graph, OWL.Class, lang, site)),
        ("object_properties", _terms(graph, OWL.ObjectProperty, lang, site)),
        ("datatype_properties", _terms(graph, OWL.DatatypeProperty, lang, site)),
    ]
    skip = {*presentation.LABELS, DCTERMS.description, RDF.type}
    return _page(
        "doc_ontology.html",
        lang,
        site,
        title=presentation.label(graph, ontology, lang),
        description=presentation.text_in(graph, ontology, [DCTERMS.description], lang),
        metadata=presentation.rows_of(graph, ontology, lang, site, skip=skip),
        sections=sections,
        iri=str(ontology),
    )


def render_referential(graph: Graph, lang: str, site: str) -> str:
    """The referential's documentation: each concept scheme and its concepts as a tree."""
    schemes = sorted(
        (s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)),
        key=lambda s: presentation.label(graph, s, lang).lower(),
    )
    trees = [(_term(graph, s, lang, site), _tree(graph, s, lang, site)) for s in schemes]
    return _page("doc_referential.html", lang, site, schemes=trees)


def render_shapes(graph: Graph, lang: str, site: str) -> str:
    """The shapes' documentation: each node shape, its target and its property shapes."""
    shapes = [
        _term(graph, s, lang, site)
        for s in sorted(graph.subjects(RDF.type, URIRef(SH + "NodeShape")), key=str)
        if isinstance(s, URIRef)
    ]
    return _page("doc_shapes.html", lang, site, shapes=shapes)


def render_documentation_index(lang: str, site: str, static: bool = False) -> str:
    """The documentation's front page, linking each kind in both languages."""
    return _page("doc_index.html", lang, site, kinds=DOCUMENTATION_KINDS, static=static)


RENDERERS = {
    "ontology": render_ontology,
    "referential": render_referential,
    "shapes": render_shapes,
}
"""The renderer of each kind of documentation page."""


def build_documentation_site(content_root: Path, output: Path, draw: Draw) -> list[Path]:
    """Write the documentation as static HTML (one folder a language) and the context;
    ``draw`` lays out the transfer page's diagram."""
    graph = read_content(content_root)
    site = CANONICAL_BASE.rstrip("/")
    written = [_write(output / "index.html", render_documentation_index("fr", site, static=True))]
    for lang in LANGUAGES:
        for kind in DOCUMENTATION_KINDS:
            page = _renderer(kind, draw)(graph, lang, site)
            written.append(_write(output / lang / f"{kind}.html", page))
    written.append(_write(output / "context.jsonld", _json(jsonld_context(graph))))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _page(template: str, lang: str, site: str, **context: Any) -> str:
    words = interface_words("pages", lang)
    return render_template(template, lang=lang, t=words, site=site, **context)


def _terms(graph: Graph, kind: URIRef, lang: str, site: str) -> list[Term]:
    namespace = TERM_BASE
    found = [s for s in graph.subjects(RDF.type, kind) if str(s).startswith(namespace)]
    terms = [_term(graph, s, lang, site) for s in set(found) if isinstance(s, URIRef)]
    return sorted(terms, key=lambda t: t.label.lower())


def _term(graph: Graph, node: URIRef, lang: str, site: str) -> Term:
    skip = {*presentation.LABELS, *presentation.DEFINITIONS, RDFS.isDefinedBy}
    return Term(
        iri=str(node),
        href=presentation.href(str(node), site),
        anchor=str(node).rstrip("/").rsplit("/", 1)[-1],
        label=presentation.label(graph, node, lang),
        definitions=presentation.text_values(graph, node, presentation.DEFINITIONS, lang),
        facts=presentation.rows_of(graph, node, lang, site, skip=skip),
        deprecated=is_deprecated(graph, node),
    )


def _tree(graph: Graph, scheme: Node, lang: str, site: str) -> list[tuple[Term, int]]:
    """The concepts of ``scheme`` depth first from its top concepts, with their depth."""
    tops = set(graph.objects(scheme, SKOS.hasTopConcept)) | set(
        graph.subjects(SKOS.topConceptOf, scheme)
    )
    if not tops:
        tops = {c for c in graph.subjects(SKOS.inScheme, scheme) if not _broader(graph, c)}
    ordered: list[tuple[Term, int]] = []
    seen: set[Node] = set()
    stack = [(c, 0) for c in sorted(tops, key=str, reverse=True)]
    while stack:
        concept, depth = stack.pop()
        if concept in seen or not isinstance(concept, URIRef):
            continue
        seen.add(concept)
        ordered.append((_term(graph, concept, lang, site), depth))
        children = _narrower(graph, concept)
        stack.extend((c, depth + 1) for c in sorted(children, key=str, reverse=True))
    return ordered


def _broader(graph: Graph, concept: Node) -> set[Node]:
    return set(graph.objects(concept, SKOS.broader)) | set(graph.subjects(SKOS.narrower, concept))


def _narrower(graph: Graph, concept: Node) -> set[Node]:
    return set(graph.objects(concept, SKOS.narrower)) | set(graph.subjects(SKOS.broader, concept))
