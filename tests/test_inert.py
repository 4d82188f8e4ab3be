"""Inert text: any value, through Python-Markdown with the site's extensions and common ones,
comes out as the same text and no markup (see casebook.pages.inert)."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from casebook.markup import render_markdown
from casebook.pages.inert import inert_html, inert_text
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_hostile_fields import PIECES

#: The site's extensions (mkdocs.yml) and the inline ones of pymdown-extensions, which a site
#: built on Material may add: none of them may find syntax in an inert value.
EXTENSIONS = [
    "admonition",
    "attr_list",
    "toc",
    "def_list",
    "abbr",
    "footnotes",
    "tables",
    "md_in_html",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.keys",
    "pymdownx.critic",
    "pymdownx.inlinehilite",
    "pymdownx.smartsymbols",
]
#: Text with the characters of every syntax, and the pieces of the site-wide hostile test.
TEXT = st.one_of(
    # Controls other than tab and line feed never reach a page: casebook check refuses them.
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"), max_size=40),
    st.lists(st.sampled_from([piece.format(m="x") for piece in PIECES]), max_size=4).map("".join),
)


def _render(source: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(source, extensions=EXTENSIONS), "html.parser")


def _shown(text: str) -> str:
    """What a reader sees of ``text``: HTML collapses whitespace."""
    return " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_value_in_a_heading_or_a_paragraph_is_its_own_text(value: str) -> None:
    for line, element in ((f"# {inert_text(value)}", "h1"), (str(inert_text(value)), "p")):
        soup = _render(line)
        made = [tag.name for tag in soup.find_all(True)]
        if not _shown(value):
            continue
        assert made == [element], (value, str(soup))
        tag = soup.find(element)
        assert tag is not None
        assert set(tag.attrs) <= {"id"}, (value, str(soup))
        assert _shown(tag.get_text()) == _shown(value), (value, str(soup))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_sanitized_case_markdown_put_inline_makes_no_more_markup(text: str) -> None:
    """Case Markdown's HTML, were a template to put it in a paragraph, stays what it was."""
    html = render_markdown(text, lambda case_id: None)
    before = BeautifulSoup(html, "html.parser")
    after = _render(f"<span>{inert_html(html)}</span>")
    assert [t.name for t in after.find_all(True)] == ["p", "span"] + [t.name for t in before.find_all(True)]
    assert _shown(after.get_text()) == _shown(before.get_text())
