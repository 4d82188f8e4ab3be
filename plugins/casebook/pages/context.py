"""The helpers a page template calls: labels, links, dates, case text and structured data.

One :class:`PageContext` serves one page in one language. It reads the frozen
settings, and the library only to resolve the case links in contributor text:
each such lookup is recorded, so that the render memo knows what the page shows.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import segno
from markupsafe import Markup

from casebook.i18n import country_name, format_number, format_partial_date, format_share, language_name
from casebook.markup import excerpt, render_markdown
from casebook.model import Case, CaseEntry, Localized, PartialDate, Term
from casebook.model.workshop import Workshop
from casebook.pages import urls
from casebook.pages.inert import inert_html, inert_text
from casebook.pages.memo import entry_of, links_unchanged
from casebook.pages.values import AnyCase

if TYPE_CHECKING:
    from casebook.pages.site import Site

#: Prefix of the short case numbers shown on pages and in citations.
CASE_NUMBER_PREFIX = "CX-"
#: How many words of a moment the stage, touchpoint, outcome and cell pages show.
EXCERPT_WORDS = 30
#: Licence of the case texts, named in the structured data of every case.
CASE_LICENCE = "https://creativecommons.org/licenses/by/4.0/"


class PageContext:
    """Helpers for one page in one language: labels, links, dates and case text."""

    def __init__(self, site: Site, lang: str, src_uri: str) -> None:
        #: The frozen settings: all a template may read of the site besides its own values.
        self.site = site.settings
        self.lang = lang
        self.language = site.labels.language(lang)
        # The library, for the links in case text only: each lookup is recorded in
        # ``linked``, so that the render memo knows the page depends on that case.
        self._cases = site.cases
        self._markdown_cache = site.markdown_cache
        self._env = site.env
        self.src_uri = self.language.prefix + src_uri
        #: The cases that links in this page's text resolved to, by id (None: no such case).
        self.linked: dict[str, CaseEntry | None] = {}
        # Every link of a page goes to a page of the same language, so one relative path
        # to that language's root serves them all (posixpath.relpath per link was the
        # slowest part of rendering thousands of pages).
        here = posixpath.dirname(urls.page_url(self.src_uri, site.options.use_directory_urls))
        root = self.language.prefix.rstrip("/") or "."
        up = posixpath.relpath(root, here or ".")
        self.to_root = "" if up == "." else f"{up}/"

    def t(self, key: str, **values: Any) -> str:
        """Interface label in this page's language."""
        return self.site.labels.t(key, self.lang, **values)

    def markdown(self, key: str, **values: Any) -> Markup:
        """An interface label written in Markdown (trusted), with ``values`` put in as inert text."""
        return Markup(self.t(key, **{name: inert_text(value) for name, value in values.items()}))

    def n(self, key: str, count: int, **values: Any) -> str:
        """Interface label in the plural form of ``count`` ("1 case", "2 cases"), in this page's language."""
        return self.site.labels.n(key, self.lang, count, **values)

    def url(self, target: str) -> str:
        """Relative link from this page to the page ``target`` in the same language."""
        return self.to_root + urls.page_url(target, self.site.options.use_directory_urls) or "./"

    def link_to_file(self, path: str, in_language: bool = True) -> str:
        """Relative link from this page to a file that is not a page, such as ``feed.xml``."""
        target = (self.language.prefix if in_language else "") + path
        here = posixpath.dirname(urls.page_url(self.src_uri, self.site.options.use_directory_urls))
        return posixpath.relpath(target, here or ".")

    def case_url(self, case: AnyCase) -> str:
        """Link to a case page in this language."""
        return self.url(urls.case_page(case.id))

    def term(self, kind: str, term_id: str) -> Term:
        """Taxonomy term of ``kind`` (``stages``, ``touchpoints``...)."""
        return self.site.taxonomy.kind(kind)[term_id]

    def label(self, kind: str, term_id: str) -> str:
        """Label of a taxonomy term in this language."""
        return self.term(kind, term_id).label.get(self.lang, self.site.labels.default.code)

    def describe(self, kind: str, term_id: str) -> str:
        """One-line definition of a taxonomy term in this language."""
        return self.term(kind, term_id).description.get(self.lang, self.site.labels.default.code)

    def permanent_url(self, target: str) -> str:
        """Absolute address of the page ``target`` in this language, or its site path if unknown."""
        path = self.language.prefix + target
        if target.endswith(".md"):
            path = urls.page_url(path, self.site.options.use_directory_urls)
        base = self.site.options.site_url
        return f"{base.rstrip('/')}/{path}" if base else f"/{path}"

    def qr_code(self, url: str) -> Markup:
        """An inline SVG QR code of ``url``, made at build time (no network)."""
        return Markup(_qr_svg(url))

    def number(self, value: int) -> str:
        """A count formatted for this language."""
        return format_number(value, self.lang)

    def date(self, value: PartialDate) -> str:
        """A date with its known precision, in this language."""
        return format_partial_date(value, self.lang, self.t("date.unknown"))

    def country(self, code: str) -> str:
        """Country name in this language."""
        return country_name(code, self.lang)

    def language_name(self, code: str) -> str:
        """Language name in this language."""
        return language_name(code, self.lang)

    def _language_of(self, text: Localized, case: AnyCase | None) -> str:
        """The language ``text`` shows in on this page: the page's, else the one it was written in."""
        if text.has(self.lang):
            return self.lang
        return case.language if case is not None else next(iter(text.texts))

    def _marked(self, html: Markup, lang: str, block: bool = False) -> Markup:
        """``html`` as it is in this page's language, else marked as untranslated (in ``lang``)."""
        if lang == self.lang:
            return html
        template = self._env.get_template("_untranslated.html.j2")
        return Markup(template.render(lang=lang, html=html, block=block))

    def stale_notice(self, case: Case, field: str) -> Markup:
        """A notice under one field whose original changed after its translation here was reviewed.

        Only that field is marked, never the whole case: the rest of the reviewed
        translation still says what the original says.
        """
        if field not in case.stale_fields(self.lang):
            return Markup("")
        template = self._env.get_template("_stale.html.j2")
        text = self.t("translation.stale.text", original=self.language_name(case.language))
        return Markup(template.render(text=text, original=case.language))

    def text(self, text: Localized, case: AnyCase | None = None) -> Markup:
        """Plain contributor text made inert (:mod:`casebook.pages.inert`), in this language or marked."""
        lang = self._language_of(text, case)
        return self._marked(inert_text(text.get(lang, lang)), lang)

    def _site_json_ld(self) -> dict[str, Any]:
        site: dict[str, Any] = {"@type": "WebSite", "name": self.site.options.site_name}
        if self.site.options.site_url:
            site["url"] = self.site.options.site_url
        return site

    def case_json_ld(self, case: Case) -> dict[str, Any]:
        """schema.org data of a case page (an article meant for learning), for link previews and search."""
        title = self.plain(case.title, case)
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": ["Article", "LearningResource"],
            "learningResourceType": "case study",
            "headline": title,
            "name": title,
            "description": excerpt(self.plain(case.summary, case), 60),
            "inLanguage": self.lang,
            "identifier": self.case_number(case),
            "url": self.permanent_url(urls.case_page(case.id)),
            "about": [
                {"@type": "Organization", "name": case.company.name},
                *({"@type": "DefinedTerm", "name": self.label("tags", tag)} for tag in case.tags),
            ],
            "isBasedOn": [
                {
                    "@type": "CreativeWork",
                    "name": self.plain(source.title, case),
                    "inLanguage": source.language,
                    **({"url": source.url} if source.url else {}),
                    **({"author": source.author} if source.author else {}),
                    **({"datePublished": source.date.iso()} if source.date.known else {}),
                }
                for source in case.sources
            ],
            "license": CASE_LICENCE,
            "isPartOf": self._site_json_ld(),
            "publisher": {"@type": "Organization", "name": self.site.options.site_name},
        }
        if case.published.known:
            data["datePublished"] = case.published.iso()
        if case.when.known:
            data["temporalCoverage"] = case.when.iso()
        return data

    def workshop_json_ld(self, workshop: Workshop, cases: Sequence[Case]) -> dict[str, Any]:
        """schema.org data of a workshop: a learning resource with the time it takes and its cases."""
        return {
            "@context": "https://schema.org",
            "@type": "LearningResource",
            "learningResourceType": "workshop",
            "name": self.plain(workshop.title),
            "description": self.plain(workshop.audience),
            "inLanguage": self.lang,
            "timeRequired": f"PT{workshop.duration}M",
            "audience": {"@type": "Audience", "audienceType": self.plain(workshop.audience)},
            "url": self.permanent_url(urls.workshop_page(workshop.id)),
            "hasPart": [
                {
                    "@type": "LearningResource",
                    "name": self.plain(case.title, case),
                    "identifier": self.case_number(case),
                    "url": self.permanent_url(urls.case_page(case.id)),
                }
                for case in cases
            ],
            "license": CASE_LICENCE,
            "isPartOf": self._site_json_ld(),
        }

    def plain(self, text: Localized, case: AnyCase | None = None) -> str:
        """Contributor text without markup, for titles and front matter."""
        lang = self._language_of(text, case)
        return text.get(lang, lang)

    def rich(self, text: Localized, case: AnyCase | None = None) -> Markup:
        """Contributor Markdown as sanitized HTML, with case links in this language."""
        lang = self._language_of(text, case)
        # The same text appears on many pages (a moment on its case, stage, touchpoint,
        # outcome and cell pages); its HTML only depends on the way back to the root.
        key = (text.get(lang, lang), self.lang, self.to_root)
        cases = self._cases
        cached = self._markdown_cache.get(key)
        # A link shows its case's title and exists only while the case does: kept HTML is
        # stale once a linked case changed (a dev server keeps it from one render to the next).
        if cached is None or not links_unchanged(cases, cached[1]):
            resolved: list[str] = []
            rendered = render_markdown(key[0], lambda case_id: self._resolve_case(case_id, resolved))
            cached = self._markdown_cache[key] = (
                str(inert_html(rendered)),
                {i: entry_of(cases.get(i)) for i in resolved},
            )
        html, linked = cached
        self.linked.update(linked)
        return self._marked(Markup(html), lang, block=True)

    def excerpt(self, text: Localized, case: AnyCase | None = None) -> Markup:
        """The first words of contributor Markdown as inert plain text, for listings."""
        lang = self._language_of(text, case)
        return self._marked(inert_text(excerpt(text.get(lang, lang), EXCERPT_WORDS)), lang)

    def _resolve_case(self, case_id: str, resolved: list[str]) -> tuple[str, str, str] | None:
        resolved.append(case_id)
        case = self._cases.get(case_id)
        if case is None:
            return None
        return self.case_url(case), self.plain(case.title, case), self.print_label(case)

    def print_label(self, case: AnyCase) -> str:
        """What a printout shows after a link to a case: its number and short address,
        e.g. "CX-0003 · casebook.example.org/c/3/" (the site's path when its address is unknown)."""
        address = self.permanent_url(urls.short_page(case.number))
        return self.t("print.case_link", number=self.case_number(case), url=address.split("://", 1)[-1])

    def explore_url(self, filters: Mapping[str, str | Sequence[str]]) -> str:
        """Link to the case explorer with ``filters`` set (ids, as in its URL), or "" without explorer.

        A filter given a list of ids repeats its name, as the explorer does: any of them matches.
        """
        if not self.site.options.explorer:
            return ""
        return f"{self.url(urls.EXPLORE)}?{urlencode(filters, doseq=True)}"

    def share(self, ratio: float) -> str:
        """A share (0 to 1) as a whole percentage in this language."""
        return format_share(ratio, self.lang)

    def cell_label(self, stage: str, touchpoint: str) -> str:
        """A journey-map cell as the explorer names it: "Buy · Website"."""
        return f"{self.label('stages', stage)} · {self.label('touchpoints', touchpoint)}"

    def explore_facets(
        self,
        companies: list[tuple[str, str]],
        countries: list[str],
        years: list[int],
        languages: list[str],
        cells: list[tuple[str, str]],
        translations: list[tuple[str, str]],
    ) -> list[tuple[str, list[tuple[str, str]]]]:
        """The explorer's filters, in order, each with its options as (id for the URL, value).

        The values are the labels shown; the ids stay the same in every language, so that
        a link to the explorer works in both (and are those of ``explore/facets/``).
        """

        def terms(kind: str) -> list[tuple[str, str]]:
            return [(term_id, self.label(kind, term_id)) for term_id in self.site.taxonomy.kind(kind)]

        return [
            ("stage", terms("stages")),
            ("touchpoint", terms("touchpoints")),
            ("moment", terms("outcomes")),
            ("outcome", terms("case_outcomes")),
            ("sector", sorted(terms("sectors"), key=lambda item: item[1].casefold())),
            ("company", companies),
            ("country", sorted(((code, self.country(code)) for code in countries), key=itemgetter(1))),
            ("year", [(str(year), str(year)) for year in years]),
            ("tag", sorted(terms("tags"), key=lambda item: item[1].casefold())),
            ("language", [(code, self.language_name(code)) for code in languages]),
            (
                "translation",
                [
                    (
                        f"{code}-{state}",
                        self.t(
                            "explore.translation.option",
                            language=self.language_name(code),
                            status=self.t(f"translation.status.{state}"),
                        ),
                    )
                    for code, state in translations
                ],
            ),
            (
                "cell",
                [
                    (f"{stage}/{touchpoint}", self.cell_label(stage, touchpoint))
                    for stage, touchpoint in cells
                ],
            ),
        ]

    def card_meta(self, case: Case) -> dict[str, Any]:
        """A case's fields as its explorer card and its search result have them (its page gives
        them to Pagefind as metadata; ``explorer.CARD_FIELDS`` says which a card shows)."""
        return {
            "company": case.company.name,
            "year": str(case.when.year) if case.when.known else self.t("date.unknown"),
            "outcome": self.case_outcome(case),
            "outcome_id": case.outcome,
            "strip": self.case_strip(case),
        }

    def case_strip(self, case: Case) -> list[tuple[str, str, str]]:
        """Each moment of a case as (outcome, its symbol, "Stage · Touchpoint: Outcome"), for the explorer."""
        return [
            (
                moment.outcome,
                self.symbol(moment.outcome),
                f"{self.cell_label(moment.stage, moment.touchpoint)}: "
                f"{self.label('outcomes', moment.outcome)}",
            )
            for moment in case.moments
        ]

    def case_number(self, case: AnyCase) -> str:
        """The short permanent number of a case, e.g. ``CX-0007``."""
        return f"{CASE_NUMBER_PREFIX}{case.number:04d}"

    def case_outcome(self, case: AnyCase) -> str:
        """Label of a case's overall outcome in this language."""
        return self.label("case_outcomes", case.outcome)

    def symbol(self, outcome: str) -> str:
        """Text symbol of a moment outcome, so the outcome reads without colour."""
        return self.term("outcomes", outcome).symbol


@lru_cache(maxsize=4096)  # a dev server renders a case page again after each edit of it
def _qr_svg(url: str) -> str:
    # Most of a code's time is segno choosing the most readable mask: make each once.
    return str(segno.make(url, error="m", micro=False).svg_inline(scale=3, title=url))
