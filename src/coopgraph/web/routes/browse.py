"""A SKOS scheme's A-Z index and tree: ``/browse/index/<path>``, ``/browse/tree/<path>``.

``<path>`` is the scheme's path on this deployment (``ref/referential`` for
``https://w3id.org/coopgraph/ref/referential``); the scheme's own page and the home page link
both views. Pages are kept in the page cache until the store's next write, like resource
pages (:func:`coopgraph.web.answer_cache.kept_or_made`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from rdflib import RDF

from coopgraph.errors import NotFound
from coopgraph.linked_data import (
    SCHEME_VIEWS,
    canonical_iri,
    describe_resource,
    iri_path,
    is_scheme,
    page_value,
    scheme_concepts,
    scheme_index,
    scheme_tree,
)
from coopgraph.store import Store
from coopgraph.web import answer_cache, page_cache
from coopgraph.web.browsing import BROWSE_PREFIX, scheme_views
from coopgraph.web.deps import SettingsDep, StoreDep
from coopgraph.web.html import LangQuery, localised, page_context, request_language, site_of
from coopgraph.web.templating import templates

router = APIRouter(tags=["Linked Data"])

_TEMPLATES = {"index": "scheme-index.html", "tree": "scheme-tree.html"}


@router.get(
    BROWSE_PREFIX + "/{view}/{rest:path}",
    summary="A SKOS concept scheme's A-Z index or tree",
    response_class=Response,
)
def browse_scheme(
    request: Request,
    view: str,
    rest: str,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangQuery = None,
) -> Response:
    """The concepts of the scheme at ``rest`` (its path, e.g. ``ref/referential``) as an A-Z
    index by preferred label (``index``) or as a tree of broader and narrower (``tree``)."""
    if view not in SCHEME_VIEWS:
        raise NotFound(
            f"pas de vue « {view} » d'un schéma ; il y a {' et '.join(SCHEME_VIEWS)} / "
            f"no scheme view '{view}'; there are {' and '.join(SCHEME_VIEWS)}"
        )
    chosen = request_language(request, lang)
    site = site_of(request, settings.public_base)
    iri = canonical_iri(iri_path("/" + rest))
    key = ("browse", view, iri, chosen, lang is not None, site)
    return answer_cache.kept_or_made(
        request,
        store,
        settings,
        key,
        lambda: page_cache.rendered_of(_page(request, store, view, iri, chosen, site)),
    )


def _page(request: Request, store: Store, view: str, iri: str, lang: str, site: str) -> Response:
    description = describe_resource(store, iri)
    if not is_scheme(description.graph.objects(description.iri, RDF.type)):
        raise NotFound(
            f"coopgraph ne connaît aucun schéma de concepts <{iri}> / "
            f"coopgraph knows no concept scheme <{iri}>"
        )
    concepts = scheme_concepts(store, iri)
    context = {
        "scheme": page_value(description.graph, description.iri, lang, site),
        "scheme_iri": iri,
        "view": view,
        "views": scheme_views(iri, site),
        "count": len(concepts.members),
        "keep_lang": True,
        **page_context(lang, site),
    }
    if view == "index":
        context["letters"] = scheme_index(concepts, lang, site)
    else:
        context["tree"] = scheme_tree(concepts, lang, site)
    response = templates.TemplateResponse(request, _TEMPLATES[view], context)
    return localised(response, lang)
