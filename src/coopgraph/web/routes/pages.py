"""The home page, the documentation pages, the JSON-LD context and the VoID/DCAT description."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from coopgraph import formats
from coopgraph.errors import InputError, NotAcceptable, NotFound
from coopgraph.linked_data import (
    DOCUMENT_FORMATS,
    DOCUMENTATION_KINDS,
    HTML_DOCUMENT,
    DocumentFormat,
    PageValue,
    graph_terms,
    jsonld_context_from_store,
    new_graph,
    page_value,
    render_documentation,
    render_documentation_index,
    serialise_document,
)
from coopgraph.questions import DRAWN_ANALYSES, dot_svg, load_queries
from coopgraph.store import WHOLE_NAME, DumpFile, DumpKeeper, Store, graph_file_name
from coopgraph.templating import render_template
from coopgraph.web.browsing import scheme_views
from coopgraph.web.deps import SettingsDep, StoreDep
from coopgraph.web.html import LangQuery, localised, page_context, request_language, site_of
from coopgraph.web.templating import templates

router = APIRouter(tags=["Pages"])

_COUNTS = "SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph"
_SCHEMES = (
    f"SELECT ?scheme ?label WHERE {{ ?scheme a <{SKOS.ConceptScheme}> "
    f"OPTIONAL {{ ?scheme <{SKOS.prefLabel}>|<{RDFS.label}> ?label }} }}"
)
_RDF_FORMATS = tuple(f for f in DOCUMENT_FORMATS if f is not HTML_DOCUMENT)
_HTML = "text/html"
_VoidFormat = Annotated[str | None, Query(description="ttl, jsonld, rdf or nt: overrides Accept.")]


@router.get("/", summary="Home page", response_class=Response)
def home(
    request: Request, store: StoreDep, settings: SettingsDep, lang: LangQuery = None
) -> Response:
    """What coopgraph holds, and links to the SPARQL editor, validation, API docs, ontology."""
    chosen = request_language(request, lang)
    site = site_of(request, settings.public_base)
    base = absolute_base(request, settings.public_base)
    context = {
        "schemes": _schemes(store, chosen, site),
        "pictures": _pictures(settings.content_root / "queries", chosen, site),
        "base": base,
        **page_context(chosen, site),
    }
    return localised(templates.TemplateResponse(request, "home.html", context), chosen)


def _pictures(folder: Path, lang: str, site: str) -> list[tuple[str, str]]:
    """The picture pages of the stored queries that draw: their summary in ``lang``, link."""
    return [
        (summary.get(lang, name), f"{site}/pictures/{name}") for name, summary in _drawn(folder)
    ]


@lru_cache(maxsize=4)
def _drawn(folder: Path) -> tuple[tuple[str, dict[str, str]], ...]:
    """The stored queries whose analysis draws, read once like the API's router reads them."""
    drawn = (q for q in load_queries(folder).values() if q.analysis in DRAWN_ANALYSES)
    return tuple((query.name, dict(query.summary)) for query in drawn)


def _schemes(store: Store, lang: str, site: str) -> list[tuple[PageValue, list[tuple[str, str]]]]:
    """The concept schemes of the referential, labelled in ``lang``, sorted by label, each
    with its index and tree pages."""
    graph = new_graph()
    for row in store.select(_SCHEMES):
        graph.add((row["scheme"], RDFS.label, row.get("label", Literal(""))))
    schemes = {s for s in graph.subjects() if isinstance(s, URIRef)}
    values = [(page_value(graph, s, lang, site), scheme_views(str(s), site)) for s in schemes]
    return sorted(values, key=lambda pair: pair[0].text.lower())


def absolute_base(request: Request, public_base: str | None) -> str:
    """The absolute URL of this deployment, without a trailing slash."""
    return (public_base or str(request.base_url)).rstrip("/")


@router.get("/doc", summary="Documentation of the ontology, referential, shapes and transfer")
def documentation_index(
    request: Request, settings: SettingsDep, lang: LangQuery = None
) -> Response:
    """Links to each documentation page in both languages."""
    chosen = request_language(request, lang)
    html = render_documentation_index(chosen, site_of(request, settings.public_base))
    return localised(Response(html, media_type=formats.with_charset(_HTML)), chosen)


