"""Names reduced to what a reader means: no case, accents, hyphens, apostrophes or articles
(the keys are made by :func:`coopgraph.languages.normalise`, which validation shares).

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

from coopgraph.languages import normalise, strip_accents, words

__all__ = ["normalise", "split_qualifier", "strip_accents", "words"]


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
