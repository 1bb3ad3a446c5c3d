"""Did you mean, for territories: the official territories nearest to an unknown code.

A steward who writes ``id:commune/76999`` (no such INSEE code) for Malaunay gets the territories
of the same kind whose name is close to the label the file gives that IRI (in its department
first, then anywhere), else the codes closest to the one given in its department, and the
official territories the file names elsewhere (what the submission is about). Names are read
from the store on demand, narrowed in SPARQL by a code or name prefix: milliseconds, where the
whole geography's names would take seconds.
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from coopgraph.iris import GEOGRAPHY_GRAPH_BASE
from coopgraph.languages import normalise
from coopgraph.store import Store
from coopgraph.validation.context import OFFICIAL_TERRITORY
from coopgraph.validation.results import Labels, compact

NEAREST = 3
"""How many suggestions a message names at most."""
_NAME_CUTOFF = 80.0

_TERRITORIES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?t ?name WHERE {
    GRAPH ?g { ?t rdfs:label ?name }
    FILTER (STRSTARTS(STR(?g), "%s") && STRSTARTS(STR(?t), "%s"))
    %s
}"""
_NAME_START = 'FILTER (STRSTARTS(LCASE(STR(?name)), "%s"))'


def territories(store: Store, prefix: str, name_start: str = "") -> dict[URIRef, str]:
    """The official territories whose IRI starts with ``prefix`` (a kind's folder and the
    start of a code) and, if given, whose name starts with ``name_start`` (lower case), each
    with one of its names. Read on demand: a narrow prefix keeps it to milliseconds."""
    extra = _NAME_START % name_start.replace('"', "") if name_start else ""
    names: dict[URIRef, str] = {}
    for row in store.select(_TERRITORIES_QUERY % (GEOGRAPHY_GRAPH_BASE, prefix, extra)):
        names.setdefault(URIRef(row["t"]), str(row["name"]))
    return names


def territory_hint(iri: URIRef, submission: Graph, store: Store) -> Labels:
    """Territories of the same kind named like the file's label for ``iri`` (in its
    department first, then anywhere), else the closest codes in its department, then the
    official territories the file names elsewhere."""
    folder, code = str(iri).rsplit("/", 1)
    near = territories(store, f"{folder}/{code[:2] if len(code) > 3 else ''}")
    given = [str(label) for label in submission.objects(iri, RDFS.label)]
    found = _by_name(given, near) or _by_name_anywhere(given, store, folder) or _by_code(code, near)
    named = sorted(
        o
        for o in set(submission.objects())
        if isinstance(o, URIRef) and OFFICIAL_TERRITORY.match(o) and o != iri and o not in found
    )
    shown = {**found, **_existing(named, store)}
    if not shown:
        return {}
    choices = [f"{compact(t)} ({name})" for t, name in shown.items()]
    return {
        "fr": "Vouliez-vous dire " + " ou ".join(choices) + " ?",
        "en": "Did you mean " + " or ".join(choices) + "?",
    }


def _by_name(given: list[str], territories: Mapping[URIRef, str]) -> dict[URIRef, str]:
    keys = {iri: normalise(name) for iri, name in territories.items()}
    found: dict[URIRef, str] = {}
    for name in given:
        for _key, _score, iri in process.extract(
            normalise(name), keys, scorer=fuzz.ratio, score_cutoff=_NAME_CUTOFF, limit=NEAREST
        ):
            found.setdefault(iri, territories[iri])
    return dict(list(found.items())[:NEAREST])


def _by_name_anywhere(given: list[str], store: Store, folder: str) -> dict[URIRef, str]:
    """The territories of the kind, anywhere, whose name is close to a given one and starts
    with its letter (names rarely go wrong on their first letter)."""
    found: dict[URIRef, str] = {}
    for name in given:
        start = name.strip()[:1].lower()
        if start:
            found.update(_by_name([name], territories(store, folder + "/", start)))
    return found


def _by_code(code: str, territories: Mapping[URIRef, str]) -> dict[URIRef, str]:
    """The territories whose code is one edit from ``code``, the smallest codes first (the
    same answer whatever order the store gives its rows in)."""
    codes = {iri: str(iri).rsplit("/", 1)[1] for iri in territories}
    closest = process.extract(code, codes, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
    ranked = sorted(closest, key=lambda found: (found[1], found[0]))[:NEAREST]
    return {iri: territories[iri] for _code, _distance, iri in ranked}


def _existing(iris: list[URIRef], store: Store) -> dict[URIRef, str]:
    """Those of ``iris`` the geography holds, with a name."""
    found: dict[URIRef, str] = {}
    for iri in iris[:NEAREST]:
        found.update((t, n) for t, n in territories(store, str(iri)).items() if t == iri)
    return found
