"""Turn the loaded library into Markdown pages, one set per language.

Every page comes from a Jinja template in ``templates/pages``; a site can
override any of them by putting a file of the same name in
``<custom_dir>/casebook/``. Contributor text reaches the templates only as
escaped text or as HTML sanitized by :mod:`casebook.markup`.
"""

from __future__ import annotations

import heapq
import json
import posixpath
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar
from urllib.parse import urlencode

import jinja2
import segno
from markupsafe import Markup, escape

from casebook.i18n import Labels, country_name, format_number, format_partial_date, language_name
from casebook.index import Index, Placement, build_index
from casebook.markup import excerpt, render_markdown
from casebook.model import Case, CaseEntry, Localized, Moment, PartialDate, Taxonomy, Term
from casebook.model.workshop import Workshop
from casebook.pages import urls
from casebook.resources import PAGE_TEMPLATES_DIR

T = TypeVar("T")
#: Sanitized HTML of contributor Markdown, with the cases its links showed, by (text, language, path to root).
MarkdownCache = dict[tuple[str, str, str], tuple[str, dict[str, "CaseEntry | None"]]]

#: Prefix of the short case numbers shown on pages and in citations.
CASE_NUMBER_PREFIX = "CX-"
#: How many moments a stage, touchpoint or outcome page shows; its table leads to the rest.
LATEST_MOMENTS = 20
#: How many words of a moment the stage, touchpoint, outcome and cell pages show.
EXCERPT_WORDS = 30


#: A case in full (its own page) or as listings show it.
AnyCase = Case | CaseEntry


@dataclass(frozen=True)
class ListedMoment:
    """A moment as the stage, touchpoint, outcome and journey-cell pages list it."""

    case: CaseEntry
    moment: Moment


def _entry(case: Case | None) -> CaseEntry | None:
    return case.entry if case is not None else None


def _links_unchanged(cases: dict[str, Case], linked: dict[str, CaseEntry | None]) -> bool:
    """Whether every case a text linked to still shows as it did (links show titles)."""
    return all(_entry(cases.get(case_id)) == entry for case_id, entry in linked.items())


def _listed(placements: Sequence[Placement]) -> list[ListedMoment]:
    return [ListedMoment(placement.case.entry, placement.moment) for placement in placements]


class Pager(NamedTuple):
    """Where a page of a paged list stands: its number (from 1) and the source paths of all pages."""

    number: int
    pages: list[str]

    @property
    def here(self) -> str:
        """This page's source path."""
        return self.pages[self.number - 1]


@dataclass(frozen=True)
class GeneratedPage:
    """One Markdown page to add to the site, at ``src_uri`` below the docs root."""

    src_uri: str
    lang: str
    content: str


@dataclass
class RenderMemo:
    """What earlier renders made, so that rendering again only redoes pages whose inputs changed.

    A dev server renders the whole site after every saved edit, and most pages show
    nothing of the edited case. Each page is remembered with its inputs: the values
    its template received (listings receive :class:`CaseEntry` values, so a list
    changes only when what it shows of a case does) and the cases its text links
    resolved to. Inputs
    are compared with ``==``; the loader hands back the very same object for an
    unchanged file, so the comparison is mostly identity checks. A change of
    settings or templates forgets everything.
    """

    settings: object = None
    previous: dict[str, tuple[object, Any]] = field(default_factory=dict)
    current: dict[str, tuple[object, Any]] = field(default_factory=dict)
    #: What the last render made anew rather than reused, by name (e.g. ``en:cases/x.md``).
    remade: list[str] = field(default_factory=list)
    #: Contributor Markdown rendered so far (see ``Site.markdown_cache``).
    markdown: MarkdownCache = field(default_factory=dict)

    def start(self, settings: object) -> None:
        """Begin a render with these settings; forget everything if they changed."""
        if settings != self.settings:
            self.previous, self.current = {}, {}
            self.markdown.clear()  # in place: the site being rendered holds it already
        self.settings = settings
        self.previous = {**self.previous, **self.current}
        self.current = {}
        self.remade = []

    def finish(self) -> None:
        """End a render: forget what it no longer made (the pages of a deleted case)."""
        self.previous = {}

    def get(
        self,
        name: str,
        inputs: object,
        make: Callable[[], T],
        still_valid: Callable[[T], bool] = lambda output: True,
    ) -> T:
        """Return what ``make`` made for ``name`` from equal inputs before, else make it now."""
        entry = self.previous.get(name)
        if entry is not None and entry[0] == inputs and still_valid(entry[1]):
            self.current[name] = entry
            return entry[1]  # type: ignore[no-any-return]
        output = make()
        self.current[name] = (inputs, output)
        self.remade.append(name)
        return output


