"""Territories named in a steward's spreadsheet: ``Loos-en-Gohelle``, ``Lens (62)``.

A name is looked up in the store's official geography, as ``validation.places`` reads it, by
the name's first letter: case, accents, hyphens and articles do not count, and a
département code in parentheses chooses among namesakes. A name that matches one territory is
that territory; a name that matches several, or none, is a Violation at its cell naming the
candidates (the nearest names, by rapidfuzz, for an unknown one).

>>> split_name("Lens (62)")
('Lens', '62')
>>> split_name("Loos-en-Gohelle")
('Loos-en-Gohelle', '')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process
from rdflib import Literal, URIRef

from coopgraph.iris import GEOGRAPHY_GRAPH_BASE, IDENTIFIER_BASE, TERM_BASE
from coopgraph.languages import normalise
from coopgraph.store import Store
from coopgraph.validation.places import NEAREST
from coopgraph.validation.results import (
    Location,
    Report,
    Result,
    compact,
    shacl_graph,
    sort_results,
)

ABSOLUTE_IRI = re.compile(r"^https?://\S+$")
"""An absolute http(s) IRI, as a cell or a code may give one."""
_DEPARTMENT = re.compile(r"^(.*?)\s*\(\s*(\d{2,3}|2[AB])\s*\)\s*$", re.IGNORECASE)
_ACCENTED = {"a": "àâä", "c": "ç", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "y": "ÿ"}
_NAME_CUTOFF = 75.0
_IN_DEPARTMENT = ("commune", "department")
"""Kinds of territory a département code can choose among."""


@dataclass(frozen=True)
class Found:
    """What a name gives: the territory, or the candidates (several namesakes, or the
    nearest names when none matches)."""

    iri: URIRef | None
    candidates: dict[URIRef, str] = field(default_factory=dict)


def split_name(written: str) -> tuple[str, str]:
    """A name and the département code written after it in parentheses, if any."""
    matched = _DEPARTMENT.match(written.strip())
    if matched is None:
        return written.strip(), ""
    return matched.group(1), matched.group(2).upper()


class TerritoryNames:
    """Official territories found by name in a store's geography, each name looked up once.

    The names starting with the letters asked are read in one query (a scan of the labels:
    about a second on the whole geography, whatever the letters), so :meth:`prepare` a whole
    upload's names before :meth:`find` each.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._found: dict[str, Found] = {}
        self._letters: set[str] = set()
        self._named: dict[str, dict[URIRef, str]] = {}

    def prepare(self, written: Iterable[str]) -> None:
        """Read at once the territories whose names start as any of these names do."""
        letters = {c for name in written for c in _starts(split_name(name)[0])}
        missing = letters - self._letters
        if missing:
            for row in self.store.select(_names_query(sorted(missing))):
                name = str(row["name"])
                self._named.setdefault(name[:1].lower(), {}).setdefault(URIRef(row["t"]), name)
            self._letters |= missing

    def find(self, written: str) -> Found:
        """The territory of a name (``Lens (62)`` within the département), or the candidates."""
        if written not in self._found:
            if _SIREN.fullmatch(written.strip()):
                self._found[written] = self._by_siren(written.strip())
            else:
                self.prepare([written])
                self._found[written] = self._look_up(*split_name(written))
        return self._found[written]

    def _by_siren(self, siren: str) -> Found:
        """The territory of a SIREN the geography holds (a commune's or an EPCI's)."""
        rows = list(self.store.select(_SIREN_QUERY.replace("$siren", Literal(siren).n3())))
        return Found(URIRef(rows[0]["t"])) if len(rows) == 1 else Found(None)

    def _look_up(self, name: str, department: str) -> Found:
        named = {t: n for c in _starts(name) for t, n in self._named.get(c, {}).items()}
        key = normalise(name)
        exact = {t: n for t, n in named.items() if normalise(n) == key}
        if department:
            exact = {t: n for t, n in exact.items() if _in_department(t, department)}
        if len(exact) == 1:
            return Found(next(iter(exact)))
        if exact:
            return Found(None, dict(sorted(exact.items())))
        keys = {t: normalise(n) for t, n in named.items()}
        nearest = process.extract(
            key, keys, scorer=fuzz.ratio, score_cutoff=_NAME_CUTOFF, limit=NEAREST
        )
        return Found(None, {t: named[t] for _key, _score, t in nearest})


_SIREN = re.compile(r"\d{9}")
_SIREN_QUERY = f"""SELECT ?t WHERE {{
    GRAPH ?g {{ ?t <{TERM_BASE}sirenCode> $siren }}
    FILTER (STRSTARTS(STR(?g), "{GEOGRAPHY_GRAPH_BASE}"))
}} LIMIT 2"""


