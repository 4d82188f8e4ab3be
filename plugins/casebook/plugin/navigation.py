"""A navigation per language that lists index pages, so it stays short at thousands of cases."""

from __future__ import annotations

from itertools import pairwise

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from casebook.i18n import Labels, Language
from casebook.pages import urls
from casebook.plugin.language import language_of

_BROWSE = (
    urls.kind_index("stages"),
    urls.kind_index("touchpoints"),
    urls.kind_index("outcomes"),
    urls.kind_index("companies"),
    urls.kind_index("tags"),
    urls.ALL_CASES,
)


def build_language_nav(files: Files, labels: Labels, language: Language, generated: set[str]) -> Navigation:
    """Return the navigation of one language.

    Home and journey map first, then the browse pages, then the hand-written
    pages of that language (in file-name order), then translation status.
    """

    def page(src_uri: str) -> Page | None:
        file = files.get_file_from_path(language.prefix + src_uri)
        return file.page if file is not None and isinstance(file.page, Page) else None

    handwritten = sorted(
        (
            file
            for file in files.documentation_pages()
            if file.src_uri not in generated and language_of(file.src_uri, labels) == language.code
        ),
        key=lambda file: file.src_uri,
    )
    browse = Section(labels.t("nav.browse", language.code), [p for p in map(page, _BROWSE) if p])
    for child in browse.children:
        child.parent = browse
    items: list[Page | Section] = [p for p in (page(urls.HOME), page(urls.JOURNEY)) if p]
    items.append(browse)
    items += [file.page for file in handwritten if isinstance(file.page, Page)]
    items += [p for p in (page(urls.TRANSLATIONS),) if p]
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Section):
            pages += [child for child in item.children if isinstance(child, Page)]
        else:
            item.parent = None
            pages.append(item)
    for previous, following in pairwise(pages):
        previous.next_page, following.previous_page = following, previous
    nav = Navigation(items, pages)
    nav.homepage = page(urls.HOME)
    return nav
