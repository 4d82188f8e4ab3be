"""The case explorer's own data: what each case can be filtered by, and a card per case.

The explorer (``explore/``) filters and counts in the browser from small files of its
own, in ``explore/facets/``: Pagefind's filter indexes, which it used before, made the first
query load every filter's index (430 KiB at 5,000 cases), and a moment filter could be
satisfied by one moment and another filter by another. Pagefind is still asked for the
words; each case page gives it one filter, the case number (:data:`CASE_FILTER`), so
that the explorer can tell which of its cases a query found and show their passages.

Without words the explorer needs no Pagefind at all: it shows each case from its card,
``<language>/explore/cards/<number>.json``: a Pagefind query without words loads the
whole word index.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from casebook.markup import excerpt
from casebook.model import Case
from casebook.pages import urls
from casebook.pages.context import EXCERPT_WORDS, PageContext
from casebook.pages.memo import remembered
from casebook.pages.values import GeneratedPage

if TYPE_CHECKING:
    from casebook.pages.site import Site

#: Folder of the explorer's data, the same in every language (option ids, not labels):
#: ``index.json`` (every case's number and moments), ``order.json`` (by date) and one file
#: per filter of the whole case, which the explorer loads when that filter is open or used.
FACETS_DIR = "explore/facets/"
#: Folder of the cards, below each language's folder.
CARDS_DIR = "explore/cards/"
#: The Pagefind filter that names a case page's case, by its number.
CASE_FILTER = "case"
#: Filters a case matches as a whole.
CASE_FACETS = ("outcome", "sector", "company", "country", "year", "language", "tag", "translation")
#: The states of a translation the explorer filters by, in the order it lists them: ``stale``
#: is a reviewed translation with a field whose original changed since the review.
TRANSLATION_STATES = ("reviewed", "stale", "draft", "missing")
#: Filters that one and the same moment of a case must all match.
MOMENT_FACETS = ("stage", "touchpoint", "moment", "cell")
#: A moment as one number: mixed-radix over these filters' option positions, the first the
#: most significant.
MOMENT_CODE = ("stage", "touchpoint", "moment")
#: A journey-map cell: the pair of moment filters it crosses (its id is "<stage>/<touchpoint>").
CELL = ("stage", "touchpoint")
#: The fields a case result and a card show, in order, each as (field, the field whose
#: value, as a class name, styles it).
CARD_FIELDS = (("company", None), ("year", None), ("outcome", "outcome_id"))

_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def card_path(prefix: str, number: int) -> str:
    """Where the card of case ``number`` is, for the language of folder ``prefix``."""
    return f"{prefix}{CARDS_DIR}{number}.json"


def translation_values(case: Case, languages: Sequence[str]) -> list[str]:
    """The state of each translation of ``case`` into ``languages``, as option ids (``it-stale``)."""
    return [
        f"{code}-{'stale' if case.stale_fields(code) else case.translation_status(code)}"
        for code in languages
        if code != case.language
    ]


def _case_values(case: Case, languages: Sequence[str]) -> dict[str, list[str]]:
    """The option ids of each case-level filter that ``case`` has (as in the explorer's address)."""
    return {
        "outcome": [case.outcome],
        "sector": [case.sector] if case.sector else [],
        "company": [case.company.id],
        "country": [case.country] if case.country else [],
        "year": [str(case.when.year)] if case.when.year is not None else [],
        "language": [case.language],
        "tag": list(dict.fromkeys(case.tags)),
        "translation": translation_values(case, languages),
    }


def facts() -> dict[str, Any]:
    """What the explorer's script knows of its data only from the data: its filters, how a
    moment is coded, and the fields a card shows. Sent in ``index.json``."""
    return {
        "case_facets": list(CASE_FACETS),
        "moment_facets": list(MOMENT_FACETS),
        "moment_code": list(MOMENT_CODE),
        "cell": list(CELL),
        "card_fields": [{"key": key, "modifier": modifier} for key, modifier in CARD_FIELDS],
    }


def _moment_code(positions: dict[str, int], sizes: dict[str, int]) -> int:
    """One moment as one number (:data:`MOMENT_CODE`) from its option ``positions``."""
    code = 0
    for key in MOMENT_CODE:
        code = code * sizes[key] + positions[key]
    return code


def facet_files(site: Site) -> dict[str, Any]:
    """The explorer's data files, by path: what it filters and counts by, for every case.

    Cases are in the order of their numbers, each file giving one entry per case.
    ``index.json`` has the numbers (each as the step from the one before), each moment
    as one number (:data:`MOMENT_CODE`, positions in its ``values``), so that a case
    matches the moment filters only through a moment that matches them all, and the
    :func:`facts` the script reads.
    ``<filter>.json`` lists the filter's option ids and, for each case, the positions of
    its options (a list: a case has several topics, and no sector when it is unknown).
    ``order.json`` lists the cases newest first; the first ``dated`` have a known date.
    """
    cases = sorted(site.index.cases, key=lambda case: case.number)
    values = {
        "stage": list(site.taxonomy.kind("stages")),
        "touchpoint": list(site.taxonomy.kind("touchpoints")),
        "moment": list(site.taxonomy.kind("outcomes")),
    }
    at = {key: {value: index for index, value in enumerate(ids)} for key, ids in values.items()}
    sizes = {key: len(ids) for key, ids in values.items()}
    moments = [
        [
            _moment_code(
                {
                    "stage": at["stage"][moment.stage],
                    "touchpoint": at["touchpoint"][moment.touchpoint],
                    "moment": at["moment"][moment.outcome],
                },
                sizes,
            )
            for moment in case.moments
        ]
        for case in cases
    ]
    numbers = [case.number for case in cases]
    # Each number as the step from the one before: mostly 1, which compresses to nothing.
    steps = [number - before for before, number in zip([0, *numbers], numbers, strict=False)]
    files: dict[str, Any] = {
        f"{FACETS_DIR}index.json": {"values": values, "case": steps, "moments": moments, "facts": facts()}
    }
    position = {case.id: index for index, case in enumerate(cases)}
    newest = site.index.latest_first()
    files[f"{FACETS_DIR}order.json"] = {
        "newest": [position[case.id] for case in newest],
        "dated": sum(case.when.year is not None for case in cases),
    }
    languages = [language.code for language in site.labels.languages]
    per_case = [_case_values(case, languages) for case in cases]
    for key in CASE_FACETS:
        ids = sorted({value for case_values in per_case for value in case_values[key]})
        index = {value: number for number, value in enumerate(ids)}
        files[f"{FACETS_DIR}{key}.json"] = {
            "values": ids,
            "cases": [[index[value] for value in case_values[key]] for case_values in per_case],
        }
    return files


def _card(site: Site, case: Case, lang: str) -> str:
    """A case as the explorer shows it without words, with the fields Pagefind gives its results."""
    page = PageContext(site, lang, urls.case_page(case.id))
    meta = {
        "title": page.plain(case.title, case),
        **page.card_meta(case),
        "summary": excerpt(page.plain(case.summary, case), EXCERPT_WORDS),
    }
    return _json(
        {"url": urls.page_url(urls.case_page(case.id), site.options.use_directory_urls), "meta": meta}
    )


def render_explorer_data(site: Site) -> list[GeneratedPage]:
    """Render the explorer's data (:func:`facet_files`) and every case's card in every language."""
    default = site.labels.default.code
    pages = [GeneratedPage(path, default, _json(data) + "\n") for path, data in facet_files(site).items()]
    for language in site.labels.languages:
        for case in site.index.cases:
            make = partial(_card, site, case, language.code)
            text = remembered(site.memo, f"card:{language.code}:{case.id}", case, make)
            pages.append(GeneratedPage(card_path(language.prefix, case.number), language.code, text))
    return pages