def _names_query(letters: list[str]) -> str:
    """The official territories whose name starts with one of ``letters`` (typed literals in
    the text, as a VALUES block would hold them)."""
    listed = ", ".join(Literal(letter).n3() for letter in letters)
    return f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?t ?name WHERE {{
    GRAPH ?g {{ ?t rdfs:label ?name }}
    FILTER (STRSTARTS(STR(?g), "{GEOGRAPHY_GRAPH_BASE}") && STRSTARTS(STR(?t), "{IDENTIFIER_BASE}"))
    FILTER (SUBSTR(LCASE(STR(?name)), 1, 1) IN ({listed}))
}}"""


def territory_iri(value: str) -> URIRef | None:
    """The official territory of an INSEE code, an EPCI's SIREN, or an IRI; None for a
    commune's SIREN (21..., or 200... for a commune nouvelle, as EPCIs' are: the geography
    tells them apart, see ``territory_of``).

    >>> str(territory_iri("76402"))
    'https://w3id.org/coopgraph/id/commune/76402'
    >>> str(territory_iri("200033025"))
    'https://w3id.org/coopgraph/id/epci/200033025'
    >>> territory_iri("216205286") is None
    True
    """
    code = value.strip()
    if ABSOLUTE_IRI.match(code):
        return URIRef(code)
    if _SIREN.fullmatch(code):
        return None if code.startswith("21") else URIRef(f"{IDENTIFIER_BASE}epci/{code}")
    if re.fullmatch(r"(?:\d{2}|2[AB])\d{3}", code, re.IGNORECASE):
        return URIRef(f"{IDENTIFIER_BASE}commune/{code.upper()}")
    if re.fullmatch(r"\d{2,3}|2[AB]", code, re.IGNORECASE):
        return URIRef(f"{IDENTIFIER_BASE}department/{code.upper()}")
    return None


def territory_of(value: str, names: TerritoryNames | None) -> URIRef | None:
    """A territory cell's code or IRI as its territory, a SIREN the geography holds first
    (communes' and EPCIs' SIRENs share their first digits); None for a name."""
    if names is not None and _SIREN.fullmatch(value.strip()):
        found = names.find(value).iri
        if found is not None:
            return found
    return territory_iri(value)


def _starts(name: str) -> tuple[str, ...]:
    """The first letter of a name, lower case, and its accented forms (names rarely go wrong
    on their first letter)."""
    first = name.strip()[:1].lower()
    return (first, *_ACCENTED.get(first, "")) if first.isalpha() else ()


def _in_department(iri: URIRef, department: str) -> bool:
    kind, code = str(iri).rsplit("/", 2)[-2:]
    if kind == "commune":
        return code.upper().startswith(department)
    return kind in _IN_DEPARTMENT and code.upper() == department


def name_result(
    written: str, found: Found, focus: URIRef, path: URIRef | None, where: Location
) -> Result:
    """The Violation of a territory name that names no territory, or several."""
    shown = [f"{compact(t)} ({n})" for t, n in found.candidates.items()]
    if len(found.candidates) > 1 and _all_named(found, written):
        example = f"{split_name(written)[0]} ({_department_of(next(iter(found.candidates)))})"
        fr = (
            f"« {written} » désigne plusieurs territoires : {', '.join(shown)} ; écrivez son "
            f"code, ou son nom suivi du département, par exemple « {example} »."
        )
        en = (
            f"'{written}' names several territories: {', '.join(shown)}; write its code, or "
            f"its name followed by its département, for example '{example}'."
        )
    else:
        fr = f"« {written} » n'est le nom d'aucun territoire officiel" + (
            f" ; vouliez-vous dire {' ou '.join(shown)} ?" if shown else "."
        )
        en = f"'{written}' is the name of no official territory" + (
            f"; did you mean {' or '.join(shown)}?" if shown else "."
        )
        fr, en = (
            fr + " Écrivez son nom exact ou son code INSEE ou SIREN.",
            (en + " Write its exact name or its INSEE or SIREN code."),
        )
    return Result(focus, path, Literal(written), "Violation", {"fr": fr, "en": en},
                  location=where)  # fmt: skip


def _department_of(iri: URIRef) -> str:
    code = str(iri).rsplit("/", 1)[-1]
    return code[:3] if code.startswith("97") else code[:2]


def _all_named(found: Found, written: str) -> bool:
    key = normalise(split_name(written)[0])
    return all(normalise(name) == key for name in found.candidates.values())


def with_findings(report: Report, findings: tuple[Result, ...]) -> Report:
    """The report with what converting spreadsheets found (territory names) among its results."""
    if not findings:
        return report
    results = tuple(sort_results([*report.results, *findings]))
    return replace(report, results=results, graph=shacl_graph(results))
