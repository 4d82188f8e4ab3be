"""Excerpts: the first words of a moment, as plain text, for the listing pages."""

from __future__ import annotations

import pytest
from casebook.markup import excerpt


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("A short text.", 30, "A short text."),
        ("One *two* [three](case:x) `four` <b>five</b> six", 5, "One two three four <b>five</b>…"),
        ("wor*ld* and [](case:x) more", 3, "world and more"),
        ("First paragraph.\n\n- a list\n- item", 4, "First paragraph. a list…"),
        ("Ends a sentence. Then more", 3, "Ends a sentence…"),
        ("Lines\nbreak here", 3, "Lines break here"),
    ],
)
def test_excerpt_keeps_words_drops_markup(text: str, words: int, expected: str) -> None:
    assert excerpt(text, words) == expected
