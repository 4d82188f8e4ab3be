"""What Casebook's theme templates (the page head, footer and error page) read, in one language.

The plugin puts one :class:`ThemeContext` in the context of every page it renders as
``casebook``; the templates in ``templates/theme/`` call it for labels and addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from casebook.i18n import Labels, Language
from casebook.pages import urls

#: The link-preview image shipped with the theme (1200 x 630 px), below the site root.
PREVIEW_IMAGE = "assets/images/casebook-preview.png"
PREVIEW_SIZE = (1200, 630)
#: The page that says who publishes the site, in each language.
PUBLISHER_PAGE = "publisher.md"


@dataclass(frozen=True)
class Alternate:
    """The same page in one language: for ``hreflang`` links and Open Graph locales."""

    lang: str
    locale: str
    #: Address below the site root, "" for the home page.
    path: str


@dataclass(frozen=True)
class ThemeContext:
    """Labels and addresses for the theme templates of one page."""

    labels: Labels
    language: Language
    #: The published address of the site with a trailing slash, "" if unknown.
    site_url: str
    #: This page in every language, the default language first.
    alternates: tuple[Alternate, ...] = ()
    #: The link-preview image (below the site root) and its size in pixels, for the page head.
    preview_image: ClassVar[str] = PREVIEW_IMAGE
    preview_size: ClassVar[tuple[int, int]] = PREVIEW_SIZE
    #: The page that says who publishes the site, for the footer.
    publisher_page: ClassVar[str] = PUBLISHER_PAGE

    @property
    def lang(self) -> str:
        """The page's language code."""
        return self.language.code

    def t(self, key: str, **values: object) -> str:
        """Interface label in the page's language."""
        return self.labels.t(key, self.lang, **values)

    def path(self, src_uri: str) -> str:
        """Address of a page of this language below the site root, e.g. ``it/publisher/``."""
        return urls.page_url(self.language.prefix + src_uri)

    def absolute(self, path: str) -> str:
        """``path`` (below the site root) as a full address when the site's address is known."""
        return f"{self.site_url}{path}" if self.site_url else ""

    @property
    def locale(self) -> str:
        """Open Graph locale of the page, e.g. ``it_IT``."""
        return self.t("meta.locale")

    @property
    def other_locales(self) -> list[str]:
        """Open Graph locales of the other languages."""
        return [alternate.locale for alternate in self.alternates if alternate.lang != self.lang]


def theme_context(
    labels: Labels, lang: str, site_url: str, alternates: list[tuple[str, str]]
) -> ThemeContext:
    """The theme context of a page in ``lang``, given its address in each language as (code, path)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    return ThemeContext(
        labels,
        labels.language(lang),
        base,
        tuple(Alternate(code, labels.t("meta.locale", code), path) for code, path in alternates),
    )