@router.get(
    "/doc/{kind}", summary="One documentation page: ontology, referential, shapes or transfer"
)
def documentation_page(
    kind: str, request: Request, store: StoreDep, settings: SettingsDep, lang: LangQuery = None
) -> Response:
    """The documentation of the ontology, the referential, the shapes or the model of
    transfer (with its diagram), in fr or en."""
    if kind not in DOCUMENTATION_KINDS:
        raise NotFound(f"no documentation '{kind}'; there are {', '.join(DOCUMENTATION_KINDS)}")
    chosen = request_language(request, lang)
    site = site_of(request, settings.public_base)
    html = render_documentation(kind, store, chosen, site, draw=dot_svg)
    return localised(Response(html, media_type=formats.with_charset(_HTML)), chosen)


@router.get("/context.jsonld", summary="coopgraph's JSON-LD context")
def context(store: StoreDep) -> Response:
    """Prefixes and one short term per cg: term, for writing compact JSON-LD."""
    body = jsonld_context_from_store(store)
    return Response(body, media_type=formats.JSON_LD, headers={"Cache-Control": "max-age=3600"})


@router.get("/.well-known/void", summary="VoID and DCAT description of the dataset")
@router.get("/void", include_in_schema=False)
def void(
    request: Request, store: StoreDep, settings: SettingsDep, format: _VoidFormat = None
) -> Response:
    """The dataset, its graphs with their sizes, its SPARQL endpoint, in an RDF format.

    The format is ``?format=`` or Accept's choice; Content-Location names the answer's own URL.
    """
    chosen = _void_format(request.headers.get("accept"), format)
    base = absolute_base(request, settings.public_base)
    counts = [(str(r["graph"]), int(r["triples"])) for r in store.select(_COUNTS)]
    turtle = render_template(
        "void.ttl",
        base=base,
        total=sum(n for _, n in counts),
        **_void_dumps(request, store, counts),
    )
    graph = new_graph().parse(data=turtle, format="turtle")
    body = serialise_document(graph, chosen)
    location = f"{site_of(request, settings.public_base)}/.well-known/void?format={chosen.suffix}"
    headers = {"Vary": "Accept", "Content-Location": location}
    return Response(body, media_type=chosen.media_type, headers=headers)


@dataclass(frozen=True)
class _VoidDump:
    """A dump file as VoID names it: its URL name, and its size and checksum once made."""

    name: str
    file: DumpFile | None

    @property
    def media_type(self) -> str:
        return formats.N_QUADS if self.name.endswith(".nq.gz") else formats.N_TRIPLES

    @property
    def format_name(self) -> str:
        return "N-Quads" if self.media_type == formats.N_QUADS else "N-Triples"


def _void_dumps(request: Request, store: Store, counts: list[tuple[str, int]]) -> dict[str, object]:
    """The whole dump and each graph (size, licence, sources, dump) for void.ttl; sizes and
    checksums from the last complete set of dumps (none while the first is being made)."""
    keeper: DumpKeeper = request.app.state.dumps
    made = keeper.current()
    files = {f.name: f for f in made.files} if made else {}
    terms = graph_terms(store, [iri for iri, _ in counts])

    def dump(name: str) -> _VoidDump:
        return _VoidDump(name, files.get(name))

    graphs = [
        {"iri": iri, "triples": n, "terms": terms[iri], "dump": dump(graph_file_name(iri))}
        for iri, n in counts
    ]
    return {"whole": dump(WHOLE_NAME), "graphs": graphs}


def _void_format(accept: str | None, requested: str | None) -> DocumentFormat:
    """The RDF format of the VoID description: ``?format=``, else Accept's choice (406)."""
    if requested is not None:
        chosen = next((f for f in _RDF_FORMATS if f.suffix == requested), None)
        if chosen is None:
            offered = ", ".join(f.suffix for f in _RDF_FORMATS)
            raise InputError(f"format '{requested}' is not offered for VoID; offered: {offered}")
        return chosen
    media_type = formats.negotiate(accept, tuple(f.media_type for f in _RDF_FORMATS))
    if media_type is None:
        raise NotAcceptable(f"the VoID description comes as RDF; Accept '{accept}' allows none")
    return next(f for f in _RDF_FORMATS if f.media_type == media_type)
