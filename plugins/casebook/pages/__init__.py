"""Page builders: turn the loaded library into the site's Markdown pages."""

from casebook.pages.render import (
    GeneratedPage,
    PageContext,
    RenderMemo,
    Site,
    SiteOptions,
    expand_taxonomy_markers,
    render_case,
)
from casebook.pages.site import render_site

__all__ = [
    "GeneratedPage",
    "PageContext",
    "RenderMemo",
    "Site",
    "SiteOptions",
    "expand_taxonomy_markers",
    "render_case",
    "render_site",
]
