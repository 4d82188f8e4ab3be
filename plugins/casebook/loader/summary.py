"""What ``casebook check`` says of a valid library as a whole: its size and its reach.

Editors watch these numbers (cases, originals per language, countries, sectors) and the
translations still waiting for their second reader.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from casebook.errors import counted
from casebook.loader.case_file import english_name
from casebook.model import Case
from casebook.model.workshop import Workshop


def library_summary(
    cases: Iterable[Case], languages: Iterable[str], workshops: Iterable[Workshop] = ()
) -> str:
    """One line: cases (by original language), countries, sectors, and the translations of
    cases and workshops by status.

    >>> library_summary([], ["en", "it"])
    'Library: 0 cases; 0 countries, 0 sectors; translations: 0 reviewed, 0 drafts, 0 missing.'
    """
    cases, languages = list(cases), list(languages)
    originals = Counter(case.language for case in cases)
    translated: list[Case | Workshop] = [*cases, *workshops]
    statuses = Counter(
        item.translation_status(lang) for item in translated for lang in languages if lang != item.language
    )
    by_language = ", ".join(
        f"{count} written in {english_name(lang)}" for lang, count in sorted(originals.items())
    )
    return (
        f"Library: {counted(len(cases), 'case', 'cases')}"
        + (f" ({by_language})" if by_language else "")
        + f"; {counted(len({c.country for c in cases if c.country}), 'country', 'countries')}"
        + f", {counted(len({c.sector for c in cases if c.sector}), 'sector', 'sectors')}"
        + f"; translations: {statuses['reviewed']} reviewed, "
        + f"{counted(statuses['draft'], 'draft', 'drafts')}, {statuses['missing']} missing."
    )
