"""The languages of coopgraph's interface, French first, and its words in each.

The words live in ``messages/``, one file per audience: ``pages.json`` (the HTML pages and
documentation), ``reports.json`` (validation reports), ``form.json`` (the validation form),
``workspace.json`` (the steward's workspace at /steward).

>>> pick_language("en-GB,en;q=0.9,fr;q=0.5", None)
'en'
>>> pick_language(None, None)
'fr'
>>> interface_words("reports", "en")["title"]
'Validation report'

Names are also compared as a reader means them (``normalise``: no case, accents, hyphens,
apostrophes or articles), by the search index and by validation's suggestions:

>>> normalise("Grande-Synthe") == normalise("grande synthe")
True
>>> normalise("L'Île-d'Yeu")
'ile d yeu'
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Literal

LANGUAGES: tuple[str, ...] = ("fr", "en")
"""The languages of pages, reports and labels; French first, the project's language."""

WordBook = Literal["pages", "reports", "form", "workspace"]
"""A file of interface words in ``messages/``."""

_MESSAGES = Path(__file__).parent / "messages"


class Words(dict[str, str]):
    """The interface's words in one language; ``t.title`` in a template reads ``t["title"]``.

    Jinja tries an attribute before an item: found as an attribute, a word costs no caught
    AttributeError (a page reads dozens).
    """

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@cache
def word_book(book: WordBook) -> dict[str, dict[str, str]]:
    """Every word of one file of ``messages/``, by key, then by language."""
    path = _MESSAGES / f"{book}.json"
    loaded: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def interface_words(book: WordBook, lang: str) -> Words:
    """The words of one file of ``messages/`` in ``lang``."""
    return Words({key: texts[lang] for key, texts in word_book(book).items()})


def pick_language(accept_language: str | None, requested: str | None) -> str:
    """``?lang=`` when it is fr or en, else Accept-Language's choice; French by default.

    A header naming neither French nor English gets English, the wider second language.
    """
    if requested in LANGUAGES:
        return requested
    if not accept_language:
        return LANGUAGES[0]
    best, best_quality = "en", 0.0
    for part in accept_language.split(","):
        tag, _, parameters = part.partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = _quality(parameters)
        if primary in LANGUAGES and quality > best_quality:
            best, best_quality = primary, quality
    return best


def _quality(parameters: str) -> float:
    name, _, number = parameters.strip().partition("=")
    if name.strip() != "q":
        return 1.0
    try:
        return float(number)
    except ValueError:
        return 0.0


ARTICLES = frozenset({"le", "la", "les", "l", "the"})
"""Words left out of every name key: "Le Mené" and "Mené" are one name."""
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
"""Short forms of French place names, written out."""
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    """``text`` without its combining marks (é -> e, œ -> oe), case folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")


def words(text: str) -> list[str]:
    """The words of ``text`` as name keys know them: plain letters and digits, no articles."""
    found = [word for word in _SEPARATORS.split(strip_accents(text)) if word]
    kept = [word for word in found if word not in ARTICLES] or found  # "Les" alone stays
    return [ABBREVIATIONS.get(word, word) for word in kept]


def normalise(text: str) -> str:
    """The key of a name: its :func:`words` joined by single spaces."""
    return " ".join(words(text))
