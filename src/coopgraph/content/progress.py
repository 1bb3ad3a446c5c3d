"""Where a synchronisation stands: the step under way, named in French and English, and the
share of the whole work done, for progress bars and for /health while the service starts.

The work is weighed before it begins, by the size of each source's files: loading a source
weighs its size; reasoning over it, its size again plus a fixed cost (an engine's start on even
a small file). A gzipped file counts for ``GZIP_RATIO`` times its size. The fraction only grows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

GZIP_RATIO = 10
"""How much bigger than its file a gzipped N-Triples source is, about."""
REASONING_FIXED_BYTES = 200_000
"""What reasoning over any source costs at least, counted in bytes of source."""
_GRAPH_IRI = re.compile(r"<([^<>\s]+)>")


@dataclass(frozen=True)
class Advance:
    """One step of a start: what it does (``step``), about what, and how far the whole is."""

    step: str
    english: str
    french: str
    fraction: float

    @property
    def percent(self) -> int:
        """The fraction in whole percent, never 100 before the end."""
        return min(int(self.fraction * 100), 100 if self.fraction >= 1 else 99)

    def message(self) -> dict[str, str]:
        """The step and the percentage, in French and English.

        >>> step = Advance("loading", "loading the geography", "chargement de la géographie", 0.4)
        >>> step.message()
        {'fr': 'chargement de la géographie, 40 %', 'en': 'loading the geography, 40 %'}
        """
        return {"fr": f"{self.french}, {self.percent} %", "en": f"{self.english}, {self.percent} %"}


Listener = Callable[[Advance], None]
"""Told of every step, from the thread that does the work."""


def source_names(label: str) -> tuple[str, str]:
    """A source as a reader calls it, in English and in French (with its article).

    >>> source_names("data/geography/geography-2026.nt.gz")
    ('the geography', 'la géographie')
    >>> source_names("data/seed/malaunay.ttl")
    ('data/seed/malaunay.ttl', 'data/seed/malaunay.ttl')
    """
    if label == "ontology/":
        return "the ontology", "l'ontologie"
    if label == "shapes/":
        return "the SHACL shapes", "les formes SHACL"
    if label.startswith("data/geography/"):
        return "the geography", "la géographie"
    return label, label


def _of(french: str) -> str:
    """``de`` before a French name: "de la géographie", "des formes SHACL"."""
    return "des " + french[4:] if french.startswith("les ") else "de " + french


def _size(files: Iterable[Path]) -> int:
    return sum(p.stat().st_size * (GZIP_RATIO if p.suffix == ".gz" else 1) for p in files)


class Tracker:
    """The fraction of a synchronisation done, told to a listener step by step.

    ``loads`` maps each source graph to be loaded to its label and files; ``reasons`` those
    expected to be reasoned over, in the order reasoning takes them."""

    def __init__(
        self,
        loads: dict[str, tuple[str, tuple[Path, ...]]],
        reasons: dict[str, tuple[str, tuple[Path, ...]]],
        listener: Listener,
    ) -> None:
        self._labels = {graph: label for graph, (label, _) in (loads | reasons).items()}
        self._load_weight = {graph: _size(files) for graph, (_, files) in loads.items()}
        self._reason_weight = {
            graph: _size(files) + REASONING_FIXED_BYTES for graph, (_, files) in reasons.items()
        }
        self._total = max(sum(self._load_weight.values()) + sum(self._reason_weight.values()), 1)
        self._done = 0
        self._pending = list(reasons)
        self._listener = listener

    def _tell(self, step: str, english: str, french: str) -> None:
        self._listener(Advance(step, english, french, min(self._done / self._total, 1.0)))

    def loading(self, graph: str) -> None:
        """A source's loading begins."""
        english, french = source_names(self._labels.get(graph, graph))
        self._tell("loading", f"loading {english}", f"chargement {_of(french)}")

    def loaded(self, graph: str) -> None:
        """A source's loading ended."""
        self._done += self._load_weight.pop(graph, 0)

    def dropping(self, graph: str) -> None:
        """A graph whose file is gone is being dropped."""
        self._tell("dropping", f"dropping <{graph}>", f"retrait de <{graph}>")

    def reasoning(self) -> None:
        """Reasoning begins, or goes on with the next source expected."""
        if not self._pending:
            self._tell("reasoning", "reasoning (OWL 2 RL)", "raisonnement (OWL 2 RL)")
            return
        english, french = source_names(self._labels.get(self._pending[0], self._pending[0]))
        self._tell("reasoning", f"reasoning over {english}", f"raisonnement sur {french}")

    def heard(self, message: str) -> None:
        """A line reasoning said: a source it names is done (matched on its graph's IRI)."""
        for graph in _GRAPH_IRI.findall(message):
            if graph in self._reason_weight:
                self._done += self._reason_weight.pop(graph)
                self._pending.remove(graph)
                self.reasoning()
                return

    def finished(self) -> None:
        """Everything is loaded and reasoned."""
        self._done = self._total
        self._tell("synchronised", "content loaded", "contenu chargé")
