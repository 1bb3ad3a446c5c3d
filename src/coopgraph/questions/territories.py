"""What is known of one territory, gathered from the stored queries for its resource page.

Its trajectory in time order (territory-trajectory), its actions (theme-actions) and their
effects with how each is known (theme-effects: cg:epistemicStatus), its cooperation network
(cooperation-system), its best peers (peer-territories), and, for a territory holding others,
what each place inside it holds: every query already follows ``cg:isPartOf*``, so the counts by
place are read from their rows. The queries run through :func:`~coopgraph.questions.ask`, like
the domain API; this module adds the labels and sources (``dcterms:source``) of what they found.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Identifier, Node

from coopgraph.iris import TERM_BASE
from coopgraph.questions.asking import Limits, ask
from coopgraph.questions.findings import Findings, Record
from coopgraph.questions.renderings import iri_labels
from coopgraph.questions.stored_queries import StoredQuery, load_queries
from coopgraph.questions.territory_view import (
    Action,
    Cooperation,
    Holding,
    Milestone,
    Peer,
    Shown,
    Viewer,
    holdings,
)
from coopgraph.sparql_text import term_text
from coopgraph.store import Store
from coopgraph.workers import QueryRunner

GATHERED = {
    "trajectory": "territory-trajectory",
    "actions": "theme-actions",
    "effects": "theme-effects",
    "cooperation": "cooperation-system",
    "peers": "peer-territories",
}
"""The stored query of each part of the overview."""
TERRITORY_TYPES = frozenset(
    URIRef(f"{TERM_BASE}{name}")
    for name in ("Territory", "Commune", "DelegatedCommune", "Intercommunality", "Department",
                 "Region", "TerritorialGrouping")
)  # fmt: skip
"""The classes whose instances get the overview on their page."""
PEERS_SHOWN = 5
"""How many of the ranked peers the page shows (the API gives them all)."""
_SOURCES = """PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?term ?source WHERE { VALUES ?term { %s } ?term dcterms:source ?source }
ORDER BY ?term ?source"""


@dataclass(frozen=True)
class TerritoryOverview:
    """Everything the territory's page gathers below its description."""

    iri: str
    milestones: tuple[Milestone, ...]
    actions: tuple[Action, ...]
    cooperations: tuple[Cooperation, ...]
    bridging: tuple[Shown, ...]
    peers: tuple[Peer, ...]
    holdings: tuple[Holding, ...]

    @property
    def is_empty(self) -> bool:
        """True when nothing is located in the territory (peers are ranked for any)."""
        return not (self.milestones or self.actions or self.cooperations or self.holdings)


def is_territory(types: Iterable[Node]) -> bool:
    """True when one of ``types`` is a kind of territory the overview is made for."""
    return any(t in TERRITORY_TYPES for t in types)


@cache
def territory_queries(folder: Path) -> dict[str, StoredQuery]:
    """The stored queries of :data:`GATHERED` found in ``folder``, by part (read once)."""
    found = load_queries(folder)
    return {part: found[name] for part, name in GATHERED.items() if name in found}


async def gather_territory(
    territory: str,
    queries: Mapping[str, StoredQuery],
    store: Store,
    runner: QueryRunner,
    limits: Limits,
) -> dict[str, Findings]:
    """The findings of each part's query about ``territory``, asked at once."""
    given = {"territory": [territory]}
    parts = list(queries)
    asked = await asyncio.gather(*(ask(queries[p], given, store, runner, limits) for p in parts))
    return {part: each.findings for part, each in zip(parts, asked, strict=True)}


def territory_overview(
    territory: str, found: Mapping[str, Findings], store: Store, lang: str
) -> TerritoryOverview:
    """The overview of ``territory`` from its findings, labelled in ``lang``, with sources."""
    records = {part: found[part].records if part in found else [] for part in GATHERED}
    sources = _sources(store, [*_column(records["trajectory"], "milestone"),
                               *_column(records["actions"], "action"),
                               *_column(records["effects"], "action"),
                               *_column(records["effects"], "effect")])  # fmt: skip
    terms = [*_iris(found.values()), *(s for each in sources.values() for s in each)]
    names = iri_labels(store, list(dict.fromkeys(terms)), lang)
    view = Viewer(names, sources, lang)
    milestones = view.milestones(records["trajectory"])
    actions = view.actions(records["actions"], records["effects"])
    bridging = found["cooperation"].summary.get("bridging", ()) if "cooperation" in found else ()
    return TerritoryOverview(
        territory,
        milestones,
        actions,
        view.cooperations(records["cooperation"]),
        tuple(view.shown(b) for b in bridging),
        view.peers(records["peers"][:PEERS_SHOWN]),
        holdings(URIRef(territory), milestones, actions),
    )


def _column(records: Iterable[Record], column: str) -> list[Identifier]:
    return [r[column] for r in records if isinstance(r.get(column), URIRef)]  # type: ignore[misc]


def _iris(found: Iterable[Findings]) -> list[Identifier]:
    return [v for each in found for r in each.records for v in r.values() if isinstance(v, URIRef)]


def _sources(store: Store, terms: list[Identifier]) -> dict[Identifier, list[Identifier]]:
    """The ``dcterms:source`` of each term, in one SELECT."""
    if not terms:
        return {}
    found: dict[Identifier, list[Identifier]] = {}
    values = " ".join(term_text(t) for t in dict.fromkeys(terms))
    for row in store.select(_SOURCES % values):
        if isinstance(row["source"], URIRef):
            found.setdefault(row["term"], []).append(row["source"])
    return found
