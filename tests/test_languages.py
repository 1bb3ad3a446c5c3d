"""fr and en: the Accept-Language choice and the interface words of messages/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coopgraph.languages import LANGUAGES, Words, interface_words, pick_language, word_book

MESSAGES = Path(__file__).resolve().parents[1] / "src" / "coopgraph" / "messages"


@pytest.mark.parametrize(
    ("header", "requested", "expected"),
    [
        (None, None, "fr"),
        ("", None, "fr"),
        ("en-GB,en;q=0.9,fr;q=0.5", None, "en"),
        ("fr;q=0.4, en;q=0.8", None, "en"),
        ("de-DE", None, "en"),
        ("en;q=nonsense, fr", None, "fr"),
        ("en", "fr", "fr"),
        ("fr", "de", "fr"),
    ],
    ids=["none", "empty", "english", "qualities", "neither", "bad-quality", "asked", "bad-ask"],
)
def test_pick_language(header: str | None, requested: str | None, expected: str) -> None:
    assert pick_language(header, requested) == expected


@pytest.mark.parametrize("book", ["pages", "reports", "form"])
def test_every_word_is_in_every_language(book: str) -> None:
    words = json.loads((MESSAGES / f"{book}.json").read_text(encoding="utf-8"))
    assert words
    for key, texts in words.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key


def test_the_words_of_one_language() -> None:
    english = interface_words("reports", "en")
    assert isinstance(english, Words)
    assert english["title"] == "Validation report"
    assert english.title == "Validation report"  # as a template reads it
    assert interface_words("pages", "fr").home == "Accueil"
    assert interface_words("form", "en")["limit"].format(limit=10) == (
        "Largest submission: 10 bytes in all."
    )
    with pytest.raises(AttributeError):
        english.no_such_word  # noqa: B018


def test_each_book_is_read_once() -> None:
    assert word_book("pages") is word_book("pages")
    assert interface_words("pages", "en") is not interface_words("pages", "en")  # a fresh copy
