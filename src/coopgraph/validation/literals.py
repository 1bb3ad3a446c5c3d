"""Ill-typed literals: a lexical form outside its XSD datatype, found and worded for a steward.

SHACL's sh:datatype fails for an ill-typed literal, but pyshacl only knows it when rdflib
marks the literal ``ill_typed``, and rdflib checks a few datatypes only (``"20x6"^^xsd:gYear``
and ``"2021-13"^^xsd:gYearMonth`` pass). Every typed literal of a submission whose datatype
is listed here is read against the XSD 1.1 lexical space, and each ill-typed one is a
Violation that quotes the lexical form and the expected form, reported by the property shape
that names that datatype for that property (else ``cgsh:WellFormedLiteral``).

rdflib converts every typed literal to a Python value when it is created, and logs a
traceback at WARNING (logger ``rdflib.term``) for each lexical form it cannot convert;
``QuietConversions`` drops those records (the report says it better), and ``as_written``
keeps literals as written (no normalisation, no "weird boolean" warning) while a
submission is read.
"""

from __future__ import annotations

import calendar
import logging
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from coopgraph.validation.context import SHAPES_NS
from coopgraph.validation.results import Result

WELL_FORMED_SHAPE = SHAPES_NS.WellFormedLiteral
"""The shape named by a result about an ill-typed literal no property shape constrains."""

_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_DATE = rf"(?P<year>{_YEAR})-(?P<month>{_MONTH})-(?P<day>{_DAY})"
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"


@dataclass(frozen=True)
class LexicalSpace:
    """A datatype's lexical space, and the expected form told to a steward (fr, en)."""

    pattern: re.Pattern[str]
    expected_fr: str
    expected_en: str
    check: Callable[[re.Match[str]], bool] = lambda _: True


def _real_day(found: re.Match[str]) -> bool:
    """The day exists in its month (29 February in leap years only)."""
    year, month = abs(int(found["year"])), int(found["month"])
    # year 0000 is 1 BCE, a leap year (XSD 1.1); 2000 stands for it in the calendar module
    return int(found["day"]) <= calendar.monthrange(year % 400 or 2000, month)[1]


def _space(
    pattern: str, fr: str, en: str, check: Callable[[re.Match[str]], bool] | None = None
) -> LexicalSpace:
    return LexicalSpace(re.compile(pattern), fr, en, check or (lambda _: True))


_INTEGER = r"[+-]?[0-9]+"
LEXICAL_SPACES: dict[URIRef, LexicalSpace] = {
    XSD.date: _space(
        rf"{_DATE}{_ZONE}?",
        "AAAA-MM-JJ, une date qui existe (par exemple 2016-03-15)",
        "YYYY-MM-DD, a date that exists (for example 2016-03-15)",
        _real_day,
    ),
    XSD.dateTime: _space(
        rf"{_DATE}T{_TIME}{_ZONE}?",
        "AAAA-MM-JJThh:mm:ss, fuseau horaire facultatif (par exemple 2016-03-15T09:30:00+01:00)",
        "YYYY-MM-DDThh:mm:ss, time zone optional (for example 2016-03-15T09:30:00+01:00)",
        _real_day,
    ),
    XSD.dateTimeStamp: _space(
        rf"{_DATE}T{_TIME}{_ZONE}",
        "AAAA-MM-JJThh:mm:ss suivi du fuseau horaire (par exemple 2016-03-15T09:30:00+01:00)",
        "YYYY-MM-DDThh:mm:ss followed by the time zone (for example 2016-03-15T09:30:00+01:00)",
        _real_day,
    ),
    XSD.gYear: _space(
        rf"{_YEAR}{_ZONE}?",
        "AAAA, l'année seule (par exemple 2016)",
        "YYYY, the year alone (for example 2016)",
    ),
    XSD.gYearMonth: _space(
        rf"{_YEAR}-{_MONTH}{_ZONE}?",
        "AAAA-MM, l'année et le mois (par exemple 2016-03)",
        "YYYY-MM, the year and month (for example 2016-03)",
    ),
    XSD.integer: _space(
        _INTEGER,
        "des chiffres seuls, sans espace ni séparateur (par exemple 6799)",
        "digits only, without spaces or separators (for example 6799)",
    ),
    XSD.nonNegativeInteger: _space(
        r"\+?[0-9]+|-0+",
        "un entier positif ou nul, en chiffres seuls (par exemple 12)",
        "a non-negative integer, digits only (for example 12)",
    ),
    XSD.positiveInteger: _space(
        r"\+?0*[1-9][0-9]*",
        "un entier à partir de 1, en chiffres seuls (par exemple 12)",
        "an integer from 1, digits only (for example 12)",
    ),
    XSD.decimal: _space(
        _DECIMAL,
        "un nombre avec un point décimal, sans espace (par exemple 12.5)",
        "a number with a decimal point, without spaces (for example 12.5)",
    ),
    XSD.double: _space(
        rf"{_DECIMAL}(?:[Ee][+-]?[0-9]+)?|[+-]?INF|NaN",
        "un nombre, avec un point décimal et un exposant facultatifs (par exemple 1.5E3)",
        "a number, decimal point and exponent optional (for example 1.5E3)",
    ),
    XSD.boolean: _space(r"true|false|1|0", "true ou false", "true or false"),
}
LEXICAL_SPACES[XSD.float] = LEXICAL_SPACES[XSD.double]


