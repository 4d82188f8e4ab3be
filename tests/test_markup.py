"""Excerpts for the listing pages, and the short cut that plain case text takes past the Markdown parser."""

from __future__ import annotations

import pytest
from casebook import markup
from casebook.markup import excerpt
from hypothesis import example, given, settings
from hypothesis import strategies as st


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


# Plain text skips the Markdown parser; these check that the parser would have said the same.
PIECES = st.sampled_from([
    "word", "Parola", "è", "l'ora", "1999", "-", "+", "1.", "2)", ".", ",", ":", "!", "?", '"', "'", "#",
    ">", "=", "~", "(", ")", " ", "  ", "   ", "    ", "\n", "\n\n", "\n  \n", "  \n", " \n", "\t", "\u00a0",
    "\u2028", "\x0b", "\r", "\r\n", "\x00", "*", "_", "[", "]", "`", "<", "&", "&amp;", "&#42;", "\\", "- ",
    "* ", "1. ", "10) ", "[x](case:a)", "*em*",
])  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=24).map("".join)
FUZZ = settings(max_examples=400, deadline=None)


@FUZZ
@given(text=TEXTS)
@example(text="")
@example(text=" \n\n ")
@example(text="  lead\n   indented\ntrail  ")
@example(text="one\n\n\n  two  \nthree ")
@example(text="- not plain")
@example(text="a\u00a0b")
def test_plain_text_renders_as_the_parser_renders_it(text: str) -> None:
    parser = markup._parser()
    parsed = parser.renderer.render(parser.parse(text), parser.options, {})
    if markup._is_plain(text):
        assert parser.renderer.render(markup._plain_tokens(text), parser.options, {}) == parsed


@FUZZ
@given(text=TEXTS, wanted=st.integers(min_value=1, max_value=8))
@example(text="one two *three* four", wanted=2)
@example(text="one two [three](case:x)", wanted=3)
@example(text="one\n- two three", wanted=1)
def test_the_first_words_are_those_the_parser_finds(text: str, wanted: int) -> None:
    words, parsed = markup._first_words(text, wanted), markup._parsed_words(text)
    assert words[:wanted] == parsed[:wanted]
    assert len(words) >= wanted or words == parsed
