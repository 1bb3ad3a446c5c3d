"""The steward's spreadsheet, as read from the shapes: one sheet per kind of resource, one column
per property its shapes constrain, with French and English headers, help notes and the concepts
a column takes.

Each sheet has three header rows (French, English, then the column's key: a prefixed name such
as ``cg:dimension``, which is what a filled sheet is read by), one example row, then the
steward's rows. The name, the territory and the date columns are the sheet's own: the name
(French, then English) gives ``rdfs:label``, the territory (a name, an INSEE or SIREN code, or
its IRI) gives the IRI of each row and, where the shapes ask for one, its place, and a date gives
``time:hasTime [ a time:Instant ; time:inXSDDate ... ]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from coopgraph.iris import TERM_BASE
from coopgraph.validation.results import PREFIXES as RESULT_PREFIXES

CG = Namespace(TERM_BASE)
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
HEADER_ROWS = 3
"""French headers, English headers, then the keys; the example row follows."""
EXAMPLE_ROW = HEADER_ROWS + 1
EXAMPLE_MARK = "EXEMPLE / EXAMPLE"
"""What the example row's first cell starts with: such rows are never read."""
NAME, NAME_EN, TERRITORY, DATE = "nom", "name", "territoire", "date"
IRI_KEY = "iri"
"""The key of an optional column giving a row's IRI (a downloaded description has it, so the
same rows come back with the same IRIs); where it is absent or empty, the IRI is minted."""
LISTS_SHEET = "listes"
"""The sheet (or CSV file) of every concept a drop-down offers: label, code, IRI."""

KINDS: tuple[tuple[str, URIRef, str, str], ...] = (
    ("acteurs", CG.Actor, "acteur", "actor"),
    ("actions", CG.Action, "action", "action"),
    ("effets", CG.Effect, "effet", "effect"),
    ("liens-causaux", CG.CausalLink, "lien causal", "causal link"),
    ("cooperations", CG.CooperationRelation, "relation de coopération", "cooperation relation"),
    ("ressources", CG.Resource, "ressource", "resource"),
    ("indicateurs", CG.Indicator, "indicateur", "indicator"),
    ("evaluations", CG.Evaluation, "évaluation", "evaluation"),
    ("jalons", CG.Milestone, "jalon", "milestone"),
)
"""The sheets: name, class, and what one row is, in French and English (its IRI segment)."""
PREFIXES = {**RESULT_PREFIXES, "dcterms": "http://purl.org/dc/terms/"}
"""The prefixes of the column keys."""

_PLACES = (PROV.atLocation, CG.activeIn)
"""The properties the territory column fills, when the sheet's shapes name one."""
_SKIPPED = (RDFS.label, TIME.hasTime, RDF.type)
_KNOWN = {CG.Effect: ("cg:epistemicStatus",), CG.CausalLink: ("cg:epistemicStatus",)}
"""Properties whose shapes target their subjects rather than a class, by sheet class."""


@dataclass(frozen=True)
class Choice:
    """One concept a drop-down offers."""

    label: str
    code: str
    iri: URIRef