def well_formed(literal: Literal) -> bool:
    """False when the literal's datatype is one we read and its lexical form is outside it.

    >>> well_formed(Literal("2016-02-29", datatype=XSD.date))
    True
    >>> well_formed(Literal("20x6", datatype=XSD.gYear))
    False
    """
    space = LEXICAL_SPACES.get(literal.datatype) if literal.datatype else None
    if space is None:
        return True
    found = space.pattern.fullmatch(str(literal))
    return found is not None and space.check(found)


def ill_typed_results(submission: Iterable[tuple[Node, Node, Node]], shapes: Graph) -> list[Result]:
    """A Violation for each ill-typed literal of the submission (a graph or its triples)."""
    return [
        _ill_typed(shapes, subject, predicate, value)
        for subject, predicate, value in submission
        if isinstance(value, Literal) and isinstance(predicate, URIRef) and not well_formed(value)
    ]


def _ill_typed(shapes: Graph, subject: Node, predicate: URIRef, value: Literal) -> Result:
    datatype = URIRef(str(value.datatype))
    space = LEXICAL_SPACES[datatype]
    names = shapes.namespace_manager
    kind, path, lexical = names.normalizeUri(datatype), names.normalizeUri(predicate), str(value)
    return Result(
        focus=subject,
        path=predicate,
        value=value,
        severity="Violation",
        messages={
            "fr": f"« {lexical} » n'est pas une valeur {kind} valide ({path}) : "
            f"attendu {space.expected_fr}.",
            "en": f'"{lexical}" is not a valid {kind} ({path}): expected {space.expected_en}.',
        },
        shape=_shape(shapes, predicate, datatype),
        component=SH.DatatypeConstraintComponent,
    )


def _shape(shapes: Graph, path: URIRef, datatype: URIRef) -> Node:
    """The property shape that names this datatype for this path, else the generic shape."""
    for shape in sorted(shapes.subjects(SH.path, path), key=str):
        if (shape, SH.datatype, datatype) in shapes:
            return shape
    return WELL_FORMED_SHAPE


class QuietConversions(logging.Filter):
    """Drops rdflib's traceback for a lexical form it cannot convert: the report tells it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for rdflib's conversion failures, True for everything else."""
        return not str(record.msg).startswith("Failed to convert Literal lexical form")


def _install() -> None:
    logger = logging.getLogger("rdflib.term")
    if not any(isinstance(f, QuietConversions) for f in logger.filters):
        logger.addFilter(QuietConversions())


_install()


@contextmanager
def as_written() -> Iterator[None]:
    """While a submission is read: literals kept as written, without rdflib's warnings.

    rdflib normalises a literal's lexical form by default, and so rewrites the ill-typed
    ``"oui"^^xsd:boolean`` as ``"false"`` (with a warning): the report could not quote what
    the steward wrote. Both switches are process-wide; submissions are read in the validation
    workers and the CLI, one at a time.
    """
    normalise = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Parsing weird boolean", UserWarning)
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = normalise
