"""Everything the site is made of, in one call."""

from __future__ import annotations

from casebook.pages.exports import render_exports
from casebook.pages.render import GeneratedPage, Site, render_pages


def render_site(site: Site) -> list[GeneratedPage]:
    """Render every generated file: pages and redirects in every language, exports and feeds.

    With ``site.memo``, pages whose inputs are unchanged since the last call are reused.
    """
    if site.memo is not None:
        site.memo.start(site.settings())
    pages = render_pages(site) + render_exports(site)
    if site.memo is not None:
        site.memo.finish()
    return pages
