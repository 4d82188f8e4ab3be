"""Interface labels and locale-aware formatting of dates, numbers and names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent

from casebook.errors import CasebookError, Problem
from casebook.loader.yaml_reader import read_yaml
from casebook.model import PartialDate
from casebook.resources import DATA_DIR


@dataclass(frozen=True)
class Language:
    """A language of the site and where its pages live."""

    code: str
    name: str
    #: Folder of this language's pages: "" for the default language, "it/" for Italian.
    prefix: str


@dataclass(frozen=True)
class Labels:
    """Every interface string of the generated pages, in every language."""

    languages: tuple[Language, ...]
    #: Each label's text by language: a string, or for a count its CLDR plural forms
    #: (``one``, ``other``...), which ``n`` chooses from.
    strings: dict[str, dict[str, str | dict[str, str]]]

    @property
    def default(self) -> Language:
        """The language served at the site root."""
        return self.languages[0]

    def language(self, code: str) -> Language:
        """Return the language with ``code``."""
        return next(language for language in self.languages if language.code == code)

    def language_of(self, path: str) -> Language:
        """Return the language of a source path or URL: ``it/...`` is Italian."""
        for language in self.languages:
            if language.prefix and path.startswith(language.prefix):
                return language
        return self.default

    def counterpart(self, path: str, target: Language) -> str:
        """Return the path of the same page in the ``target`` language."""
        return target.prefix + path.removeprefix(self.language_of(path).prefix)

    def t(self, key: str, lang: str, **values: Any) -> str:
        """Return the label ``key`` in ``lang``, with ``{name}`` placeholders filled in."""
        text = self._text(key, lang)
        if not isinstance(text, str):
            raise KeyError(f"label '{key}' has plural forms: give it a count with n()")
        return text.format(**values) if values else text

    def n(self, key: str, lang: str, count: int, **values: Any) -> str:
        """Return the label ``key`` in the plural form of ``count`` in ``lang``.

        ``{count}`` is the count formatted for the language (1,000 or 1.000); the form
        follows the language's CLDR plural rules (Babel): "1 case", "0 cases", "1 caso", "2 casi".
        """
        forms = self._text(key, lang)
        if isinstance(forms, str):
            raise KeyError(f"label '{key}' needs plural forms (one, other) in data/labels.yaml")
        text = forms.get(plural_form(count, lang), forms["other"])
        return text.format(count=format_number(count, lang), **values)

    def _text(self, key: str, lang: str) -> str | dict[str, str]:
        try:
            return self.strings[key][lang]
        except KeyError:
            raise KeyError(f"no label '{key}' in '{lang}' in data/labels.yaml") from None


@cache
def load_labels(path: Path = DATA_DIR / "labels.yaml") -> Labels:
    """Read the languages and interface labels from ``data/labels.yaml``."""
    document, problems = read_yaml(path, str(path))
    if document is None or problems:
        raise CasebookError(problems)
    data = document.data
    languages = tuple(
        Language(entry["code"], entry["name"], "" if index == 0 else f"{entry['code']}/")
        for index, entry in enumerate(data["languages"])
    )
    codes = [language.code for language in languages]
    # Every label needs exactly the site's languages, as text: an unquoted comma in a
    # YAML flow mapping would otherwise cut a label short without a word.
    wrong = [
        Problem(
            str(path),
            *document.position(("labels", key)),
            f"labels.{key}",
            f"needs text for exactly these languages: {', '.join(codes)}",
            "quote labels that contain a comma; a count's label gives plural forms {one: ..., other: ...}",
        )
        for key, texts in data["labels"].items()
        if not isinstance(texts, dict)
        or sorted(texts) != sorted(codes)
        or not all(_valid_text(text) for text in texts.values())
        or len({isinstance(text, str) for text in texts.values()}) > 1
    ]
    if wrong:
        raise CasebookError(wrong)
    return Labels(languages, data["labels"])


#: The CLDR plural categories a label may give forms for.
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})


def _valid_text(text: object) -> bool:
    """A label's text: a non-empty string, or plural forms with at least ``other``."""
    if isinstance(text, str):
        return bool(text)
    return (
        isinstance(text, dict)
        and "other" in text
        and set(text) <= PLURAL_FORMS
        and all(isinstance(form, str) and form for form in text.values())
    )


def plural_form(count: int, lang: str) -> str:
    """The CLDR plural category of ``count`` in ``lang``: "one" for 1 in English and Italian."""
    return str(_locale(lang).plural_form(count))


# Babel parses the locale and the pattern on every call, and pages show the same dates and
# counts again and again, so the Babel calls are cached. The public functions stay uncached
# wrappers: a cached function accepts any hashable arguments as far as mypy can tell.


def format_partial_date(date: PartialDate, lang: str, unknown: str) -> str:
    """Format a date with the precision it has, e.g. "March 2016" or "10 marzo 2016"."""
    if date.year is None:
        return unknown
    return _format_known_date(date, lang)


@lru_cache(maxsize=8192)
def _format_known_date(date: PartialDate, lang: str) -> str:
    if date.month is None:
        return str(date.year)
    earliest = date.earliest()
    assert earliest is not None
    if date.day is None:
        return format_skeleton("yMMMM", earliest, locale=lang)
    return format_date(earliest, "long", locale=lang)


def format_number(number: int, lang: str) -> str:
    """Format a count with the language's digit grouping, e.g. 1,000 or 1.000."""
    return _format_number(number, lang)


@lru_cache(maxsize=8192)
def _format_number(number: int, lang: str) -> str:
    return format_decimal(number, locale=lang)


def format_share(ratio: float, lang: str) -> str:
    """Format a share (0 to 1) as a whole percentage in the language's style, e.g. "42%"."""
    return _format_share(ratio, lang)


@lru_cache(maxsize=1024)
def _format_share(ratio: float, lang: str) -> str:
    return format_percent(ratio, "#,##0%", locale=lang)


def country_name(code: str, lang: str) -> str:
    """Return the name of an ISO country code in ``lang``, e.g. GB -> "Regno Unito"."""
    return str(_locale(lang).territories.get(code, code))


def language_name(code: str, lang: str) -> str:
    """Return the name of a language in ``lang``, e.g. en -> "inglese"."""
    return str(_locale(lang).languages.get(code, code))


@cache
def _locale(lang: str) -> Locale:
    # A site has two languages: one Locale each, instead of one per name looked up.
    return Locale(lang)
