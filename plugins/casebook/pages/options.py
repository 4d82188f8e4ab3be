"""The settings every page depends on: the site's options, and with them the labels and taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebook.i18n import Labels
from casebook.model import Taxonomy


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
    #: The folder case files' paths (``Case.path``) start from, to serve each file as written
    #: for "Suggest a correction"; None: the current folder.
    source_root: Path | None = None


@dataclass(frozen=True)
class SiteSettings:
    """All that a page template sees of the site: frozen settings, the same for every page.

    Templates get this as ``site``, and never the library itself: the render memo
    reuses a page while its own values and these settings are unchanged, so a
    template that read other cases would show them stale on a dev server.
    """

    taxonomy: Taxonomy
    labels: Labels
    options: SiteOptions
