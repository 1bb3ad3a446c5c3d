"""The search index: names and codes to things, ranked, answered in milliseconds.

A query is normalised (:mod:`coopgraph.finding.normalising`) and looked up three ways, the
best score of each thing kept: a whole name or code (100), the start of a name (90), the start
of a later word of a name (80); when those give fewer than asked, names close in spelling
(rapidfuzz's ratio, scaled to at most 75; codes are never matched by spelling). Codes are
INSEE codes, SIRENs (communes' and EPCIs', found whole only: "21231", Dijon's INSEE code,
does not give the 90 communes of the Creuse whose SIREN starts so) and postal codes: a postal
code serving several communes gives them all, and "62750" gives Loos-en-Gohelle (its postal
code, 6,799 inhabitants) before Saint-Hilaire-Cottes (INSEE code 62750, 830 inhabitants).
Ties go to the larger population, then the name: "Lens" gives the commune 62498 before any
other Lens. A trailing "(62)" or "(Pas-de-Calais)" keeps the things that are part of that
territory.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from coopgraph.finding.gathering import DEPARTMENT, Entry, Superclasses
from coopgraph.finding.normalising import normalise, split_qualifier

EXACT = 100.0
NAME_START = 90.0
WORD_START = 80.0
CLOSE_SPELLING = 75.0
"""The best score a fuzzy match gets: below every exact or prefix match."""
_FUZZY_FLOOR = 70.0
_PREFIX_SCAN = 5000
_FUZZY_LONGEST = 100
_SIREN_WIDTH = 9
"""Longer queries are matched by name and prefix only: no name is that long and misspelt."""


@dataclass(frozen=True)
class Hit:
    """A thing found, with its score (0-100)."""

    entry: Entry
    score: float

    @property
    def exact(self) -> bool:
        """True when a whole name or code was given."""
        return self.score >= EXACT


class SearchIndex:
    """Labelled things by normalised name and code, built once per store generation."""

    def __init__(
        self, entries: Iterable[Entry], superclasses: Superclasses, generation: int = 0
    ) -> None:
        self.generation = generation
        self.superclasses = superclasses
        self.entries = list(entries)
        self.by_iri = {entry.iri: entry for entry in self.entries}
        self._exact: dict[str, list[int]] = defaultdict(list)
        starts: list[tuple[str, int, bool]] = []
        for number, entry in enumerate(self.entries):
            sirens = {code for code in entry.codes if len(code) == _SIREN_WIDTH}
            for key in _keys(entry):
                self._exact[key].append(number)
                if key in sirens:  # a SIREN's start names nothing: found whole only
                    continue
                key_words = key.split(" ")
                for position in range(len(key_words)):
                    starts.append((" ".join(key_words[position:]), number, position == 0))
        starts.sort()
        self._starts = starts
        self._start_keys = [start[0] for start in starts]
        self._choices: dict[frozenset[str], tuple[list[str], list[int]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, text: str, types: Collection[str] = (), limit: int = 10) -> list[Hit]:
        """The things ``text`` names, best first; only instances of ``types`` when given."""
        name, qualifier = split_qualifier(text)
        within = self._territories(qualifier) if qualifier else None
        if within == set():  # the parentheses are part of the name after all
            name, within = text, None
        key = normalise(name)
        if not key:
            return []
        wanted = frozenset(types)
        scores = self._exact_and_prefix(key)
        if len(scores) < limit and len(key) <= _FUZZY_LONGEST and not any(map(str.isdigit, key)):
            for number, score in self._close(key, wanted, limit).items():
                scores.setdefault(number, score)
        hits = [
            Hit(self.entries[number], score)
            for number, score in scores.items()
            if self._fits(self.entries[number], wanted, within)
        ]
        hits.sort(key=lambda hit: (-hit.score, -hit.entry.population, hit.entry.name("fr")))
        return hits[:limit]

    def _exact_and_prefix(self, key: str) -> dict[int, float]:
        scores: dict[int, float] = dict.fromkeys(self._exact.get(key, ()), EXACT)
        first = bisect_left(self._start_keys, key)
        for start, number, whole in self._starts[first : first + _PREFIX_SCAN]:
            if not start.startswith(key):
                break
            score = NAME_START if whole else WORD_START
            if scores.get(number, 0.0) < score:
                scores[number] = score
        return scores

    def _close(self, key: str, wanted: frozenset[str], limit: int) -> dict[int, float]:
        keys, numbers = self._choices_for(wanted)
        found = process.extract(
            key, keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=_FUZZY_FLOOR
        )
        scores: dict[int, float] = {}
        for _, score, position in found:
            number = numbers[position]
            scores[number] = max(scores.get(number, 0.0), score * CLOSE_SPELLING / 100)
        return scores

    def _choices_for(self, wanted: frozenset[str]) -> tuple[list[str], list[int]]:
        """The keys fuzzy matching looks through: those of instances of ``wanted``."""
        if wanted not in self._choices:
            keys: list[str] = []
            numbers: list[int] = []
            for key, found in self._exact.items():
                for number in found:
                    if not wanted or wanted & self.entries[number].kinds:
                        keys.append(key)
                        numbers.append(number)
            self._choices[wanted] = (keys, numbers)
        return self._choices[wanted]

    def _territories(self, qualifier: str) -> set[str]:
        """The territories a "(62)" or "(Pas-de-Calais)" names: départements first."""
        found = [self.entries[n] for n in self._exact.get(normalise(qualifier), ())]
        departments = {entry.iri for entry in found if DEPARTMENT in entry.kinds}
        return departments or {entry.iri for entry in found if entry.population or entry.codes}

    @staticmethod
    def _fits(entry: Entry, wanted: frozenset[str], within: set[str] | None) -> bool:
        if wanted and not wanted & entry.kinds:
            return False
        return within is None or bool(within & entry.parents) or entry.iri in within

    def find(self, iri: str) -> Entry | None:
        """The entry of an IRI, if the index holds it."""
        return self.by_iri.get(iri)

    def named(self, text: str, types: Collection[str] = ()) -> list[Entry]:
        """The things whose whole name or code is ``text``, of ``types`` when given."""
        wanted = frozenset(types)
        found = (self.entries[n] for n in self._exact.get(normalise(text), ()))
        return [entry for entry in found if self._fits(entry, wanted, None)]


def _keys(entry: Entry) -> set[str]:
    """The normalised names and codes (postal codes included) an entry is found by."""
    codes = entry.codes | entry.postal_codes
    keys = {normalise(label) for label in entry.labels} | {normalise(c) for c in codes}
    keys.discard("")
    return keys