def remembered(
    site: Site,
    name: str,
    inputs: object,
    make: Callable[[], T],
    still_valid: Callable[[T], bool] = lambda output: True,
) -> T:
    """``make()``, or what it made from equal ``inputs`` in an earlier render of the site."""
    return make() if site.memo is None else site.memo.get(name, inputs, make, still_valid)


@dataclass(frozen=True)
class SiteOptions:
    """Settings of the generated pages that come from the site's configuration."""

    use_directory_urls: bool = True
    #: Link to edit a case file, with ``{path}`` for the file's path in the repository.
    edit_url: str = ""
    #: Folders searched for template overrides before the shipped templates.
    template_dirs: tuple[Path, ...] = ()
    newest_count: int = 5
    #: How many entries a page of a long list shows (all cases, translations, topics, companies, cells).
    list_page_size: int = 100
    #: Published address of the site (``https://.../``), for permanent links; "" if unknown.
    site_url: str = ""
    site_name: str = "Casebook"
    #: Address of the site's repository (its issues are how readers reach the project); "" if unknown.
    repo_url: str = ""
    #: Whether the site has the case explorer: it needs Pagefind's search (the plugin's default),
    #: which the offline site and a ``casebook render`` tree do not have.
    explorer: bool = False
    #: GitHub's "create a new file" page in the cases folder (``<repo>/new/main/cases``); "" if unknown.
    new_case_url: str = ""


