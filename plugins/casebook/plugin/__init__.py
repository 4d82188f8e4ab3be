"""The MkDocs adapter: hands MkDocs the pages that Casebook's core renders.

Every hook is a few lines that call the core (``load_cases``, ``build_index``,
``render_site``...). What only makes sense inside MkDocs lives here: the
per-language navigation, the language switcher, and the per-language search index.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from casebook.errors import CasebookError
from casebook.i18n import Labels, load_labels
from casebook.loader import (
    Library,
    ReadCache,
    WorkshopSet,
    known_case_ids,
    load_cases,
    load_taxonomy,
    load_workshops,
)
from casebook.model import Case, Taxonomy
from casebook.pages import RenderMemo, Site, SiteOptions, expand_taxonomy_markers, render_site
from casebook.pages.navigation import language_nav
from casebook.pages.propose import new_case_url
from casebook.pages.theme import theme_context
from casebook.plugin.incremental import CompiledTemplates, IncrementalBuild
from casebook.plugin.language import alternates, configure_search, title_first
from casebook.plugin.navigation import build_language_nav
from casebook.plugin.search import (
    BackgroundTask,
    search_settings,
    split_search_index,
    write_pagefind_indexes,
    write_search_worker,
)
from casebook.resources import TAXONOMY_DIR, THEME_DIR

log = get_plugin_logger(__name__)

#: Material's error page, written once per language.
NOT_FOUND = "404.html"


class CasebookConfig(base.Config):
    """Options of the ``casebook`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: Folder of the case files, relative to ``mkdocs.yml``.
    cases_dir = c.Type(str, default="cases")
    #: Folder of the workshop files, relative to ``mkdocs.yml``.
    workshops_dir = c.Type(str, default="workshops")
    #: Folder of the taxonomy files; default: the one shipped with Casebook.
    taxonomy_dir = c.Optional(c.Type(str))
    #: Link to edit a case file, with ``{path}``; default: ``<repo_url>/edit/main/{path}``.
    edit_url = c.Optional(c.Type(str))
    #: Warn (and so fail ``--strict``) when a case lacks text in a language.
    require_translations = c.Type(bool, default=False)
    #: How many cases the home page lists as newest.
    newest_count = c.Type(int, default=5)
    #: How many entries a page of a long list shows: all cases, translation status, a topic,
    #: a company, a journey cell.
    list_page_size = c.Type(int, default=100)
    #: ``pagefind``: index the built site with Pagefind (the published site). ``material``:
    #: Material's lunr search, split per language (the offline site, opened from disk).
    search = c.Choice(("pagefind", "material"), default="pagefind")


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """Generate the bilingual case pages, indexes and journey map."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.labels: Labels | None = None
        self.taxonomy: Taxonomy | None = None
        self.generated: set[str] = set()
        self.navs: dict[str, Navigation] = {}
        self.page_paths: set[str] = set()
        self.page_urls: list[str] = []
        #: The last version of each case file that loaded, by path, for ``mkdocs serve``.
        self.last_good: dict[str, Case] = {}
        self.read_cache = ReadCache()
        self.incremental = IncrementalBuild()
        self.generated_files: list[File] = []
        #: Pages rendered by earlier builds of ``mkdocs serve``, reused when their inputs are unchanged.
        self.memo: RenderMemo | None = None
        #: The theme's compiled templates, kept across the builds of ``mkdocs serve``.
        self.compiled_templates = CompiledTemplates()
        #: The theme's Jinja environment and the site's files of the current build (for it/404.html).
        self.theme_env: jinja2.Environment | None = None
        self.files: Files | None = None
        #: A dev server's Pagefind indexing, which runs after the pages are served.
        self.indexing = BackgroundTask(
            lambda error: log.warning(f"Pagefind could not index the site: {error}")
        )

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keep this plugin across serve rebuilds: it remembers cases, pages and search entries."""
        self.incremental.dirty = dirty
        if command == "serve":
            self.memo = RenderMemo()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load the taxonomy and labels, and put Casebook's theme overrides behind ``custom_dir``."""
        if not self.config.enabled:
            return None
        if self.config.list_page_size < 1:
            raise PluginError(
                f"casebook: list_page_size must be 1 or more (entries on each page of a list), "
                f"not {self.config.list_page_size}"
            )
        root = Path(config.config_file_path).parent
        try:
            self.labels = load_labels()
            self.taxonomy = load_taxonomy(
                root / self.config.taxonomy_dir if self.config.taxonomy_dir else TAXONOMY_DIR
            )
        except CasebookError as error:
            raise PluginError(f"Casebook data files are invalid:\n{error.report()}") from None
        # The site's custom_dir stays first so that it can override Casebook's templates too.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
        if self.config.search == "pagefind":
            if "material/search" in config.plugins:
                raise PluginError(
                    "casebook: search is done by Pagefind; remove Material's `search` plugin "
                    "or set the casebook option `search: material` (as mkdocs.offline.yml does)"
                )
            config.extra["casebook_search"] = search_settings(self.labels, config.use_directory_urls)
            config.extra_javascript.append("assets/javascripts/casebook-search.js")
            config.extra_css.append("assets/stylesheets/casebook-search.css")
        # Material's search plugin (configured before) has just started a new index.
        self.incremental.start_search()
        config.extra_css.append("assets/stylesheets/casebook.css")
        # Deferred: it runs once the page is parsed, still before DOMContentLoaded (see casebook.js).
        script = ExtraScriptValue("assets/javascripts/casebook.js")
        script.defer = True
        config.extra_javascript.append(script)
        if config.extra.get("alternate") is None:
            config.extra["alternate"] = alternates(self.labels, "", set())
        config.watch.append(str(root / self.config.cases_dir))
        if (root / self.config.workshops_dir).is_dir():
            config.watch.append(str(root / self.config.workshops_dir))
        config.watch.append(
            str(root / self.config.taxonomy_dir if self.config.taxonomy_dir else TAXONOMY_DIR)
        )
        return config

    def on_shutdown(self) -> None:
        """Let a dev server's last indexing finish."""
        self.indexing.wait()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        """Load and check the cases, then add every generated page to the site."""
        if not self.config.enabled:
            return None
        assert self.labels is not None and self.taxonomy is not None
        root = Path(config.config_file_path).parent
        # Only a dev server reads the cases again; a build would just hold every file's parse.
        cache = self.read_cache if self.memo is not None else None
        library = load_cases(root / self.config.cases_dir, self.taxonomy, display_root=root, cache=cache)
        restored = library.restore(self.last_good)
        self.last_good = {case.path: case for case in library.cases.values()}
        workshops = load_workshops(
            root / self.config.workshops_dir,
            known_case_ids(library, root / self.config.cases_dir),
            display_root=root,
        )
        self._report(library, restored, workshops, strict=config.strict)
        custom_dir = config.theme.custom_dir
        edit_url = self.config.edit_url or (
            f"{config.repo_url.rstrip('/')}/edit/main/{{path}}" if config.repo_url else ""
        )
        options = SiteOptions(
            use_directory_urls=config.use_directory_urls,
            edit_url=edit_url,
            template_dirs=(Path(custom_dir) / "casebook",) if custom_dir else (),
            newest_count=self.config.newest_count,
            list_page_size=self.config.list_page_size,
            site_url=config.site_url or "",
            site_name=config.site_name,
            repo_url=config.repo_url or "",
            explorer=self.config.search == "pagefind",
            new_case_url=new_case_url(config.repo_url or "", self.config.cases_dir),
        )
        self.site = Site.from_cases(
            library.cases, self.taxonomy, self.labels, options, workshops.workshops, self.memo
        )
        pages = render_site(self.site)
        self.generated = {page.src_uri for page in pages}
        clashes = sorted(self.generated & {file.src_uri for file in files.documentation_pages()})
        if clashes:
            raise PluginError(f"Casebook generates these pages, remove them from docs/: {', '.join(clashes)}")
        self.generated_files = self.incremental.generated_files(config, pages)
        for file in self.generated_files:
            files.append(file)
        handwritten = {file.src_uri for file in files.documentation_pages()} - self.generated
        in_navigation = {
            entry
            for language in self.labels.languages
            for item in language_nav(self.labels, language, handwritten, options.explorer)
            for entry in ([item] if isinstance(item, str) else item.pages)
        }
        settings = (self.taxonomy, self.labels, options)
        unknown_titles = {uri for uri in in_navigation - self.generated if uri not in self.incremental.titles}
        changed = self.incremental.mark_changes(files, pages, settings, unknown_titles)
        if self.memo is not None:
            remade = len(self.memo.remade)
            log.info(f"{remade} generated file(s) rendered again, the rest reused; {changed} changed")
        return files

    @staticmethod
    def _write_pagefind_indexes(site_dir: Path, labels: Labels) -> None:
        counts = write_pagefind_indexes(site_dir, labels)
        log.info(
            "Pagefind indexed "
            + ", ".join(
                f"{count} {labels.language_of(prefix).name} page(s)" for prefix, count in counts.items()
            )
        )

    def _report(self, library: Library, restored: list[str], workshops: WorkshopSet, strict: bool) -> None:
        """Warn about every broken file; under ``--strict``, stop the build with all of them.

        MkDocs 1.6 stops counting warnings for ``--strict`` when ``-q`` hides them (mkdocs
        issue 4126), so a strict build would quietly publish a site without a broken case:
        the plugin fails the build itself, whatever the log level.
        """
        warnings = [
            f"{problem.location()}: {problem.describe()}" for problem in [*library.errors, *workshops.errors]
        ]
        if workshops.broken_files:
            warnings.append(
                f"{len(workshops.broken_files)} workshop file(s) have errors and are NOT on the site: "
                + ", ".join(workshops.broken_files)
            )
        if restored:
            warnings.append(
                f"showing the last good version of {', '.join(restored)} until its errors are fixed"
            )
        dropped = [path for path in library.broken_files if path not in restored]
        if dropped:
            warnings.append(
                f"{len(dropped)} case file(s) have errors and are NOT on the site: {', '.join(dropped)}"
            )
        assert self.labels is not None
        untranslated = [
            f"{case.path}: no {language.name} text in {', '.join(missing)}"
            for case in library.cases.values()
            for language in self.labels.languages
            if (missing := case.untranslated_fields(language.code))
        ]
        if self.config.require_translations:
            warnings += untranslated
        else:
            for message in untranslated:
                log.info(message)
        if strict and warnings:
            raise PluginError("Casebook: the strict build stops here:\n" + "\n".join(warnings))
        for message in warnings:
            log.warning(message)
        log.info(f"{len(library.cases)} case(s) loaded, {len(library.broken_files)} broken file(s)")

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Give each language a navigation of its own index pages, never the thousands of cases."""
        if not self.config.enabled:
            return None
        assert self.labels is not None
        self.page_paths = {file.src_uri for file in files.documentation_pages()}
        # The order MkDocs builds pages in, which is the order of the search index.
        self.page_urls = [file.url for file in files.documentation_pages()]
        # MkDocs linked every page to its neighbours in the default navigation; case
        # pages are in no navigation, and each language links its own pages below.
        for file in files.documentation_pages():
            if isinstance(file.page, Page):
                file.page.previous_page = file.page.next_page = None
        self.navs = {
            language.code: build_language_nav(
                files, self.labels, language, self.generated, self.incremental.known_title
            )
            for language in self.labels.languages
        }
        return self.navs[self.labels.default.code]

    def on_env(
        self, env: jinja2.Environment, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        """On a dev server, compile the theme's templates once rather than at every rebuild."""
        if self.config.enabled and self.memo is not None:
            env.bytecode_cache = self.compiled_templates
        self.theme_env, self.files = env, files
        return None

    def on_template_context(
        self, context: TemplateContext, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        """Give the error page (404.html) the default language's labels and navigation."""
        if not self.config.enabled or template_name != NOT_FOUND:
            return None
        assert self.labels is not None
        default = self.labels.default.code
        context["nav"] = self.navs.get(default, context["nav"])
        context["casebook"] = theme_context(self.labels, default, config.site_url or "", [])  # type: ignore[typeddict-unknown-key]
        return context

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Mark each hand-written page with its language and fill in taxonomy definitions."""
        if not self.config.enabled or self.site is None:
            return None
        if page.file.src_uri in self.generated:
            # MkDocs has read the page; its file would otherwise hold the Markdown to the end.
            page.file.content_string = ""
            return None
        assert self.labels is not None
        lang = self.labels.language_of(page.file.src_uri).code
        page.meta.setdefault("lang", lang)
        return expand_taxonomy_markers(markdown, self.site, lang, page.file.src_uri)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Let go of a generated page's Markdown once MkDocs has made it HTML.

        MkDocs keeps every page's Markdown and HTML to the end of a build; for
        thousands of generated pages that was a third of the memory.
        """
        if self.config.enabled and page.file.src_uri in self.generated:
            page.markdown = None
            page.toc = title_first(page.toc, html, page.title or "")
        return None

    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Show the page's own language navigation and a switcher to the same page."""
        if not self.config.enabled:
            return None
        assert self.labels is not None
        lang = self.labels.language_of(page.file.src_uri).code
        context["nav"] = self.navs.get(lang, nav)
        search = config.plugins.get("material/search")
        if search is not None and hasattr(search, "search_index"):
            self.incremental.record_search(page.url, search.search_index.entries)
        self.incremental.record_title(page.file.src_uri, page.title)
        # Material reads the switcher and hreflang links from config; pages render one at a
        # time, so they are set here for this page and put back in on_post_page.
        config.extra["alternate"] = alternates(self.labels, page.file.src_uri, self.page_paths)
        context["casebook"] = theme_context(  # type: ignore[typeddict-unknown-key]
            self.labels,
            lang,
            config.site_url or "",
            [(entry["lang"], entry["path"]) for entry in config.extra["alternate"]],
        )
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        """Point the search of a non-default-language page at its own language's index."""
        if not self.config.enabled:
            return None
        assert self.labels is not None
        config.extra["alternate"] = alternates(self.labels, "", set())
        if page.file.src_uri in self.generated:
            page.content = None  # written next; see on_page_content
        if self.config.search == "pagefind":
            return None
        return configure_search(output, self.labels.language_of(page.file.src_uri).prefix)

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Remove pages of deleted cases, then write one search index per language.

        A dev server indexes with Pagefind in the background, so that an edited page
        shows at once and its search a moment later.
        """
        if not self.config.enabled:
            return
        assert self.labels is not None
        site_dir = Path(config.site_dir)
        self.incremental.remove_stale_outputs(self.generated_files, site_dir)
        self._write_error_pages(config, site_dir)
        if self.config.search == "pagefind":
            labels = self.labels
            index = partial(self._write_pagefind_indexes, site_dir, labels)
            self.indexing.start(index) if self.memo is not None else index()
            return
        pages = self.incremental.search_pages(self.page_urls)
        # Only a dev server builds again: keeping each page's JSON would just hold memory.
        cache = self.incremental.search_json if self.memo is not None else None
        split_search_index(site_dir, self.labels, pages, cache)
        assert self.site is not None
        write_search_worker(site_dir, self.site.env)

    def _write_error_pages(self, config: MkDocsConfig, site_dir: Path) -> None:
        """Write the error page of every other language, e.g. ``it/404.html``, in that language."""
        assert self.labels is not None and self.theme_env is not None and self.files is not None
        template = self.theme_env.get_template(NOT_FOUND)
        for language in self.labels.languages[1:]:
            # Like MkDocs' own 404.html: absolute links, as it shows at any address.
            base_url = urlsplit(config.site_url or "/").path
            context = get_context(self.navs[language.code], self.files, config, base_url=base_url)
            context["casebook"] = theme_context(self.labels, language.code, config.site_url or "", [])  # type: ignore[typeddict-unknown-key]
            html = template.render(context)
            if self.config.search == "material":
                html = configure_search(html, language.prefix)
            target = site_dir / language.prefix / NOT_FOUND
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