@dataclass(frozen=True)
class Column:
    """One column of a sheet."""

    key: str
    header_fr: str
    header_en: str
    note_fr: str = ""
    note_en: str = ""
    path: URIRef | None = None
    choices: tuple[Choice, ...] = ()
    range_class: URIRef | None = None
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, the class of its rows, and its columns."""

    name: str
    kind: URIRef
    row_fr: str
    row_en: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column | None:
        """The column of this key, if the sheet has one."""
        return next((c for c in self.columns if c.key == key), None)

    @property
    def place(self) -> URIRef | None:
        """The property the territory column fills, if any."""
        return next((c.path for c in self.columns if c.key == TERRITORY), None)


@lru_cache(maxsize=4)
def sheets_of(content_root: Path) -> tuple[Sheet, ...]:
    """The sheets of the template, read from the shapes and ontology under ``content_root``."""
    graph = Graph()
    for folder in ("shapes", "ontology"):
        for path in sorted((content_root / folder).glob("*.ttl")):
            graph.parse(path, format="turtle")
    return tuple(_sheet(graph, *kind) for kind in KINDS)


def _sheet(graph: Graph, name: str, kind: URIRef, row_fr: str, row_en: str) -> Sheet:
    shapes = list(graph.subjects(SH.targetClass, kind))
    properties: dict[URIRef, list[Node]] = {}
    for shape in shapes:
        for prop in graph.objects(shape, SH.property):
            path = graph.value(prop, SH.path)
            if isinstance(path, URIRef):
                properties.setdefault(path, []).append(prop)
    for key in _KNOWN.get(kind, ()):
        path = URIRef(key.replace("cg:", TERM_BASE))
        properties.setdefault(path, []).extend(graph.subjects(SH.path, path))
    columns = [*_own_columns(graph, kind, properties)]
    columns += [_column(graph, path, props) for path, props in properties.items() if _listed(path)]
    return Sheet(name, kind, row_fr, row_en, tuple(columns))


def _own_columns(graph: Graph, kind: URIRef, properties: dict[URIRef, list[Node]]) -> list[Column]:
    place = next((p for p in _PLACES if p in properties), None)
    columns = [
        Column(NAME, "Nom (en français)", "Name (in French)", "Le nom, en français : il donne "
               "l'IRI de la ligne.", "The name, in French: it gives the row's IRI.",
               RDFS.label, required=True),
        Column(NAME_EN, "Nom (en anglais)", "Name (in English)", "Le nom, en anglais.",
               "The name, in English.", RDFS.label, required=True),
        Column(TERRITORY, "Territoire (nom ou code)", "Territory (name or code)",
               "Le territoire : son nom (« Loos-en-Gohelle », « Lens (62) » avec le département "
               "pour choisir entre homonymes), son code officiel (commune : code INSEE à 5 "
               "caractères, EPCI : SIREN à 9 chiffres) ou son IRI.", "The territory: its name "
               "('Loos-en-Gohelle', 'Lens (62)' with the département to choose among "
               "namesakes), its official code (commune: 5-character INSEE code, EPCI: 9-digit "
               "SIREN) or its IRI.", place, required=place is not None),
    ]  # fmt: skip
    if TIME.hasTime in properties:
        columns.append(
            Column(
                DATE,
                "Date (AAAA-MM-JJ)",
                "Date (YYYY-MM-DD)",
                "La date, AAAA-MM-JJ.",
                "The date, YYYY-MM-DD.",
                TIME.hasTime,
                required=True,
            )
        )
    return columns


def _listed(path: URIRef) -> bool:
    return path not in _SKIPPED and path not in _PLACES


def _column(graph: Graph, path: URIRef, shapes: list[Node]) -> Column:
    fr, en = _names(graph, path, shapes)
    note_fr, note_en = _notes(graph, shapes)
    choices: tuple[Choice, ...] = ()
    range_class = None
    required = False
    for shape in shapes:
        listed = graph.value(shape, SH["in"])
        if listed is not None and not choices:
            choices = tuple(
                _choice(graph, i) for i in Collection(graph, listed) if isinstance(i, URIRef)
            )
        found = graph.value(shape, SH["class"])
        range_class = range_class or (found if isinstance(found, URIRef) else None)
        required = required or graph.value(shape, SH.minCount) is not None
    return Column(key_of(path), fr, en, note_fr, note_en, path, choices, range_class, required)


def key_of(path: URIRef) -> str:
    """The column key of a property: its prefixed name.

    >>> key_of(URIRef("http://purl.org/dc/terms/source"))
    'dcterms:source'
    """
    for prefix, namespace in PREFIXES.items():
        if path.startswith(namespace):
            return f"{prefix}:{path[len(namespace) :]}"
    return f"<{path}>"


def path_of(key: str) -> URIRef | None:
    """The property of a column key, or None if its prefix is unknown.

    >>> path_of("cg:dimension")
    rdflib.term.URIRef('https://w3id.org/coopgraph/def/dimension')
    """
    prefix, colon, local = key.partition(":")
    if key.startswith("<") and key.endswith(">"):
        return URIRef(key[1:-1])
    return URIRef(PREFIXES[prefix] + local) if colon and prefix in PREFIXES else None


def _names(graph: Graph, path: URIRef, shapes: list[Node]) -> tuple[str, str]:
    named = [n for s in shapes for n in graph.objects(s, SH.name)]
    labels = named or list(graph.objects(path, RDFS.label))
    return _in(labels, "fr") or key_of(path), _in(labels, "en") or key_of(path)


def _notes(graph: Graph, shapes: list[Node]) -> tuple[str, str]:
    said = [n for s in shapes for n in graph.objects(s, SH.description)]
    said = said or [n for s in shapes for n in graph.objects(s, SH.message)]
    return _in(said, "fr"), _in(said, "en")


def _choice(graph: Graph, iri: URIRef) -> Choice:
    label = _in(list(graph.objects(iri, SKOS.prefLabel)), "fr")
    return Choice(label or str(iri).rsplit("/", 1)[-1], str(iri).rsplit("/", 1)[-1], iri)


def _in(values: Sequence[object], lang: str) -> str:
    return next((str(v) for v in values if isinstance(v, Literal) and v.language == lang), "")


def choices_of(sheets: tuple[Sheet, ...]) -> dict[str, tuple[Choice, ...]]:
    """Every list of concepts the sheets offer, by the key of the first column offering it."""
    lists: dict[str, tuple[Choice, ...]] = {}
    for sheet in sheets:
        for column in sheet.columns:
            if column.choices and column.choices not in lists.values():
                lists[column.key] = column.choices
    return lists
