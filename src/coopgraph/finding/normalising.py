"""Names reduced to what a reader means: no case, accents, hyphens, apostrophes or articles.

Two spellings of one name give one key, so that "grande synthe" finds Grande-Synthe and
"Le Mene" finds Le Mené:

>>> normalise("Grande-Synthe") == normalise("grande synthe")
True
>>> normalise("Le Mené")
'mene'
>>> normalise("L'Île-d'Yeu")
'ile d yeu'
>>> normalise("St-Omer")
'saint omer'
>>> split_qualifier("Lens (62)")
('Lens', '62')
>>> split_qualifier("Lens")
('Lens', None)
"""

from __future__ import annotations

import re
import unicodedata

ARTICLES = frozenset({"le", "la", "les", "l", "the"})
"""Words left out of every key: "Le Mené" and "Mené" are one name."""
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
"""Short forms of French place names, written out."""
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    """``text`` without its combining marks (é -> e, œ -> oe), case folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")


def words(text: str) -> list[str]:
    """The words of ``text`` as keys know them: plain letters and digits, articles left out."""
    found = [word for word in _SEPARATORS.split(strip_accents(text)) if word]
    kept = [word for word in found if word not in ARTICLES] or found  # "Les" alone stays
    return [ABBREVIATIONS.get(word, word) for word in kept]


def normalise(text: str) -> str:
    """The key of a name: its :func:`words` joined by single spaces."""
    return " ".join(words(text))


def split_qualifier(text: str) -> tuple[str, str | None]:
    """A name and what its trailing parentheses say ("Lens (62)": a département), if any."""
    text = text.strip()
    opening = text.rfind("(")
    if not text.endswith(")") or opening <= 0:
        return text, None
    name, qualifier = text[:opening].strip(), text[opening + 1 : -1].strip()
    if not name or not qualifier or ")" in qualifier:
        return text, None
    return name, qualifier
