"""``/api/search``: things by name, ranked, for programs and for the search box of every page.

``GET /api/search?q=grande synthe&type=cg:Commune&lang=en&limit=5`` answers JSON: the query
and its results, best first, each with its IRI, name, types, a line that tells namesakes
apart, its score and the page that shows it on this deployment.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from coopgraph.finding import Hit, SearchIndex, card_of, refused
from coopgraph.web.deps import SettingsDep
from coopgraph.web.finder import keeper_of, page_of, read_count, type_iri
from coopgraph.web.html import LangQuery, request_language, site_of

router = APIRouter(tags=["Search"])

MAX_RESULTS = 50
_Text = Annotated[str, Query(description="What to look for: a name, its start, a code.")]
_NO_TEXT = (
    "« q » manque : le nom, son début ou un code à chercher",
    "'q' is missing: the name, its start or a code to look for",
)
_Types = Annotated[
    list[str] | None,
    Query(
        alias="type",
        description="Only instances of this class (an IRI, cg:Commune, or Commune); repeat "
        "for several.",
    ),
]
_Limit = Annotated[str, Query(description=f"At most this many results (1 to {MAX_RESULTS}).")]


@router.get("/api/search", summary="Find things by name")
async def search(
    request: Request,
    settings: SettingsDep,
    q: _Text = "",
    type: _Types = None,
    lang: LangQuery = None,
    limit: _Limit = "10",
) -> dict[str, Any]:
    """Territories, concepts, ontology terms, actors, actions... whose name or code starts
    like ``q``, blind to case, accents, hyphens and articles; close spellings after."""
    chosen = request_language(request, lang)
    if not q.strip():
        raise refused(*_NO_TEXT)
    count = read_count(limit, "limit", 1, MAX_RESULTS)
    types = [type_iri(value) for value in type or []]
    index = await keeper_of(request).current()
    site = site_of(request, settings.public_base)
    hits = index.search(q, types, count)
    return {
        "query": q,
        "lang": chosen,
        "results": [_result(index, hit, chosen, site) for hit in hits],
    }


def _result(index: SearchIndex, hit: Hit, lang: str, site: str) -> dict[str, Any]:
    card = card_of(hit.entry, index, lang)
    return {
        "id": card.id,
        "name": card.name,
        "types": [vars(kind) for kind in card.kinds],
        "description": card.summary(),
        "score": round(hit.score, 2),
        "page": page_of(site, card.id),
    }
