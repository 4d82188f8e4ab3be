"""The Jinja environment of the page templates and the filters they use."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from casebook.pages.inert import inert_text
from casebook.pages.overrides import PageTemplate
from casebook.pages.presenter import case_numbers, minutes_of, presenter_data
from casebook.resources import PAGE_TEMPLATES_DIR


@lru_cache(maxsize=4)
def template_environment(
    template_dirs: tuple[Path, ...], files: tuple[tuple[Path, int], ...]
) -> jinja2.Environment:
    """The Jinja environment of the page templates, made again only when a template file changes.

    Overrides in ``template_dirs`` come before the shipped templates. Every printed value
    that is not Markup made by Casebook becomes inert text (:func:`~casebook.pages.inert.inert_text`):
    the templates write Markdown, and no value from a case file may become Markdown, HTML or
    an extension's syntax, whichever template prints it. A dev server
    renders with the templates it compiled for the previous build; a new or edited
    override (``files``, with their modification times, differ) gets a new environment.
    """
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            jinja2.FileSystemLoader(str(PAGE_TEMPLATES_DIR)),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=inert_text,
    )
    # An override that reads a name its template does not receive fails with its file and line.
    env.template_class = PageTemplate
    env.filters["front_matter_text"] = front_matter_text
    env.filters["json_data"] = json_data
    env.filters["bibtex"] = bibtex
    env.globals.update(presenter_data=presenter_data, case_numbers=case_numbers, minutes_of=minutes_of)
    return env


_BIBTEX_SPECIALS = str.maketrans(
    {c: f"\\{c}" for c in "{}%&$#_"} | {"\\": "\\textbackslash{}", "~": "\\~{}", "^": "\\^{}"}
)


def bibtex(value: str) -> str:
    """Escape text for a BibTeX field value."""
    return str(value).translate(_BIBTEX_SPECIALS)


def front_matter_text(value: str) -> Markup:
    """Text for a front-matter value that the theme puts into HTML as it is (a page title).

    Escaped as HTML first, then quoted as a JSON string, which is valid YAML.
    """
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def json_data(value: object) -> Markup:
    """JSON for a ``<script>`` element or a front-matter value: ``<``, ``>``, ``&`` and ``'``
    are written as ``\\u`` escapes, so no text inside can close the element or become markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&'":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)
