"""Machine-readable views of the library: ``cases.json``, the published schema, Atom feeds."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING, Any

from casebook.model import Case
from casebook.pages import urls
from casebook.pages.context import PageContext
from casebook.pages.memo import remembered
from casebook.pages.values import GeneratedPage
from casebook.resources import SCHEMA_DIR

if TYPE_CHECKING:
    from casebook.pages.site import Site

#: Where the case schema is published on the site; a stable address for editors and tools.
SCHEMA_PATH = "schemas/case.schema.json"
FEED = "feed.xml"
#: How many of the newest cases each feed lists.
FEED_SIZE = 30


def _case_record(site: Site, case: Case) -> dict[str, Any]:
    pages = {
        language.code: PageContext(site, language.code, urls.case_page(case.id))
        for language in site.labels.languages
    }
    by_lang = pages.items()

    def localized(text: Any) -> dict[str, str]:
        return {lang: page.plain(text, case) for lang, page in by_lang}

    def label(kind: str, term_id: str) -> dict[str, str]:
        return {lang: page.label(kind, term_id) for lang, page in by_lang}

    return {
        "id": case.id,
        "number": case.number,
        "code": next(iter(pages.values())).case_number(case),
        "old_ids": list(case.old_ids),
        "urls": {lang: page.permanent_url(urls.case_page(case.id)) for lang, page in by_lang},
        "title": localized(case.title),
        "summary": localized(case.summary),
        "disputed": localized(case.disputed) if case.disputed is not None else None,
        "language": case.language,
        "translations": {lang: case.translation_status(lang) for lang in pages},
        # The fields of a reviewed translation whose original changed since the review.
        "stale": {lang: list(case.stale_fields(lang)) for lang in pages if case.stale_fields(lang)},
        "company": {"id": case.company.id, "name": case.company.name, "market": case.company.market or None},
        "country": case.country or None,
        "sector": {"id": case.sector, "label": label("sectors", case.sector)} if case.sector else None,
        "when": case.when.iso(),
        "published": case.published.iso(),
        "outcome": {"id": case.outcome, "label": label("case_outcomes", case.outcome)},
        "moments": [
            {
                "stage": {"id": moment.stage, "label": label("stages", moment.stage)},
                "touchpoint": {"id": moment.touchpoint, "label": label("touchpoints", moment.touchpoint)},
                "outcome": {"id": moment.outcome, "label": label("outcomes", moment.outcome)},
                "text": localized(moment.text),
            }
            for moment in case.moments
        ],
        "tags": [{"id": tag, "label": label("tags", tag)} for tag in case.tags],
        "related": list(case.related),
        "sources": [
            {
                "title": localized(source.title),
                "kind": source.kind or None,
                "author": source.author or None,
                "publisher": source.publisher or None,
                "language": source.language,
                "date": source.date.iso() if source.date.known else None,
                "url": source.url or None,
            }
            for source in case.sources
        ],
    }


def _case_json(site: Site, case: Case) -> str:
    return json.dumps(_case_record(site, case), ensure_ascii=False)


def render_exports(site: Site) -> list[GeneratedPage]:
    """Render ``cases.json``, the published case schema and one Atom feed per language."""
    default = site.labels.default.code
    # Each record is kept as JSON text, so that after an edit a dev server encodes one case.
    records = [
        remembered(site.memo, f"record:{case.id}", case, partial(_case_json, site, case))
        for case in sorted(site.index.cases, key=lambda case: case.number)
    ]
    head = json.dumps({"schema": SCHEMA_PATH, "count": len(records)}, ensure_ascii=False)
    # The same text as json.dumps of {"schema": ..., "count": ..., "cases": [...]}.
    text = f'{head[:-1]}, "cases": [{", ".join(records)}]}}\n'
    pages = [
        GeneratedPage("cases.json", default, text),
        GeneratedPage(SCHEMA_PATH, default, (SCHEMA_DIR / "case.schema.json").read_text(encoding="utf-8")),
    ]
    for language in site.labels.languages:
        page = PageContext(site, language.code, FEED)
        xml = site.env.get_template("feed.xml.j2").render(
            page=page, site=site, urls=urls, cases=site.index.newest(FEED_SIZE)
        )
        pages.append(GeneratedPage(language.prefix + FEED, language.code, xml))
    return pages
