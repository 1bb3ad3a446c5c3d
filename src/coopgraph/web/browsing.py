"""The browsing parts of a resource page: a class's instances, a scheme's index and tree.

``routes/resources.py`` asks :func:`browsing_of` for what a page adds (called in FastAPI's
thread pool, like the rest of the page) and keys its page cache with :func:`paging`
(the ``?page=`` a class page shows). A scheme's index and tree are pages of their own,
``/browse/index/<path>`` and ``/browse/tree/<path>`` (``routes/browse.py``): the scheme's
deployment path after the view's name, so that a page's language links (``?lang=en``) keep it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from rdflib import RDF

from coopgraph.iris import CANONICAL_BASE
from coopgraph.linked_data import (
    SCHEME_VIEWS,
    Description,
    InstancePage,
    class_instances,
    is_class,
    is_scheme,
    page_number,
    uri_of,
)
from coopgraph.web.deps import services_of

BROWSE_PREFIX = "/browse"
"""Where the scheme views live: ``/browse/<view>/<the scheme's path>``."""


@dataclass(frozen=True)
class Browsing:
    """What a resource page adds for browsing: a page of instances, links to scheme views."""

    instances: InstancePage | None = None
    scheme_views: list[tuple[str, str]] = field(default_factory=list)


def paging(request: Request) -> tuple[str, ...]:
    """What of the request, besides the path and language, changes the page: ``?page=``."""
    raw = request.query_params.get("page")
    return () if raw is None else ("page", raw)


def browsing_of(request: Request, description: Description, lang: str, site: str) -> Browsing:
    """The instances of a class (the ``?page=`` asked for), or the views of a scheme."""
    types = list(description.graph.objects(description.iri, RDF.type))
    iri = str(description.iri)
    views = scheme_views(iri, site) if is_scheme(types) else []
    if not is_class(types):
        return Browsing(scheme_views=views)
    page = page_number(request.query_params.get("page"))
    store = services_of(request).store
    found = class_instances(store, iri, lang, site, page)
    return Browsing(found, views)


def scheme_views(iri: str, site: str) -> list[tuple[str, str]]:
    """The index and tree pages of scheme ``iri``: (view name, URL); none for a scheme whose
    IRI this deployment does not serve.

    >>> scheme_views("https://w3id.org/coopgraph/ref/referential", "")[0]
    ('index', '/browse/index/ref/referential')
    >>> scheme_views("http://example.org/scheme", "")
    []
    """
    if not iri.startswith(CANONICAL_BASE):
        return []
    path = uri_of(iri[len(CANONICAL_BASE) :])
    return [(view, f"{site}{BROWSE_PREFIX}/{view}/{path}") for view in SCHEME_VIEWS]
