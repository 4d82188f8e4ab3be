"""The MkDocs adapter: hands MkDocs the pages that Casebook's core renders.

Every hook is a few lines that call the core (``load_cases``, ``render_site``...)
or a module of this package. What only makes sense inside MkDocs lives here: the
per-language navigation, the language switcher, the search indexes, and what a
dev server keeps between builds (:class:`~casebook.plugin.state.ServeState`).
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from casebook.errors import CasebookError, Problem, counted
from casebook.i18n import Labels, load_labels
from casebook.loader import Library, WorkshopSet, known_case_ids, load_cases, load_taxonomy, load_workshops
from casebook.loader.reviews import REVIEWS_DIR
from casebook.model import Taxonomy
from casebook.pages import GeneratedPage, Site, expand_taxonomy_markers, render_site
from casebook.pages.broken import with_broken_banners
from casebook.pages.navigation import NavItem, language_nav
from casebook.pages.policy import iframe_worker_script, search_worker_url, with_security_policy
from casebook.pages.theme import theme_context
from casebook.plugin.build_cache import BuildCache, PageWarnings, build_key, inputs_digest
from casebook.plugin.config import CasebookConfig, site_options
from casebook.plugin.incremental import GeneratedFile, skip_reused_pages
from casebook.plugin.language import SEARCH_WORKER, alternates, set_permalink_title, title_first
from casebook.plugin.navigation import build_language_nav
from casebook.plugin.report import report_problems
from casebook.plugin.search import (
    search_settings,
    split_search_index,
    write_pagefind_indexes,
    write_search_worker,
)
from casebook.plugin.state import ServeState
from casebook.resources import TAXONOMY_DIR, THEME_DIR

log = get_plugin_logger(__name__)

#: Material's error page, written once per language.
NOT_FOUND = "404.html"

__all__ = ["CasebookConfig", "CasebookPlugin"]


@dataclass
class BuildState:
    """What one build finds out and later hooks of the same build use; made anew in ``on_config``."""

    labels: Labels
    taxonomy: Taxonomy
    site: Site | None = None
    #: Source paths of the generated pages, and their MkDocs files.
    generated: set[str] = field(default_factory=set)
    generated_files: list[GeneratedFile] = field(default_factory=list)
    #: Each language's navigation: as source paths (the core's), then as MkDocs objects.
    nav_entries: dict[str, list[NavItem]] = field(default_factory=dict)
    navs: dict[str, Navigation] = field(default_factory=dict)
    page_paths: set[str] = field(default_factory=set)
    #: Page URLs in the order MkDocs builds them, which is the order of the search index.
    page_urls: list[str] = field(default_factory=list)
    #: The theme's Jinja environment and the site's files (for the other languages' 404.html).
    theme_env: jinja2.Environment | None = None
    files: Files | None = None
    #: A dev server's cases shown in their last good version, with their files' problems.
    broken: dict[str, list[Problem]] = field(default_factory=dict)
    #: The offline site's iframe-worker shim (option ``worker_shim``), read once per build.
    worker_shim: str = ""
    #: The build cache, when this build uses it, and the pages MkDocs warned about.
    cache: BuildCache | None = None
    warnings: PageWarnings | None = None
    #: Whether the pages came from the cache and a dev server renders them after the build (see _warm_memo).
    warm: bool = False


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """Generate the bilingual case pages, indexes and journey map."""

    def __init__(self) -> None:
        #: Set in ``on_startup``, as Material's blog plugin does: whether this is ``mkdocs serve``.
        self.is_serve = False
        self.command = "build"
        self.kept = ServeState()
        self._build: BuildState | None = None

    @property
    def build(self) -> BuildState:
        """The state of the build under way (from ``on_config`` on)."""
        assert self._build is not None, "on_config has not run"
        return self._build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keep this plugin across serve rebuilds: it remembers cases, pages and search entries."""
        self.is_serve = command == "serve"
        self.command = "serve" if self.is_serve else "build"
        self.kept = ServeState(self.is_serve, dirty, self._index_failed)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load the taxonomy and labels, and put Casebook's theme and search into the site."""
        if not self.config.enabled:
            return None
        if self.config.list_page_size < 1:
            raise PluginError(
                f"casebook: list_page_size must be 1 or more (entries on each page of a list), "
                f"not {self.config.list_page_size}"
            )
        root = Path(config.config_file_path).parent
        self._build = BuildState(*self._load_data_files(root))
        if self.config.worker_shim:
            self._build.worker_shim = (root / self.config.worker_shim).read_text(encoding="utf-8")
        self._configure_search(config)
        self._configure_theme(config)
        self._watch(config, root)
        self._use_cache(config, root)
        return config

    def on_shutdown(self) -> None:
        """Let a dev server's last indexing finish."""
        self.kept.indexing.wait()

    def on_build_error(self, *, error: Exception) -> None:
        """Stop noting warnings for the build cache: a failed build leaves nothing in it."""
        self._stop_noting_warnings()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        """Load and check the cases, render every generated page, and add them to the site."""
        if not self.config.enabled:
            return None
        library, workshops = self._load(config)
        pages = self._render(library, workshops, config)
        assert self.build.site is not None
        # The browser says what broke, on the page of each case whose file has errors.
        with _override_errors():
            pages = with_broken_banners(self.build.site, pages, self.build.broken)
        return self._publish(pages, files, config)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Give each language a navigation of its own index pages, never the thousands of cases."""
        if not self.config.enabled:
            return None
        build = self.build
        build.page_paths = {file.src_uri for file in files.documentation_pages()}
        build.page_urls = [file.url for file in files.documentation_pages()]
        self.kept.incremental.start_search()
        build.navs = {
            language.code: build_language_nav(
                files,
                build.nav_entries[language.code],
                language,
                build.generated,
                self.kept.incremental.known_title,
            )
            for language in build.labels.languages
        }
        return build.navs[build.labels.default.code]

    def on_env(
        self, env: jinja2.Environment, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        """On a dev server, compile the theme's templates once rather than at every rebuild."""
        if self.config.enabled and self.kept.compiled_templates is not None:
            env.bytecode_cache = self.kept.compiled_templates
        if self._build is not None:
            self._build.theme_env, self._build.files = env, files
        return None

    def on_template_context(
        self, context: TemplateContext, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        """Give the error page (404.html) the default language's labels and navigation."""
        if not self.config.enabled or template_name != NOT_FOUND:
            return None
        default = self.build.labels.default.code
        context["nav"] = self.build.navs.get(default, context["nav"])
        context["casebook"] = theme_context(self.build.labels, default, config.site_url or "", [])  # type: ignore[typeddict-unknown-key]
        return context

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Mark each hand-written page with its language and fill in taxonomy definitions."""
        if not self.config.enabled or self.build.site is None:
            return None
        lang = self.build.labels.language_of(page.file.src_uri).code
        set_permalink_title(config, self.build.labels.t("heading.permalink", lang))
        if page.file.src_uri in self.build.generated:
            # MkDocs has read the page; its file would otherwise hold the Markdown to the end.
            page.file.content_string = ""
            return None
        page.meta.setdefault("lang", lang)
        with _override_errors():
            return expand_taxonomy_markers(markdown, self.build.site, lang, page.file.src_uri)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Let go of a generated page's Markdown once MkDocs has made it HTML.

        MkDocs keeps every page's Markdown and HTML to the end of a build; for
        thousands of generated pages that was a third of the memory.
        """
        if self.config.enabled and page.file.src_uri in self.build.generated:
            page.markdown = None
            page.toc = title_first(page.toc, html, page.title or "")
        return None

    @event_priority(-50)  # after Material's search plugin has added this page to its index
    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Show the page's own language navigation and a switcher to the same page."""
        if not self.config.enabled:
            return None
        labels = self.build.labels
        lang = labels.language_of(page.file.src_uri).code
        context["nav"] = self.build.navs.get(lang, nav)
        self._record_page(page, config)
        # Material reads the switcher and hreflang links from config; pages render one at a
        # time, so they are set here for this page and put back in on_post_page.
        config.extra["alternate"] = alternates(labels, page.file.src_uri, self.build.page_paths)
        links = [(entry["lang"], entry["path"]) for entry in config.extra["alternate"]]
        context["casebook"] = theme_context(labels, lang, config.site_url or "", links)  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        """Add the security policy; put back the language links; let go of a generated page's HTML."""
        if not self.config.enabled:
            return None
        config.extra["alternate"] = alternates(self.build.labels, "", set())
        if page.file.src_uri in self.build.generated:
            page.content = None  # written next; see on_page_content
        return with_security_policy(output, self._runtime_scripts(output))

    def _runtime_scripts(self, output: str) -> list[str]:
        """The inline scripts the page writes as it runs: the offline site's search worker frame."""
        if not self.build.worker_shim:
            return []
        url = search_worker_url(output, SEARCH_WORKER)
        return [iframe_worker_script(self.build.worker_shim, url)] if url else []

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str | None:
        """Give the error page (``404.html``) its security policy."""
        if not self.config.enabled:
            return None
        return with_security_policy(output_content) if template_name.endswith(".html") else None

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Remove pages of deleted cases, write the other languages' 404 pages and the search indexes.

        A dev server indexes with Pagefind in the background, so that an edited page
        shows at once and its search a moment later.
        """
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        self.kept.incremental.remove_stale_outputs(self.build.generated_files, site_dir)
        self._write_error_pages(config, site_dir)
        self._write_search_indexes(site_dir)
        if self.build.cache is not None and self.build.warnings is not None:
            self.build.cache.save(self.build.generated_files, self.build.warnings)
        self._stop_noting_warnings()
        if self.build.warm and self.build.site is not None:
            self._warm_memo(self.build.site)

    # What the hooks call, in the order of a build.

    def _load_data_files(self, root: Path) -> tuple[Labels, Taxonomy]:
        try:
            taxonomy_dir = root / self.config.taxonomy_dir if self.config.taxonomy_dir else TAXONOMY_DIR
            return load_labels(), load_taxonomy(taxonomy_dir)
        except CasebookError as error:
            raise PluginError(f"Casebook data files are invalid:\n{error.report()}") from None

    def _configure_theme(self, config: MkDocsConfig) -> None:
        # The site's custom_dir stays first so that it can override Casebook's templates too.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.extra_css.append("assets/stylesheets/casebook.css")
        # Deferred: it runs once the page is parsed, still before DOMContentLoaded (see casebook.js).
        script = ExtraScriptValue("assets/javascripts/casebook.js")
        script.defer = True
        config.extra_javascript.append(script)
        if config.extra.get("alternate") is None:
            config.extra["alternate"] = alternates(self.build.labels, "", set())

    def _configure_search(self, config: MkDocsConfig) -> None:
        if self.config.search == "material" and "material/search" not in config.plugins:
            raise PluginError(
                "casebook: the option `search: material` splits the index of Material's search "
                "plugin by language; add `- search` to the plugins, or remove the option (Pagefind)"
            )
        if self.config.search == "pagefind":
            if "material/search" in config.plugins:
                raise PluginError(
                    "casebook: search is done by Pagefind; remove Material's `search` plugin "
                    "or set the casebook option `search: material` (as mkdocs.offline.yml does)"
                )
            config.extra["casebook_search"] = search_settings(self.build.labels, config.use_directory_urls)
            # An ES module: it imports its parts (search/, explorer/, labels.js) from the site.
            script = ExtraScriptValue("assets/javascripts/casebook-search.js")
            script.type = "module"
            config.extra_javascript.append(script)
            config.extra_css.append("assets/stylesheets/casebook-search.css")
        else:
            # main.html points each language's lunr search at its own index, through this worker.
            config.extra["casebook_lunr"] = SEARCH_WORKER

    def _watch(self, config: MkDocsConfig, root: Path) -> None:
        config.watch.append(str(root / self.config.cases_dir))
        if (root / self.config.workshops_dir).is_dir():
            config.watch.append(str(root / self.config.workshops_dir))
        # A review record written by `casebook review` clears a stale notice at the next rebuild.
        reviews = (root / self.config.cases_dir).parent / REVIEWS_DIR
        if reviews.is_dir():
            config.watch.append(str(reviews))
        config.watch.append(
            str(root / self.config.taxonomy_dir if self.config.taxonomy_dir else TAXONOMY_DIR)
        )

    def _load(self, config: MkDocsConfig) -> tuple[Library, WorkshopSet]:
        """The cases (a broken file shows its last good version) and workshops, problems reported."""
        root = Path(config.config_file_path).parent
        cases_dir = root / self.config.cases_dir
        library = load_cases(cases_dir, self.build.taxonomy, display_root=root, cache=self.kept.read_cache)
        restored = library.restore(self.kept.last_good)
        self.kept.last_good = {case.path: case for case in library.cases.values()}
        if self.is_serve:
            self.build.broken = {}
            for path, case_id in restored.items():
                self.build.broken.setdefault(case_id, []).extend(p for p in library.errors if p.file == path)
        case_ids = known_case_ids(library, cases_dir)
        workshops = load_workshops(root / self.config.workshops_dir, case_ids, display_root=root)
        report_problems(
            library,
            restored,
            workshops,
            self.build.labels,
            require_translations=self.config.require_translations,
            strict=config.strict,
            log=log,
        )
        return library, workshops

    def _render(self, library: Library, workshops: WorkshopSet, config: MkDocsConfig) -> list[GeneratedPage]:
        build = self.build
        options = site_options(config, self.config)
        build.site = Site.from_cases(
            library.cases, build.taxonomy, build.labels, options, workshops.workshops, self.kept.memo
        )
        if self.kept.warming is not None:
            self.kept.warming.join()  # the memo is the warming's until it is done
            self.kept.warming = None
        cached = self._start_cache(config, library, workshops)
        if cached is not None:
            log.info("Casebook's pages come from the build cache: nothing changed since it was written")
            build.warm = self.kept.memo is not None
            return cached
        with _override_errors():
            return render_site(build.site)

    # The build cache (see casebook.cache and plugin/build_cache.py).

    def _use_cache(self, config: MkDocsConfig, root: Path) -> None:
        """Use the build cache in this build if the options ask for it and MkDocs allows it."""
        options = self.config.cache
        wanted = options.enabled and (self.is_serve or options.build) and self.config.search == "pagefind"
        if not wanted:
            return
        if not skip_reused_pages():
            log.info("the build cache is not used: it needs MkDocs 1.6")
            return
        folder = (root / options.dir).resolve()
        if self.kept.cache is None or self.kept.cache.store.root != folder:
            self.kept.cache = BuildCache(folder, self.command)
        self.build.cache = self.kept.cache
        self.build.warnings = PageWarnings(config)
        logging.getLogger("mkdocs").addHandler(self.build.warnings)

    def _warm_memo(self, site: Site) -> None:
        """Render the site on a thread of its own, into a dev server's memo, for the first edit.

        The first build took its pages from the cache: without this, the first edit after
        it would render every page again, where later edits render only what they touch.
        """

        def warm() -> None:
            try:
                render_site(site)
            except Exception as error:  # the next build renders what this did not
                log.warning(f"rendering ahead of the first edit failed: {error}")

        self.kept.warming = threading.Thread(target=warm, name="casebook-warm-memo", daemon=True)
        self.kept.warming.start()

    def _stop_noting_warnings(self) -> None:
        if self._build is not None and self._build.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._build.warnings)

    def _start_cache(
        self, config: MkDocsConfig, library: Library, workshops: WorkshopSet
    ) -> list[GeneratedPage] | None:
        """Start the build cache for this build; return its pages if the library is as it was."""
        cache = self.build.cache
        if cache is None:
            return None
        root = Path(config.config_file_path).parent
        taxonomy_dir = root / self.config.taxonomy_dir if self.config.taxonomy_dir else TAXONOMY_DIR
        key = build_key(config, self.command, cache.trees, taxonomy_dir)
        whole = not library.broken_files and not workshops.broken_files
        inputs = (
            inputs_digest(
                cache.trees,
                root / self.config.cases_dir,
                root / self.config.workshops_dir,
                datetime.date.today(),
            )
            if whole
            else None
        )
        cache.start(key, inputs)
        return cache.cached_markdown()

    def _publish(self, pages: list[GeneratedPage], files: Files, config: MkDocsConfig) -> Files:
        """Add the generated pages to MkDocs' files and tell a dirty build which of them changed."""
        build = self.build
        build.generated = {page.src_uri for page in pages}
        handwritten = {file.src_uri for file in files.documentation_pages()}
        clashes = sorted(build.generated & handwritten)
        if clashes:
            raise PluginError(f"Casebook generates these pages, remove them from docs/: {', '.join(clashes)}")
        build.generated_files = self.kept.incremental.generated_files(config, pages)
        for file in build.generated_files:
            files.append(file)
        assert build.site is not None
        explorer = build.site.options.explorer
        build.nav_entries = {
            language.code: language_nav(build.labels, language, handwritten, explorer)
            for language in build.labels.languages
        }
        in_navigation = {
            entry
            for items in build.nav_entries.values()
            for item in items
            for entry in ([item] if isinstance(item, str) else item.pages)
        }
        titles = self.kept.incremental.titles
        unknown_titles = {uri for uri in in_navigation - build.generated if uri not in titles}
        changed = self.kept.incremental.mark_changes(files, pages, build.site.settings, unknown_titles)
        if build.cache is not None:
            reused, wanted = build.cache.reuse(build.generated_files, pages)
            log.info(f"build cache: {reused} of {wanted} generated files to build taken from the cache")
        if self.kept.memo is not None:
            remade = len(self.kept.memo.remade)
            again = counted(remade, "generated file", "generated files")
            log.info(f"{again} rendered again, the rest reused; {changed} changed")
        return files

    def _record_page(self, page: Page, config: MkDocsConfig) -> None:
        """Keep what a dirty build needs of a page it may not read again: its title and search entries."""
        search = config.plugins.get("material/search")
        if search is not None and hasattr(search, "search_index"):
            self.kept.incremental.record_search(page.url, search.search_index.entries)
        self.kept.incremental.record_title(page.file.src_uri, page.title)

    def _write_error_pages(self, config: MkDocsConfig, site_dir: Path) -> None:
        """Write the error page of every other language, e.g. ``it/404.html``, in that language."""
        build = self.build
        assert build.theme_env is not None and build.files is not None
        template = build.theme_env.get_template(NOT_FOUND)
        for language in build.labels.languages[1:]:
            # Like MkDocs' own 404.html: absolute links, as it shows at any address.
            base_url = urlsplit(config.site_url or "/").path
            context = get_context(build.navs[language.code], build.files, config, base_url=base_url)
            context["casebook"] = theme_context(build.labels, language.code, config.site_url or "", [])  # type: ignore[typeddict-unknown-key]
            html = with_security_policy(template.render(context))
            target = site_dir / language.prefix / NOT_FOUND
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")

    def _write_search_indexes(self, site_dir: Path) -> None:
        labels = self.build.labels
        if self.config.search == "pagefind":
            index = partial(self._write_pagefind_indexes, site_dir, labels)
            self.kept.indexing.start(index) if self.is_serve else index()
            return
        pages = self.kept.incremental.search_pages(self.build.page_urls)
        # Only a dev server builds again: keeping each page's JSON would just hold memory.
        cache = self.kept.incremental.search_json if self.is_serve else None
        split_search_index(site_dir, labels, pages, cache)
        assert self.build.site is not None
        write_search_worker(site_dir, self.build.site.env)

    @staticmethod
    def _write_pagefind_indexes(site_dir: Path, labels: Labels) -> None:
        counts = write_pagefind_indexes(site_dir, labels)
        log.info(
            "Pagefind indexed "
            + ", ".join(
                counted(
                    count,
                    f"{labels.language_of(prefix).name} page",
                    f"{labels.language_of(prefix).name} pages",
                )
                for prefix, count in counts.items()
            )
        )

    @staticmethod
    def _index_failed(error: BaseException) -> None:
        log.warning(f"Pagefind could not index the site: {error}")


@contextmanager
def _override_errors() -> Iterator[None]:
    """Stop the build, without a traceback, where a template override reads a name it does not receive."""
    try:
        yield
    except CasebookError as error:
        raise PluginError(f"Casebook: a template override cannot render:\n{error.report()}") from None
