"""Page builders: turn the loaded library into the site's Markdown pages."""

from casebook.pages.builders import render_case
from casebook.pages.context import PageContext
from casebook.pages.handwritten import expand_taxonomy_markers
from casebook.pages.memo import RenderMemo
from casebook.pages.options import SiteOptions, SiteSettings
from casebook.pages.site import Site, render_site
from casebook.pages.values import GeneratedPage

__all__ = [
    "GeneratedPage",
    "PageContext",
    "RenderMemo",
    "Site",
    "SiteOptions",
    "SiteSettings",
    "expand_taxonomy_markers",
    "render_case",
    "render_site",
]
