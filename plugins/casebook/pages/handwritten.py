"""Hand-written pages: the markers they may hold, filled in from the taxonomy and the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from casebook.glossary import load_glossary
from casebook.pages import urls
from casebook.pages.context import PageContext

if TYPE_CHECKING:
    from casebook.pages.site import Site


def expand_taxonomy_markers(markdown: str, site: Site, lang: str, src_uri: str) -> str:
    """Replace ``<!-- casebook:taxonomy KIND -->`` in a hand-written page with the term definitions,
    ``<!-- casebook:glossary -->`` with the glossary (``data/glossary.yaml``), and
    ``<!-- casebook:contact -->`` with how to reach the project (its repository's issues)."""
    kinds = {
        "stages": "stages",
        "touchpoints": "touchpoints",
        "outcomes": "outcomes",
        "case-outcomes": "case_outcomes",
    }
    for marker, kind in kinds.items():
        tag = f"<!-- casebook:taxonomy {marker} -->"
        if tag in markdown:
            page = PageContext(site, lang, src_uri.removeprefix(site.labels.language(lang).prefix))
            text = site.env.get_template("_definitions.md.j2").render(page=page, kind=kind, urls=urls)
            markdown = markdown.replace(tag, text)
    tag = "<!-- casebook:glossary -->"
    if tag in markdown:
        page = PageContext(site, lang, src_uri.removeprefix(site.labels.language(lang).prefix))
        text = site.env.get_template("_glossary.md.j2").render(page=page, glossary=load_glossary())
        markdown = markdown.replace(tag, text)
    tag = "<!-- casebook:contact -->"
    if tag in markdown:
        page = PageContext(site, lang, src_uri.removeprefix(site.labels.language(lang).prefix))
        repo = site.options.repo_url.rstrip("/")
        text = site.env.get_template("_contact.md.j2").render(
            # The site's own setting, put into a Markdown link: not contributor text.
            page=page,
            issues=Markup(escape(f"{repo}/issues")) if repo else "",
        )
        markdown = markdown.replace(tag, text)
    return markdown
