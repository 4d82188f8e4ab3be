"""The plugin's options in ``mkdocs.yml``, and the page settings they make with the site's own."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from casebook.pages import SiteOptions
from casebook.pages.propose import new_case_url


class CacheConfig(base.Config):
    """Options of the build cache (``cache:`` below the plugin's options); see :mod:`casebook.cache`."""

    #: Read and write the cache at all: ``mkdocs serve`` uses it, ``mkdocs build`` when ``build`` says so.
    enabled = c.Type(bool, default=True)
    #: ``mkdocs build`` reuses the cache too (CI sets it; a deploy builds from nothing).
    build = c.Type(bool, default=False)
    #: The cache's folder, relative to ``mkdocs.yml``.
    dir = c.Type(str, default=".cache/casebook")


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
    #: How many cases the home page lists, those of the latest events.
    newest_count = c.Type(int, default=5)
    #: How many entries a page of a long list shows: all cases, translation status, a topic,
    #: a company, a journey cell.
    list_page_size = c.Type(int, default=100)
    #: ``pagefind``: index the built site with Pagefind (the published site). ``material``:
    #: Material's lunr search, split per language (the offline site, opened from disk).
    search = c.Choice(("pagefind", "material"), default="pagefind")
    #: The iframe-worker shim the offline site ships (``search: material`` opened from disk),
    #: relative to ``mkdocs.yml``: the frame it writes is allowed by its hash in each page's policy.
    worker_shim = c.Optional(c.Type(str))
    #: The build cache on disk, which outlives the process (see :class:`CacheConfig`).
    cache = c.SubConfig(CacheConfig)


def site_options(config: MkDocsConfig, options: CasebookConfig) -> SiteOptions:
    """The settings of the generated pages for this ``mkdocs.yml`` and these plugin options."""
    repo_url = config.repo_url or ""
    edit_url = options.edit_url or (f"{repo_url.rstrip('/')}/edit/main/{{path}}" if repo_url else "")
    custom_dir = config.theme.custom_dir
    return SiteOptions(
        use_directory_urls=config.use_directory_urls,
        edit_url=edit_url,
        template_dirs=(Path(custom_dir) / "casebook",) if custom_dir else (),
        newest_count=options.newest_count,
        list_page_size=options.list_page_size,
        site_url=config.site_url or "",
        site_name=config.site_name,
        repo_url=repo_url,
        explorer=options.search == "pagefind",
        new_case_url=new_case_url(repo_url, options.cases_dir),
        source_root=Path(config.config_file_path).parent,
    )