@dataclass
class Site:
    """Everything a page template may need: the library, its index, labels, options."""

    cases: dict[str, Case]
    index: Index
    taxonomy: Taxonomy
    labels: Labels
    options: SiteOptions = field(default_factory=SiteOptions)
    workshops: dict[str, Workshop] = field(default_factory=dict)
    #: Pages of earlier renders to reuse (a dev server); None renders everything.
    memo: RenderMemo | None = None
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
        index = build_index(cases.values(), taxonomy)
        return cls(cases, index, taxonomy, labels, options or SiteOptions(), workshops or {}, memo)

    @cached_property
    def newest_rank(self) -> dict[str, int]:
        """Each case's place from the most recently added (0), for the "latest" listings."""
        return {case.id: rank for rank, case in enumerate(self.index.newest(len(self.index.cases)))}

    @cached_property
    def translation_rows(self) -> list[tuple[CaseEntry, list[tuple[str, str, list[str]]]]]:
        """Each case with, per language: its code, translation status and untranslated fields."""
        codes = [language.code for language in self.labels.languages]

        def row(case: Case) -> tuple[CaseEntry, list[tuple[str, str, list[str]]]]:
            return case.entry, [
                (code, case.translation_status(code), case.untranslated_fields(code)) for code in codes
            ]

        return [
            remembered(self, f"translation:{case.id}", case, partial(row, case)) for case in self.index.cases
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

    def settings(self) -> tuple[object, ...]:
        """Everything besides the cases that every page depends on, templates included."""
        return (self.taxonomy, self.labels, self.options, self.template_files)

    def __post_init__(self) -> None:
        if self.memo is not None:
            self.markdown_cache = self.memo.markdown
        self.env = _environment(self.options.template_dirs, self.template_files)


@lru_cache(maxsize=4)
def _environment(template_dirs: tuple[Path, ...], files: tuple[tuple[Path, int], ...]) -> jinja2.Environment:
    """The Jinja environment of the page templates, made again only when a template file changes.

    A dev server renders with the templates it compiled for the previous build; a new
    or edited override (``files`` differ) gets a new environment.
    """
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            jinja2.FileSystemLoader(str(PAGE_TEMPLATES_DIR)),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml_string"] = _yaml_string
    env.filters["json_data"] = json_data
    env.filters["bibtex"] = _bibtex
    return env


_BIBTEX_SPECIALS = str.maketrans(
    {c: f"\\{c}" for c in "{}%&$#_"} | {"\\": "\\textbackslash{}", "~": "\\~{}", "^": "\\^{}"}
)


def _bibtex(value: str) -> str:
    """Escape text for a BibTeX field value."""
    return str(value).translate(_BIBTEX_SPECIALS)


def _yaml_string(value: str) -> Markup:
    """Quote text for front matter: JSON strings are valid YAML and escape everything."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def json_data(value: object) -> Markup:
    """JSON for a ``<script>`` element or a front-matter value: ``<``, ``>``, ``&`` and ``'``
    are written as ``\\u`` escapes, so no text inside can close the element or become markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&'":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


#: Licence of the case texts, named in the structured data of every case.
CASE_LICENCE = "https://creativecommons.org/licenses/by/4.0/"


class PageContext:
    """Helpers for one page in one language: labels, links, dates and case text."""

    def __init__(self, site: Site, lang: str, src_uri: str) -> None:
        self.site = site
        self.lang = lang
        self.language = site.labels.language(lang)
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

    def _original_language(self, case: AnyCase | None, text: Localized) -> str:
        if case is not None:
            return case.language
        return next(iter(text.texts))

    def text(self, text: Localized, case: AnyCase | None = None) -> Markup:
        """Plain contributor text, escaped, in this language or marked as the original."""
        if text.has(self.lang):
            return escape(text.texts[self.lang])
        original = self._original_language(case, text)
        return Markup('<span lang="{}" class="cb-untranslated">{}</span>').format(
            original, text.get(original, original)
        )

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
        return text.get(self.lang, self._original_language(case, text))

    def rich(self, text: Localized, case: AnyCase | None = None) -> Markup:
        """Contributor Markdown as sanitized HTML, with case links in this language."""
        lang = self.lang if text.has(self.lang) else self._original_language(case, text)
        # The same text appears on many pages (a moment on its case, stage, touchpoint,
        # outcome and cell pages); its HTML only depends on the way back to the root.
        key = (text.get(lang, lang), self.lang, self.to_root)
        cases = self.site.cases
        cached = self.site.markdown_cache.get(key)
        # A link shows its case's title and exists only while the case does: kept HTML is
        # stale once a linked case changed (a dev server keeps it from one render to the next).
        if cached is None or not _links_unchanged(cases, cached[1]):
            resolved: list[str] = []
            html = render_markdown(key[0], lambda case_id: self._resolve_case(case_id, resolved))
            cached = self.site.markdown_cache[key] = (html, {i: _entry(cases.get(i)) for i in resolved})
        html, linked = cached
        self.linked.update(linked)
        if lang == self.lang:
            return Markup(html)
        return Markup('<div lang="{}" class="cb-untranslated">{}</div>').format(lang, Markup(html))

    def excerpt(self, text: Localized, case: AnyCase | None = None) -> Markup:
        """The first words of contributor Markdown as escaped plain text, for listings."""
        if text.has(self.lang):
            return escape(excerpt(text.texts[self.lang], EXCERPT_WORDS))
        original = self._original_language(case, text)
        return Markup('<span lang="{}" class="cb-untranslated">{}</span>').format(
            original, excerpt(text.get(original, original), EXCERPT_WORDS)
        )

    def _resolve_case(self, case_id: str, resolved: list[str]) -> tuple[str, str, str] | None:
        resolved.append(case_id)
        case = self.site.cases.get(case_id)
        if case is None:
            return None
        return self.case_url(case), self.plain(case.title, case), self.print_label(case)

    def print_label(self, case: AnyCase) -> str:
        """What a printout shows after a link to a case: its number and short address,
        e.g. "CX-0003 · casebook.example.org/c/3/" (the site's path when its address is unknown)."""
        address = self.permanent_url(urls.short_page(case.number))
        return self.t("print.case_link", number=self.case_number(case), url=address.split("://", 1)[-1])

    def explore_url(self, filters: dict[str, str]) -> str:
        """Link to the case explorer with ``filters`` set (ids, as in its URL), or "" without explorer."""
        if not self.site.options.explorer:
            return ""
        return f"{self.url(urls.EXPLORE)}?{urlencode(filters)}"

    def cell_label(self, stage: str, touchpoint: str) -> str:
        """A journey-map cell as the explorer names it: "Buy · Website"."""
        return f"{self.label('stages', stage)} · {self.label('touchpoints', touchpoint)}"

    def case_facets(self, case: Case) -> list[tuple[str, str]]:
        """What the case explorer can filter a case by, as (filter, value) in this language.

        The values are what the explorer shows (labels, names), one per distinct value:
        every stage, touchpoint and outcome of its moments, the cells of the journey map
        it appears in, its outcome, sector, company, country, year, topics and language.
        """
        facets: dict[tuple[str, str], None] = {}
        for moment in case.moments:
            facets[("stage", self.label("stages", moment.stage))] = None
            facets[("touchpoint", self.label("touchpoints", moment.touchpoint))] = None
            facets[("moment", self.label("outcomes", moment.outcome))] = None
            facets[("cell", self.cell_label(moment.stage, moment.touchpoint))] = None
        facets[("outcome", self.case_outcome(case))] = None
        if case.sector:
            facets[("sector", self.label("sectors", case.sector))] = None
        facets[("company", case.company.name)] = None
        if case.country:
            facets[("country", self.country(case.country))] = None
        if case.when.year is not None:
            facets[("year", str(case.when.year))] = None
        for tag in case.tags:
            facets[("tag", self.label("tags", tag))] = None
        facets[("language", self.language_name(case.language))] = None
        return list(facets)

    def explore_facets(
        self,
        companies: list[tuple[str, str]],
        countries: list[str],
        years: list[int],
        languages: list[str],
        cells: list[tuple[str, str]],
    ) -> list[tuple[str, list[tuple[str, str]]]]:
        """The explorer's filters, in order, each with its options as (id for the URL, value).

        The values are those of :meth:`case_facets`; the ids stay the same in every language,
        so that a link to the explorer works in both.
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
                "cell",
                [
                    (f"{stage}/{touchpoint}", self.cell_label(stage, touchpoint))
                    for stage, touchpoint in cells
                ],
            ),
        ]

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
    # About 8 ms a code, most of it segno choosing the most readable mask: make each once.
    return str(segno.make(url, error="m", micro=False).svg_inline(scale=3, title=url))


def _render(site: Site, template: str, lang: str, src_uri: str, **values: Any) -> GeneratedPage:
    """Render ``template`` into the page ``src_uri``, or reuse it from ``site.memo``.

    A page depends on the values given to its template (which therefore must not
    read the library, ``site.index`` or ``site.cases``, itself) and on the cases
    its text links to.
    """

    def make() -> tuple[GeneratedPage, dict[str, CaseEntry | None]]:
        page = PageContext(site, lang, src_uri)
        body = site.env.get_template(template).render(page=page, site=site, urls=urls, **values)
        return GeneratedPage(page.src_uri, lang, body), page.linked

    def links_unchanged(output: tuple[GeneratedPage, dict[str, CaseEntry | None]]) -> bool:
        return _links_unchanged(site.cases, output[1])

    return remembered(site, f"{lang}:{src_uri}", (template, values), make, links_unchanged)[0]


#: How many other cases "More cases at the same stages" shows.
SAME_STAGE_CASES = 6


def _same_stage_cases(site: Site, case: Case, shown: set[str]) -> list[tuple[CaseEntry, list[str]]]:
    """Other cases that share a stage with ``case``, each once, with the stages they share.

    The candidates are the case's neighbours in each stage's sequence (so the cost does not
    grow with the library); cases already listed as related are left out.
    """
    own = {moment.stage for moment in case.moments}
    found: dict[str, Case] = {}
    for item in site.index.neighbours.get(case.id, []):
        for other in (item.previous, item.next):
            if other is not None and other.id not in shown and other.id != case.id:
                found.setdefault(other.id, other)
    stage_order = list(site.taxonomy.kind("stages"))
    ranked = sorted(
        (
            (other.entry, [stage for stage in stage_order if stage in own and stage in theirs])
            for other in found.values()
            for theirs in [{moment.stage for moment in other.moments}]
        ),
        key=lambda pair: (-len(pair[1]), site.newest_rank.get(pair[0].id, 0)),
    )
    return ranked[:SAME_STAGE_CASES]


def render_case(site: Site, case: Case, lang: str) -> GeneratedPage:
    """Render one case page in ``lang``."""
    related = [other.entry for other in site.index.related.get(case.id, [])]
    return _render(
        site,
        "case.md.j2",
        lang,
        urls.case_page(case.id),
        case=case,
        related=related,
        same_stage=_same_stage_cases(site, case, {entry.id for entry in related}),
        edit_url=site.options.edit_url.format(path=case.path) if site.options.edit_url else "",
    )


def _outcome_groups(site: Site, placements: Sequence[Placement]) -> list[tuple[str, list[ListedMoment]]]:
    outcomes = site.taxonomy.kind("outcomes")
    return [
        (outcome, _listed([p for p in placements if p.moment.outcome == outcome]))
        for outcome in outcomes
        if any(p.moment.outcome == outcome for p in placements)
    ]


def render_term(site: Site, kind: str, term_id: str, lang: str) -> GeneratedPage:
    """Render the page of one stage, touchpoint or outcome.

    It counts the moments there by touchpoint (or by stage), linking to the journey
    cells that list them all, and shows the latest ones, so that its size does not
    grow with the library.
    """
    placements = {
        "stages": site.index.by_stage,
        "touchpoints": site.index.by_touchpoint,
        "outcomes": site.index.by_outcome,
    }[kind].get(term_id, [])
    across = "touchpoints" if kind == "stages" else "stages"
    outcomes = [term_id] if kind == "outcomes" else list(site.taxonomy.kind("outcomes"))
    counts = Counter(
        (p.moment.touchpoint if across == "touchpoints" else p.moment.stage, p.moment.outcome)
        for p in placements
    )
    rows = [
        (other, [counts[(other, outcome)] for outcome in outcomes])
        for other in site.taxonomy.kind(across)
        if any(counts[(other, outcome)] for outcome in outcomes)
    ]
    # Newest first; nsmallest is stable, so a case's moments stay in journey order.
    rank = site.newest_rank
    latest = heapq.nsmallest(LATEST_MOMENTS, placements, key=lambda p: rank[p.case.id])
    return _render(
        site,
        "term.md.j2",
        lang,
        urls.term_page(kind, term_id),
        kind=kind,
        term_id=term_id,
        across=across,
        outcomes=outcomes,
        rows=rows,
        latest=_listed(latest),
        moments=len(placements),
        count=_distinct_cases(placements),
    )


def render_cell(site: Site, stage: str, touchpoint: str, lang: str) -> list[GeneratedPage]:
    """Render one journey-map cell, in pages: the moments at ``stage`` through ``touchpoint``."""
    placements = site.index.by_cell[(stage, touchpoint)]
    return [
        _render(
            site,
            "cell.md.j2",
            lang,
            pager.here,
            stage=stage,
            touchpoint=touchpoint,
            groups=groups,
            pager=pager,
        )
        for pager, groups in _paged_groups(
            site, urls.cell_page(stage, touchpoint), _outcome_groups(site, placements)
        )
    ]


def render_case_list(site: Site, kind: str, term_id: str, lang: str) -> list[GeneratedPage]:
    """Render a company or tag page, in pages: its cases, grouped by overall outcome."""
    cases = [
        case.entry
        for case in (site.index.by_company if kind == "companies" else site.index.by_tag).get(term_id, [])
    ]
    groups = [
        (outcome, [case for case in cases if case.outcome == outcome])
        for outcome in site.taxonomy.kind("case_outcomes")
    ]
    return [
        _render(
            site,
            "case-list.md.j2",
            lang,
            pager.here,
            kind=kind,
            term_id=term_id,
            company_name=cases[0].company.name if kind == "companies" else "",
            total=len(cases),
            groups=page_groups,
            pager=pager,
        )
        for pager, page_groups in _paged_groups(
            site, urls.term_page(kind, term_id), [(outcome, items) for outcome, items in groups if items]
        )
    ]


def _distinct_cases(placements: Sequence[Placement]) -> int:
    return len({placement.case.id for placement in placements})


def render_kind_index(site: Site, kind: str, lang: str) -> GeneratedPage:
    """Render the page listing every stage, touchpoint, outcome, company or tag, with its count.

    Each term comes as (id, name, number of cases); the name is None for taxonomy
    terms, whose label and description the template takes from the taxonomy.
    """
    terms: list[tuple[str, str | None, int]]
    if kind == "companies":
        terms = [
            (company, cases[0].company.name, len(cases)) for company, cases in site.index.by_company.items()
        ]
    elif kind == "tags":
        terms = [(tag, None, len(site.index.by_tag.get(tag, []))) for tag in site.taxonomy.kind(kind)]
    else:
        buckets = {"stages": site.index.by_stage, "touchpoints": site.index.by_touchpoint}.get(
            kind, site.index.by_outcome
        )
        terms = [(term, None, _distinct_cases(buckets.get(term, []))) for term in site.taxonomy.kind(kind)]
    channel_members = {
        channel.id: [t.id for t in site.taxonomy.touchpoints if t.group == channel.id]
        for channel in site.taxonomy.channels
    }
    return _render(
        site,
        "kind-index.md.j2",
        lang,
        urls.kind_index(kind),
        kind=kind,
        terms=terms,
        channel_members=channel_members if kind == "touchpoints" else {},
    )


#: Steps of the journey map's shading by share of failed moments: 0, up to 1/4, 1/2, 3/4, all.
FAILURE_LEVELS = 4


def _counts(placements: Sequence[Placement], outcomes: Sequence[str]) -> dict[str, int]:
    """Moments by outcome, their total, and the step of their share of failures (0 to 4)."""
    counts = {outcome: sum(1 for p in placements if p.moment.outcome == outcome) for outcome in outcomes}
    total = sum(counts.values())
    failed = counts.get("failure", 0)
    # Rounded up, so that one failure among many still shows: 1 of 10 is level 1.
    level = -(-failed * FAILURE_LEVELS // total) if total else 0
    return {**counts, "total": total, "level": level, "mostly_failed": int(failed * 2 > total)}


def render_journey(site: Site, lang: str) -> GeneratedPage:
    """Render the journey map: stages by touchpoints, with success and failure counts.

    Each cell, row and column has its counts and its share of failures; only touchpoints
    that have moments get a column, so the map stays as wide as the library needs.
    """
    outcomes = list(site.taxonomy.kind("outcomes"))
    by_cell = site.index.by_cell
    used = {touchpoint for _, touchpoint in by_cell}
    touchpoints = [t.id for t in site.taxonomy.touchpoints if t.id in used]
    stages = [stage.id for stage in site.taxonomy.stages]
    return _render(
        site,
        "journey.md.j2",
        lang,
        urls.JOURNEY,
        stages=stages,
        columns=[
            (channel.id, [t.id for t in site.taxonomy.touchpoints if t.group == channel.id and t.id in used])
            for channel in site.taxonomy.channels
        ],
        touchpoints=touchpoints,
        cells={cell: _counts(placements, outcomes) for cell, placements in by_cell.items()},
        row_totals={stage: _counts(site.index.by_stage.get(stage, []), outcomes) for stage in stages},
        column_totals={t: _counts(site.index.by_touchpoint.get(t, []), outcomes) for t in touchpoints},
        total=_counts([p for placements in by_cell.values() for p in placements], outcomes),
    )


def render_home(site: Site, lang: str) -> GeneratedPage:
    """Render the home page: what Casebook is, counts, newest cases, entry points."""
    cases = site.index.cases
    return _render(
        site,
        "home.md.j2",
        lang,
        urls.HOME,
        stats={
            "cases": len(cases),
            "moments": sum(len(case.moments) for case in cases),
            "companies": len(site.index.by_company),
        },
        stages=[
            (stage, _distinct_cases(site.index.by_stage.get(stage, [])))
            for stage in site.taxonomy.kind("stages")
        ],
        newest=[case.entry for case in site.index.newest(site.options.newest_count)],
    )


def _paged(site: Site, first: str, items: Sequence[T]) -> list[tuple[Pager, Sequence[T]]]:
    """Split ``items`` into pages of ``list_page_size``; the first page keeps the address ``first``.

    A list of the whole library would grow without end, and an edit would render it all again.
    """
    size = site.options.list_page_size
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]
    pages = [urls.list_page(first, number) for number in range(1, len(chunks) + 1)]
    return [(Pager(number, pages), chunk) for number, chunk in enumerate(chunks, start=1)]


class Group(NamedTuple, Generic[T]):
    """The part of a group (the failures of a tag, say) that one page of a paged list shows."""

    #: What the items share: an outcome.
    key: str
    #: How many items the whole group has, on every page.
    total: int
    items: Sequence[T]


def _paged_groups(
    site: Site, first: str, groups: Sequence[tuple[str, Sequence[T]]]
) -> list[tuple[Pager, list[Group[T]]]]:
    """Split grouped items into pages like :func:`_paged`; a group may go on over the next page."""
    totals = {key: len(items) for key, items in groups}
    flat = [(key, item) for key, items in groups for item in items]
    return [
        (
            pager,
            [
                Group(key, totals[key], [item for _, item in run])
                for key, run in groupby(chunk, itemgetter(0))
            ],
        )
        for pager, chunk in _paged(site, first, flat)
    ]


def render_all_cases(site: Site, lang: str) -> list[GeneratedPage]:
    """Render the list of every case, in pages, the most recent events first."""
    entries = [case.entry for case in site.index.latest_first()]
    return [
        _render(
            site,
            "all-cases.md.j2",
            lang,
            pager.here,
            cases=chunk,
            pager=pager,
            total=len(entries),
        )
        for pager, chunk in _paged(site, urls.ALL_CASES, entries)
    ]


def render_translations(site: Site, lang: str) -> list[GeneratedPage]:
    """Render the translation status of every case in every language, in pages.

    Each row is a case with, for each language, its status and its untranslated fields.
    """
    return [
        _render(site, "translations.md.j2", lang, pager.here, rows=chunk, pager=pager)
        for pager, chunk in _paged(site, urls.TRANSLATIONS, site.translation_rows)
    ]


def render_redirects(site: Site, case: Case, lang: str) -> list[GeneratedPage]:
    """Render the pages that lead to a case from its short address and its old ids, or reuse them."""
    entry = case.entry
    sources = [urls.short_page(case.number)] + [urls.case_page(old) for old in case.old_ids]
    return remembered(
        site,
        f"{lang}:redirects:{case.id}",
        (entry, sources),
        lambda: _make_redirects(site, entry, sources, lang),
    )


def _make_redirects(site: Site, case: CaseEntry, sources: list[str], lang: str) -> list[GeneratedPage]:
    """Render the pages that lead to a case from its short address and its old ids.

    These are HTML files, not Markdown: they redirect at once, and work without a server.
    """
    directory_urls = site.options.use_directory_urls
    pages = []
    for source in sources:
        page = PageContext(site, lang, source)
        html = site.env.get_template("redirect.html.j2").render(
            page=page, target=page.case_url(case), title=page.plain(case.title, case)
        )
        pages.append(
            GeneratedPage(page.language.prefix + urls.output_file(source, directory_urls), lang, html)
        )
    return pages


def render_workshop(site: Site, workshop: Workshop, lang: str) -> GeneratedPage:
    """Render a workshop page in ``lang``: its cases in order, with the trainer's questions."""
    # A case whose file is broken is reported by the build and left out here.
    items = [(item, site.cases[item.case_id]) for item in workshop.cases if item.case_id in site.cases]
    return _render(
        site, "workshop.md.j2", lang, urls.workshop_page(workshop.id), workshop=workshop, items=items
    )


def render_explore(site: Site, lang: str) -> GeneratedPage:
    """Render the case explorer: a query and filters over every case, run in the browser by Pagefind.

    The page lists every filter value the library has (the template labels them in
    its language); the browser fills in the counts and the matching cases.
    """
    cases = site.index.cases
    companies = sorted(
        ((company, items[0].company.name) for company, items in site.index.by_company.items()),
        key=lambda item: (item[1].casefold(), item[0]),
    )
    return _render(
        site,
        "explore.md.j2",
        lang,
        urls.EXPLORE,
        companies=companies,
        countries=sorted({case.country for case in cases if case.country}),
        years=sorted({case.when.year for case in cases if case.when.year is not None}, reverse=True),
        languages=[language.code for language in site.labels.languages]
        + sorted({case.language for case in cases} - {language.code for language in site.labels.languages}),
        cells=sorted(
            site.index.by_cell,
            key=lambda cell: (
                list(site.taxonomy.kind("stages")).index(cell[0]),
                list(site.taxonomy.kind("touchpoints")).index(cell[1]),
            ),
        ),
    )


def render_workshop_index(site: Site, lang: str) -> GeneratedPage:
    """Render the list of workshops."""
    return _render(site, "workshops.md.j2", lang, urls.WORKSHOPS, workshops=list(site.workshops.values()))


def render_pages(site: Site) -> list[GeneratedPage]:
    """Render every page and redirect of the site, in every language."""
    pages: list[GeneratedPage] = []
    for language in site.labels.languages:
        lang = language.code
        for case in site.index.cases:
            pages += render_redirects(site, case, lang)
        render: Callable[..., GeneratedPage]
        for render in (render_home, render_journey, render_workshop_index):
            pages.append(render(site, lang))
        pages += render_all_cases(site, lang) + render_translations(site, lang)
        if site.options.explorer:
            pages.append(render_explore(site, lang))
        pages += [render_workshop(site, workshop, lang) for workshop in site.workshops.values()]
        pages += [render_case(site, case, lang) for case in site.index.cases]
        for kind in urls.TERM_KINDS:
            pages.append(render_kind_index(site, kind, lang))
        # Every taxonomy term has a page, with or without cases, so that its URL never breaks.
        for kind in ("stages", "touchpoints", "outcomes"):
            pages += [render_term(site, kind, term_id, lang) for term_id in site.taxonomy.kind(kind)]
        for company in site.index.by_company:
            pages += render_case_list(site, "companies", company, lang)
        for tag in site.taxonomy.kind("tags"):
            pages += render_case_list(site, "tags", tag, lang)
        for stage, touchpoint in site.index.by_cell:
            pages += render_cell(site, stage, touchpoint, lang)
    return pages


def expand_taxonomy_markers(markdown: str, site: Site, lang: str, src_uri: str) -> str:
    """Replace ``<!-- casebook:taxonomy KIND -->`` in a hand-written page with the term definitions,
    and ``<!-- casebook:contact -->`` with how to reach the project (its repository's issues)."""
    kinds = {
        "stages": "stages",
        "touchpoints": "touchpoints",
        "outcomes": "outcomes",
        "case-outcomes": "case_outcomes",
    }
    for marker, kind in kinds.items():
        tag = f"<!-- casebook:taxonomy {marker} -->"
        if tag in markdown:
            page = PageContext(site, lang, src_uri.removeprefix(site.labels.language(lang).prefix))
            text = site.env.get_template("_definitions.md.j2").render(page=page, kind=kind, urls=urls)
            markdown = markdown.replace(tag, text)
    tag = "<!-- casebook:contact -->"
    if tag in markdown:
        page = PageContext(site, lang, src_uri.removeprefix(site.labels.language(lang).prefix))
        repo = site.options.repo_url.rstrip("/")
        text = site.env.get_template("_contact.md.j2").render(
            page=page, issues=f"{repo}/issues" if repo else ""
        )
        markdown = markdown.replace(tag, text)
    return markdown


__all__ = [
    "GeneratedPage",
    "PageContext",
    "RenderMemo",
    "Site",
    "SiteOptions",
    "expand_taxonomy_markers",
    "remembered",
    "render_case",
    "render_pages",
]
