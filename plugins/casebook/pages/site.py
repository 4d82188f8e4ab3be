"""Everything the site is made of, in one call."""

from __future__ import annotations

from casebook.pages.exports import render_exports
from casebook.pages.propose import render_propose
from casebook.pages.render import GeneratedPage, Site, render_pages


def render_site(site: Site) -> list[GeneratedPage]:
    """Render every generated file: pages and redirects in every language, exports and feeds.

    With ``site.memo``, pages whose inputs are unchanged since the last call are reused.
    """
    if site.memo is not None:
        site.memo.start(site.settings())
    pages = render_pages(site) + render_exports(site) + render_propose(site)
    if site.memo is not None:
        site.memo.finish()
    else:
        # Rendered case text is shared between pages of this render only; a build goes on
        # holding the site (for hand-written pages), so the cache would hold memory to the end.
        site.markdown_cache.clear()
    return pages
