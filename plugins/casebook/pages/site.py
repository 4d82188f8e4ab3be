"""The site to render: the library with its index and settings, and every page made of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

import jinja2

from casebook.i18n import Labels
from casebook.index import Index, build_index
from casebook.index.insight import Insight, insight
from casebook.model import Case, CaseEntry, Taxonomy
from casebook.model.workshop import Workshop
from casebook.pages import builders, urls
from casebook.pages.environment import template_environment
from casebook.pages.explorer import render_explorer_data
from casebook.pages.exports import render_exports
from casebook.pages.memo import MarkdownCache, RenderMemo, remembered
from casebook.pages.options import SiteOptions, SiteSettings
from casebook.pages.propose import render_propose
from casebook.pages.values import GeneratedPage
from casebook.resources import PAGE_TEMPLATES_DIR


@dataclass
class Site:
    """The library as the page builders see it: its cases, their index, the settings, the memo.

    Builders read the library and hand each template only the values of its page
    and the frozen :attr:`settings` (see :mod:`casebook.pages.builders`).
    """

    cases: dict[str, Case]
    index: Index
    taxonomy: Taxonomy
    labels: Labels
    options: SiteOptions = field(default_factory=SiteOptions)
    workshops: dict[str, Workshop] = field(default_factory=dict)
    #: Pages of earlier renders to reuse (a dev server); None renders everything.
    memo: RenderMemo | None = None
    #: What templates see of the site (made from the three fields above).
    settings: SiteSettings = field(init=False)
    env: jinja2.Environment = field(init=False)
    #: Rendered contributor Markdown and the cases its links showed, by (text, page language, path to root).
    markdown_cache: MarkdownCache = field(init=False, default_factory=dict)

    @classmethod
    def from_cases(
        cls,
        cases: dict[str, Case],
        taxonomy: Taxonomy,
        labels: Labels,
        options: SiteOptions | None = None,
        workshops: dict[str, Workshop] | None = None,
        memo: RenderMemo | None = None,
    ) -> Site:
        """Index ``cases`` and make the site that renders them (and the workshops built on them)."""
        index = build_index(cases.values(), taxonomy, memo.ranking if memo is not None else None)
        return cls(cases, index, taxonomy, labels, options or SiteOptions(), workshops or {}, memo)

    def __post_init__(self) -> None:
        self.settings = SiteSettings(self.taxonomy, self.labels, self.options)
        if self.memo is not None:
            self.markdown_cache = self.memo.markdown
        self.env = template_environment(self.options.template_dirs, self.template_files)

    @cached_property
    def newest_rank(self) -> dict[str, int]:
        """Each case's place from the most recently added (0), for the "latest" listings."""
        return {case.id: rank for rank, case in enumerate(self.index.newest(len(self.index.cases)))}

    @cached_property
    def insight(self) -> Insight:
        """The figures of the insight page, counted once for the pages of every language."""
        return insight(self.index.cases, self.taxonomy)

    @cached_property
    def translation_rows(self) -> list[tuple[CaseEntry, list[tuple[str, str, list[str], int]]]]:
        """Each case with, per language: its code, translation status, untranslated fields and
        how many fields are stale (their original changed after the translation was reviewed).

        Made once for the pages of every language (and kept by the memo case by case).
        """
        codes = [language.code for language in self.labels.languages]

        def row(case: Case) -> tuple[CaseEntry, list[tuple[str, str, list[str], int]]]:
            return case.entry, [
                (
                    code,
                    case.translation_status(code),
                    case.untranslated_fields(code),
                    len(case.stale_fields(code)),
                )
                for code in codes
            ]

        return [
            remembered(self.memo, f"translation:{case.id}", case, partial(row, case))
            for case in self.index.cases
        ]

    @cached_property
    def stale_rows(self) -> list[tuple[CaseEntry, str, tuple[str, ...]]]:
        """Each reviewed translation with stale fields: the case, the translation's language, the fields."""
        return [
            (case.entry, code, case.stale_fields(code))
            for case in self.index.cases
            for code in sorted(case.stale)
            if case.stale_fields(code)
        ]

    @cached_property
    def template_files(self) -> tuple[tuple[Path, int], ...]:
        """Every template file, overrides first, with its modification time."""
        return tuple(
            (path, path.stat().st_mtime_ns)
            for folder in (*self.options.template_dirs, PAGE_TEMPLATES_DIR)
            if folder.is_dir()
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        )


def render_pages(site: Site) -> list[GeneratedPage]:
    """Render every page and redirect of the site, in every language."""
    pages: list[GeneratedPage] = []
    for language in site.labels.languages:
        lang = language.code
        for case in site.index.cases:
            pages += builders.render_redirects(site, case, lang)
        render: Callable[..., GeneratedPage]
        for render in (
            builders.render_home,
            builders.render_journey,
            builders.render_insight,
            builders.render_workshop_index,
        ):
            pages.append(render(site, lang))
        pages += builders.render_all_cases(site, lang) + builders.render_translations(site, lang)
        if site.options.explorer:
            pages.append(builders.render_explore(site, lang))
        pages += [builders.render_workshop(site, workshop, lang) for workshop in site.workshops.values()]
        pages += [builders.render_case(site, case, lang) for case in site.index.cases]
        for kind in urls.TERM_KINDS:
            pages.append(builders.render_kind_index(site, kind, lang))
        # Every taxonomy term has a page, with or without cases, so that its URL never breaks.
        for kind in ("stages", "touchpoints", "outcomes"):
            pages += [builders.render_term(site, kind, term_id, lang) for term_id in site.taxonomy.kind(kind)]
        for company in site.index.by_company:
            pages += builders.render_case_list(site, "companies", company, lang)
        for tag in site.taxonomy.kind("tags"):
            pages += builders.render_case_list(site, "tags", tag, lang)
        for stage, touchpoint in site.index.by_cell:
            pages += builders.render_cell(site, stage, touchpoint, lang)
    return pages


def render_site(site: Site) -> list[GeneratedPage]:
    """Render every generated file: pages and redirects in every language, exports and feeds.

    With ``site.memo``, pages whose inputs are unchanged since the last call are reused.
    """
    if site.memo is not None:
        # Everything besides the cases that every page depends on, templates included.
        site.memo.start((site.settings, site.template_files))
    pages = render_pages(site) + render_exports(site) + render_propose(site)
    if site.options.explorer:
        pages += render_explorer_data(site)
    if site.memo is not None:
        site.memo.finish()
    else:
        # Rendered case text is shared between pages of this render only; a build goes on
        # holding the site (for hand-written pages), so the cache would hold memory to the end.
        site.markdown_cache.clear()
    return pages
