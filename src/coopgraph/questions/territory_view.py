"""A territory's findings as a reader sees them: labels in one language, paths, sources.

:mod:`coopgraph.questions.territories` gathers the rows; this module turns them into the
milestones, actions, effects, cooperations, peers and holdings its page lays out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from coopgraph.iris import CANONICAL_BASE
from coopgraph.questions.findings import Record
from coopgraph.questions.renderings import Names

STATUSES = ("observed", "expected", "hypothesised")
"""The epistemic statuses (ref:epistemic-statuses), by the last segment of their IRI."""


@dataclass(frozen=True)
class Shown:
    """An IRI as a reader sees it: its label, and its path when this deployment serves it."""

    iri: str
    text: str
    path: str | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class Milestone:
    """A dated milestone of the trajectory, where it happened and what reports it."""

    shown: Shown
    start: str
    end: str | None
    place: Shown
    sources: tuple[Shown, ...]


@dataclass(frozen=True)
class Effect:
    """An effect of an action; ``status`` is observed, expected, hypothesised or unknown."""

    shown: Shown
    dimensions: tuple[Shown, ...]
    polarity: Shown | None
    status: str
    status_shown: Shown | None
    sources: tuple[Shown, ...]


@dataclass(frozen=True)
class Action:
    """An action located in the territory, and the effects it reaches."""

    shown: Shown
    place: Shown
    effects: tuple[Effect, ...]
    sources: tuple[Shown, ...]


@dataclass(frozen=True)
class Cooperation:
    """Two actors who cooperate, around what, in which system, since when."""

    actor: Shown
    partner: Shown
    around: Shown | None
    system: Shown | None
    since: str | None


@dataclass(frozen=True)
class Peer:
    """A peer territory to learn from, its score and the reasons for it."""

    shown: Shown
    score: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Holding:
    """What one place inside the territory holds."""

    place: Shown
    actions: int
    milestones: int
    effects: int


def holdings(
    territory: URIRef, milestones: Iterable[Milestone], actions: Iterable[Action]
) -> tuple[Holding, ...]:
    """Counts by place inside the territory (the territory itself left out), busiest first."""
    counts: dict[str, list[set[str]]] = {}
    places: dict[str, Shown] = {}
    for kind, place, iris in (
        *((1, m.place, {m.shown.iri}) for m in milestones),
        *((0, a.place, {a.shown.iri}) for a in actions),
        *((2, a.place, {e.shown.iri for e in a.effects}) for a in actions),
    ):
        if place.iri != str(territory):
            places[place.iri] = place
            counts.setdefault(place.iri, [set(), set(), set()])[kind] |= iris
    held = [Holding(places[p], *(len(c) for c in counts[p])) for p in counts]
    return tuple(
        sorted(held, key=lambda h: (-(h.actions + h.milestones + h.effects), h.place.text))
    )


class Viewer:
    """Terms of the findings as a reader sees them: labels in one language, sources."""

    def __init__(
        self, names: Names, sources: Mapping[Identifier, list[Identifier]], lang: str
    ) -> None:
        self.names, self.sources, self.lang = names, sources, lang

    def shown(self, term: Identifier) -> Shown:
        """The term's label (else the end of its IRI) and its local path."""
        iri = str(term)
        label = self.names.get(term)
        text = str(label) if label is not None else iri.rstrip("/").rsplit("/", 1)[-1]
        path = "/" + iri[len(CANONICAL_BASE) :] if iri.startswith(CANONICAL_BASE) else None
        return Shown(iri, text, path, term in self.names.illustrative)

    def maybe(self, term: Identifier | None) -> Shown | None:
        """:meth:`shown`, or None for an absent term."""
        return None if term is None else self.shown(term)

    def cited(self, term: Identifier) -> tuple[Shown, ...]:
        """The sources of ``term``."""
        return tuple(self.shown(s) for s in self.sources.get(term, ()))

    def milestones(self, records: Iterable[Record]) -> tuple[Milestone, ...]:
        """One milestone each, in date order (the written form, as the query sorts)."""
        kept: dict[Identifier, Milestone] = {}
        for r in records:
            term = r["milestone"]
            if isinstance(term, Identifier) and term not in kept:
                end = r.get("end")
                kept[term] = Milestone(
                    self.shown(term), str(r.get("start", "")), None if end is None else str(end),
                    self.shown(_term(r["place"])), self.cited(term),
                )  # fmt: skip
        return tuple(sorted(kept.values(), key=lambda m: (m.start, m.end or "", m.shown.text)))

    def actions(self, actions: Iterable[Record], effects: Iterable[Record]) -> tuple[Action, ...]:
        """Each action once, with the effects it reaches, by label."""
        places: dict[Identifier, Identifier] = {}
        reached: dict[Identifier, dict[Identifier, list[Record]]] = {}
        for r in (*actions, *effects):
            places.setdefault(_term(r["action"]), _term(r["place"]))
            reached.setdefault(_term(r["action"]), {})
            if "effect" in r:
                reached[_term(r["action"])].setdefault(_term(r["effect"]), []).append(r)
        found = [
            Action(self.shown(a), self.shown(places[a]),
                   tuple(sorted((self.effect(e, rows) for e, rows in reached[a].items()),
                                key=lambda e: e.shown.text)),
                   self.cited(a))
            for a in reached
        ]  # fmt: skip
        return tuple(sorted(found, key=lambda a: a.shown.text))

    def effect(self, term: Identifier, rows: list[Record]) -> Effect:
        """An effect from its rows (one per theme and dimension)."""
        status = rows[0].get("status")
        kind = str(status).rsplit("/", 1)[-1] if status is not None else "unknown"
        dimensions = dict.fromkeys(_term(r["dimension"]) for r in rows if "dimension" in r)
        return Effect(
            self.shown(term), tuple(self.shown(d) for d in dimensions),
            self.maybe(_optional(rows[0], "polarity")),
            kind if kind in STATUSES else "unknown", self.maybe(_optional(rows[0], "status")),
            self.cited(term),
        )  # fmt: skip

    def cooperations(self, records: Iterable[Record]) -> tuple[Cooperation, ...]:
        """One cooperation per row, in the query's order (by year)."""
        return tuple(
            Cooperation(
                self.shown(_term(r["actor"])),
                self.shown(_term(r["partner"])),
                self.maybe(_optional(r, "around")),
                self.maybe(_optional(r, "system")),
                str(r["since"]) if "since" in r else None,
            )
            for r in records
        )

    def peers(self, records: Iterable[Record]) -> tuple[Peer, ...]:
        """The ranked peers, each reason in the page's language."""
        return tuple(
            Peer(self.shown(_term(r["peer"])), str(r["score"]), self.reasons(r.get("reasons", ())))
            for r in records
        )

    def reasons(self, cell: object) -> tuple[str, ...]:
        """The reasons of a peer's score in the page's language."""
        reasons = cell if isinstance(cell, tuple) else ()
        return tuple(
            str(r) for r in reasons if isinstance(r, Literal) and r.language in (None, self.lang)
        )


def _term(cell: object) -> Identifier:
    if not isinstance(cell, Identifier):
        raise TypeError(f"expected one RDF term, got {cell!r}")
    return cell


def _optional(record: Record, column: str) -> Identifier | None:
    return _term(record[column]) if column in record else None
