"""The navigation of each language: index pages only, so it stays short at thousands of cases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from casebook.i18n import Labels, Language
from casebook.pages import urls

_BROWSE = (
    urls.kind_index("stages"),
    urls.kind_index("touchpoints"),
    urls.kind_index("outcomes"),
    urls.kind_index("companies"),
    urls.kind_index("tags"),
    urls.ALL_CASES,
)


#: Hand-written pages for contributors and about the project, in this order: they sit in
#: their own section at the end of the menu (and in every page's footer), not among the
#: readers' pages. Their addresses do not change.
PROJECT_PAGES = ("publisher.md", "contributing.md", "glossary.md", "benchmarks.md")


@dataclass(frozen=True)
class NavSection:
    """A titled group of pages in the navigation."""

    title: str
    pages: tuple[str, ...]


NavItem = str | NavSection


def language_nav(
    labels: Labels, language: Language, handwritten: Iterable[str], explorer: bool = False
) -> list[NavItem]:
    """Return the navigation of ``language`` as source paths.

    Home, journey map, insight page and workshops first, then the browse pages (the case
    explorer first, if the site has it), then the readers' hand-written pages of that language (in file-name
    order), then the translation status, and last the section about the project (who
    publishes it, contributing, benchmarks).
    """
    prefix = language.prefix
    own = sorted(path for path in handwritten if labels.language_of(path) == language)
    project = [prefix + path for path in PROJECT_PAGES if prefix + path in own]
    items: list[NavItem] = [
        prefix + urls.HOME,
        prefix + urls.JOURNEY,
        prefix + urls.INSIGHT,
        prefix + urls.WORKSHOPS,
        NavSection(
            labels.t("nav.browse", language.code),
            tuple(prefix + path for path in ((urls.EXPLORE,) if explorer else ()) + _BROWSE),
        ),
        *(path for path in own if path not in project),
        prefix + urls.TRANSLATIONS,
    ]
    if project:
        items.append(NavSection(labels.t("nav.project", language.code), tuple(project)))
    return items
