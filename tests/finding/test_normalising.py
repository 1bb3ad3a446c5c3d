"""Names reduced to keys: case, accents, hyphens, apostrophes and articles do not count."""

from __future__ import annotations

import pytest

from coopgraph.finding.normalising import normalise, split_qualifier, strip_accents, words


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("grande synthe", "Grande-Synthe"),
        ("GRANDE-SYNTHE", "Grande-Synthe"),
        ("Le Mene", "Le Mené"),
        ("mene", "Le Mené"),
        ("ile d'yeu", "L'Île-d'Yeu"),
        ("St Omer", "Saint-Omer"),
        ("Ste Marie aux Mines", "Sainte-Marie-aux-Mines"),
        ("coeur de foret", "Cœur-de-Forêt"),
        ("  loos   en  gohelle ", "Loos-en-Gohelle"),
    ],
    ids=lambda value: value,
)
def test_spellings_of_one_name_share_a_key(typed: str, name: str) -> None:
    assert normalise(typed) == normalise(name)


def test_different_names_keep_different_keys() -> None:
    assert normalise("Lens") != normalise("Lens-Lestang")
    assert normalise("Loos") != normalise("Loos-en-Gohelle")


def test_a_name_made_only_of_articles_keeps_them() -> None:
    assert words("Les") == ["les"]
    assert normalise("La") == "la"


def test_accents_go_and_ligatures_open() -> None:
    assert strip_accents("Œuvre ÉCOLOGIQUE") == "oeuvre ecologique"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lens (62)", ("Lens", "62")),
        ("Lens(Pas-de-Calais)", ("Lens", "Pas-de-Calais")),
        ("Lens", ("Lens", None)),
        ("(62)", ("(62)", None)),
    ],
)
def test_a_trailing_qualifier_is_read_apart(text: str, expected: tuple[str, str | None]) -> None:
    assert split_qualifier(text) == expected
