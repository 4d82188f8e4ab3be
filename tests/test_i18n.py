"""Dates, numbers and names come out the same in each language, from Babel or from the cache.

Each value is formatted twice: the second answer comes from the cache. The same value
comes first in English, then in Italian, so a cache that ignored the language would fail.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from casebook.i18n import country_name, format_number, format_partial_date, language_name
from casebook.model import PartialDate


@pytest.mark.parametrize(
    ("date", "lang", "expected"),
    [
        (PartialDate(), "en", "unknown"),
        (PartialDate(2016), "en", "2016"),
        (PartialDate(2016, 3), "en", "March 2016"),
        (PartialDate(2016, 3), "it", "marzo 2016"),
        (PartialDate(2016, 3, 10), "en", "March 10, 2016"),
        (PartialDate(2016, 3, 10), "it", "10 marzo 2016"),
    ],
)
def test_dates_show_their_precision_every_time(date: PartialDate, lang: str, expected: str) -> None:
    assert format_partial_date(date, lang, "unknown") == expected
    assert format_partial_date(date, lang, "unknown") == expected


def test_an_unknown_date_shows_the_label_it_is_given() -> None:
    assert format_partial_date(PartialDate(), "it", "sconosciuta") == "sconosciuta"
    assert format_partial_date(PartialDate(), "it", "ignota") == "ignota"


@pytest.mark.parametrize(
    ("number", "lang", "expected"),
    [(7, "en", "7"), (1000, "en", "1,000"), (1000, "it", "1.000"), (1234567, "it", "1.234.567")],
)
def test_numbers_are_grouped_every_time(number: int, lang: str, expected: str) -> None:
    assert format_number(number, lang) == expected
    assert format_number(number, lang) == expected


@pytest.mark.parametrize(
    ("name", "code", "lang", "expected"),
    [
        (country_name, "GB", "en", "United Kingdom"),
        (country_name, "GB", "it", "Regno Unito"),
        (language_name, "it", "en", "Italian"),
        (language_name, "it", "it", "italiano"),
    ],
)
def test_names_are_translated_every_time(
    name: Callable[[str, str], str], code: str, lang: str, expected: str
) -> None:
    assert name(code, lang) == expected
    assert name(code, lang) == expected
