"""MkDocs navigation objects for the core's per-language navigation layout."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from casebook.i18n import Language
from casebook.pages import urls
from casebook.pages.navigation import NavItem, NavSection


def build_language_nav(
    files: Files,
    entries: list[NavItem],
    language: Language,
    generated: set[str],
    known_title: Callable[[File], str | None],
) -> Navigation:
    """Return the MkDocs navigation of one language from its ``entries`` (source paths), in order.

    Every page shows the titles of the whole navigation, but a dirty rebuild does not
    read the pages it leaves alone: generated pages get their titles from their front
    matter now, hand-written ones from ``known_title`` (an earlier build) if unchanged.
    """

    def page(src_uri: str) -> Page | None:
        file = files.get_file_from_path(src_uri)
        if file is None or not isinstance(file.page, Page):
            return None
        title = (
            meta.get_data(file.content_string)[1].get("title") if src_uri in generated else known_title(file)
        )
        if isinstance(title, str):
            file.page.title = title
        return file.page

    items: list[Page | Section] = []
    pages: list[Page] = []
    # A page is in the navigation only if the site has it.
    for entry in entries:
        if isinstance(entry, NavSection):
            children = [child for child in map(page, entry.pages) if child is not None]
            section = Section(entry.title, list(children))
            for child in children:
                child.parent = section
            items.append(section)
            pages += children
        elif (found := page(entry)) is not None:
            found.parent = None
            items.append(found)
            pages.append(found)
    for previous, following in pairwise(pages):
        previous.next_page, following.previous_page = following, previous
    nav = Navigation(items, pages)
    nav.homepage = page(language.prefix + urls.HOME)
    return nav
