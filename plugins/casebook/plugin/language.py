"""The language switcher of Material, page by page, and the title of generated pages in their contents."""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import AnchorLink, TableOfContents

from casebook.i18n import Labels
from casebook.pages.urls import HOME, page_url

#: A page that opens with its own title as HTML (a case or workshop title: never read as Markdown).
# The case number may carry other attributes (data-pagefind-ignore: search does not read it).
_OPENING_TITLE = re.compile(r'\s*(?:<p class="cb-number"[^>]*>.*?</p>\s*)?<h1 id="([\w-]+)"', re.DOTALL)


def alternates(labels: Labels, src_uri: str, known: set[str]) -> list[dict[str, Any]]:
    """Material's ``extra.alternate`` entries for one page: the same page in each language.

    A language that lacks the page links to its home page instead.
    """
    entries = []
    for language in labels.languages:
        target = labels.counterpart(src_uri, language) if src_uri else ""
        if target not in known:
            target = language.prefix + HOME
        path = page_url(target)
        entries.append({"name": language.name, "lang": language.code, "link": path or "./", "path": path})
    return entries


#: Casebook's search worker, written next to Material's (see ``search.write_search_worker``).
SEARCH_WORKER = "casebook-search.js"


def set_permalink_title(config: MkDocsConfig, title: str) -> None:
    """Title the ¶ links of the page about to be rendered in its language.

    The ``toc`` extension's title is one setting for the site, but MkDocs makes
    the Markdown converter anew for each page, from the settings as they are then.
    """
    if "toc" in config.markdown_extensions:
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = title


def title_first(toc: TableOfContents, html: str, title: str) -> TableOfContents:
    """Put a page's HTML title at the head of its table of contents, as a Markdown title would be.

    Material's "Skip to content" link goes to the first entry of the table of contents;
    a case's title is HTML, which the toc extension does not see, so the link skipped
    past the title and summary to the first section.
    """
    match = _OPENING_TITLE.match(html)
    if match is None or (toc.items and toc.items[0].level == 1):
        return toc
    heading = AnchorLink(title, match.group(1), 1)
    heading.children = list(toc.items)
    return TableOfContents([heading])
