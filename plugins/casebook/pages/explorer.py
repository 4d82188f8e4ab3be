"""The case explorer's own data: what each case can be filtered by, and a card per case.

The explorer (``explore/``) filters and counts in the browser from one small file,
``explore/facets.json``: Pagefind's filter indexes, which it used before, made the first
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

#: The explorer's data, the same in every language (option ids, not labels).
FACETS_PATH = "explore/facets.json"
#: Folder of the cards, below each language's folder.
CARDS_DIR = "explore/cards/"
#: The Pagefind filter that names a case page's case, by its number.
CASE_FILTER = "case"
#: Filters a case matches as a whole, and those one of its moments must match together.
CASE_FACETS = ("outcome", "sector", "company", "country", "year", "language", "tag")
MOMENT_FACETS = ("stage", "touchpoint", "moment")

_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def card_path(prefix: str, number: int) -> str:
    """Where the card of case ``number`` is, for the language of folder ``prefix``."""
    return f"{prefix}{CARDS_DIR}{number}.json"


def _case_values(case: Case) -> dict[str, list[str]]:
    """The option ids of each case-level filter that ``case`` has (as in the explorer's address)."""
    return {
        "outcome": [case.outcome],
        "sector": [case.sector] if case.sector else [],
        "company": [case.company.id],
        "country": [case.country] if case.country else [],
        "year": [str(case.when.year)] if case.when.year is not None else [],
        "language": [case.language],
        "tag": list(dict.fromkeys(case.tags)),
    }


def facet_index(site: Site) -> dict[str, Any]:
    """What the explorer filters and counts by, for every case, newest first.

    ``values`` lists each filter's option ids; ``cases`` has one column per filter, each
    case's entry being the positions of its values in that list (a list, since a case can
    have several topics, and none of an unknown sector). ``moments`` gives each moment
    as one number, ``(stage × touchpoints + touchpoint) × outcomes + outcome``, so that a
    case matches moment filters only through a moment that matches all of them.
    ``dated`` is how many cases, from the first, have a known date (the rest come last).
    """
    ordered = site.index.latest_first()
    per_case = [_case_values(case) for case in ordered]
    values: dict[str, list[str]] = {
        "stage": list(site.taxonomy.kind("stages")),
        "touchpoint": list(site.taxonomy.kind("touchpoints")),
        "moment": list(site.taxonomy.kind("outcomes")),
    }
    for key in CASE_FACETS:
        values[key] = sorted({value for case_values in per_case for value in case_values[key]})
    position = {key: {value: index for index, value in enumerate(ids)} for key, ids in values.items()}
    touchpoints, outcomes = len(values["touchpoint"]), len(values["moment"])
    columns: dict[str, list[Any]] = {"case": [case.number for case in ordered]}
    for key in CASE_FACETS:
        columns[key] = [[position[key][value] for value in case_values[key]] for case_values in per_case]
    columns["moments"] = [
        [
            (position["stage"][moment.stage] * touchpoints + position["touchpoint"][moment.touchpoint])
            * outcomes
            + position["moment"][moment.outcome]
            for moment in case.moments
        ]
        for case in ordered
    ]
    dated = sum(case.when.year is not None for case in ordered)
    return {"values": values, "dated": dated, "cases": columns}


def _card(site: Site, case: Case, lang: str) -> str:
    """A case as the explorer shows it without words, with the fields Pagefind gives its results."""
    page = PageContext(site, lang, urls.case_page(case.id))
    meta = {
        "title": page.plain(case.title, case),
        "company": case.company.name,
        "year": str(case.when.year) if case.when.known else page.t("date.unknown"),
        "outcome": page.case_outcome(case),
        "outcome_id": case.outcome,
        "strip": page.case_strip(case),
        "summary": excerpt(page.plain(case.summary, case), EXCERPT_WORDS),
    }
    return _json({"url": urls.page_url(urls.case_page(case.id), site.options.use_directory_urls), "meta": meta})


def render_explorer_data(site: Site) -> list[GeneratedPage]:
    """Render the explorer's ``explore/facets.json`` and every case's card in every language."""
    default = site.labels.default.code
    pages = [GeneratedPage(FACETS_PATH, default, _json(facet_index(site)) + "\n")]
    for language in site.labels.languages:
        for case in site.index.cases:
            make = partial(_card, site, case, language.code)
            text = remembered(site.memo, f"card:{language.code}:{case.id}", case, make)
            pages.append(GeneratedPage(card_path(language.prefix, case.number), language.code, text))
    return pages

