"""A dev server's notice on the page of a case whose file has errors: what broke, and where.

While a case file has errors, ``mkdocs serve`` keeps showing the case's last good
version, so nothing that uses it disappears. Without a word on the page, a saved
mistake looks like a save that did nothing: the banner lists each error with its
file and line, in the page's language, until the next good save.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from casebook.errors import Problem
from casebook.pages import urls
from casebook.pages.context import PageContext
from casebook.pages.values import GeneratedPage

if TYPE_CHECKING:
    from casebook.pages.site import Site

#: The end of a generated page's front matter: the banner goes right after it.
_FRONT_MATTER_END = "\n---\n"


def with_broken_banners(
    site: Site, pages: Sequence[GeneratedPage], broken: Mapping[str, Sequence[Problem]]
) -> list[GeneratedPage]:
    """``pages``, with a banner listing its file's problems on each page of a case in ``broken``.

    ``broken`` maps a case id to the problems of the file that holds it now.
    """
    wanted = {
        language.prefix + urls.case_page(case_id): case_id
        for case_id, problems in broken.items()
        if problems
        for language in site.labels.languages
    }
    if not wanted:
        return list(pages)
    template = site.env.get_template("_broken.html.j2")
    out = []
    for page in pages:
        case_id = wanted.get(page.src_uri)
        if case_id is None:
            out.append(page)
            continue
        context = PageContext(site, page.lang, urls.case_page(case_id))
        banner = template.render(page=context, problems=broken[case_id])
        end = page.content.index(_FRONT_MATTER_END, 3) + len(_FRONT_MATTER_END)
        out.append(dataclasses.replace(page, content=f"{page.content[:end]}\n{banner}\n{page.content[end:]}"))
    return out
