"""The safe Markdown subset allowed in case text, rendered to sanitized HTML.

Contributors are strangers: their text may only produce paragraphs, emphasis,
lists, code spans and links to http(s) URLs or to other cases (``[text](case:id)``).
Raw HTML is shown as text, and the result is sanitized once more with ``nh3``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from itertools import islice

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

CASE_SCHEME = "case:"
_EXTERNAL_SCHEMES = ("http://", "https://")
_ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "br"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "rel", "class", "data-print"}, "ol": {"start"}}

#: Resolves a case id to (URL, title) or (URL, title, what a printout shows after the link,
#: such as "CX-0003 · casebook.example.org/c/3/"), or returns None when no such case exists.
CaseLinkResolver = Callable[[str], "tuple[str, str] | tuple[str, str, str] | None"]


#: How case text is parsed: markdown-it's preset, options and rules, and the links it keeps.
#: The propose form gets this as data and parses with markdown-it (JavaScript) set up the
#: same way, so the form and casebook check find the same case links.
_PRESET = "zero"
_OPTIONS = {"html": False, "linkify": False, "typographer": False}
_RULES = ["emphasis", "link", "list", "escape", "backticks", "autolink", "newline"]
_LINK_PREFIXES = (*_EXTERNAL_SCHEMES, CASE_SCHEME)
PARSER = {"preset": _PRESET, "options": _OPTIONS, "rules": _RULES, "link_prefixes": list(_LINK_PREFIXES)}


def _is_allowed_link(url: str) -> bool:
    return url.startswith(_LINK_PREFIXES)


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt(_PRESET, dict(_OPTIONS))
    parser.enable(_RULES)
    parser.validateLink = _is_allowed_link  # type: ignore[method-assign]
    return parser


def _links(tokens: list[Token]) -> list[Token]:
    return [
        child
        for token in tokens
        if token.type == "inline" and token.children
        for child in token.children
        if child.type == "link_open"
    ]


#: Characters that make Markdown other than words, emphasis and links: code spans,
#: autolinks, escapes, character references (``case&#58;``) and carriage returns.
_NOT_PLAIN_MARKDOWN = re.compile(r"[`<\\&\r]")
#: A line that may start a list item (lists nest, and the parser stops nesting at a limit).
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-+*]|[0-9]+[.)])(?:[ \t]|$)", re.MULTILINE)
#: A link whose text has no bracket or line break, to a case or a web address: group 1 is the case id.
_PLAIN_LINK = re.compile(r"\[[^\[\]\n]*\]\((?:case:([a-z0-9-]*)|https?://[^\s()\[\]]*)\)")
_BRACKET = re.compile(r"[\[\]]")
#: What begins Markdown in the safe subset, or what the parser rewrites: emphasis, links,
#: code spans, autolinks, escapes, carriage returns and NUL (``&`` is text: references are off).
_MARKDOWN_SYNTAX = re.compile(r"[*_\[\]`<\\\r\x00]")
#: Whitespace other than spaces and line feeds (tabs, Unicode spaces), which the parser and
#: Python treat differently, and a line ending in two spaces (a hard line break).
_UNUSUAL_SPACE = re.compile(r"[^\S \n]|  \n")
_BLANK_LINES = re.compile(r"\n(?: *\n)+")
_WORD = re.compile(r"\S+")


def _is_plain(text: str) -> bool:
    """Whether ``text`` is words, spaces and line breaks only: the parser finds just paragraphs.

    Most case text is plain, and parsing it took most of the time of rendering a large site.
    """
    return (
        _MARKDOWN_SYNTAX.search(text) is None
        and _LIST_ITEM.search(text) is None
        and _UNUSUAL_SPACE.search(text) is None
    )


def _plain_tokens(text: str) -> list[Token]:
    """The tokens the parser makes of a plain text: paragraphs of lines, without their spaces."""
    tokens: list[Token] = []
    for paragraph in _BLANK_LINES.split(text.strip(" \n")):
        if not paragraph:
            continue
        children: list[Token] = []
        for line in paragraph.split("\n"):
            if children:
                children.append(Token("softbreak", "br", 0))
            children.append(Token("text", "", 0, content=line.strip(" ")))
        tokens += [
            Token("paragraph_open", "p", 1, block=True),
            Token("inline", "", 0, content=paragraph, children=children, block=True),
            Token("paragraph_close", "p", -1, block=True),
        ]
    return tokens


def case_link_targets(text: str) -> list[str]:
    """Return the case ids that ``text`` links to with ``[text](case:id)``.

    The Markdown parser would take most of a large library's check, so it is left
    out when the answer is plain to see. A text with no ``case:``, ``&`` or backslash
    links no case (the parser decodes ``case&#58;`` and ``case\\:`` in a link). In
    plain Markdown (no code span, autolink, escape, character reference or list item)
    where every bracket belongs to a link of the shape of :data:`_PLAIN_LINK`, those
    links are exactly the ones the parser finds.
    """
    if CASE_SCHEME not in text and "&" not in text and "\\" not in text:
        return []
    if (
        _NOT_PLAIN_MARKDOWN.search(text) is None
        and _LIST_ITEM.search(text) is None
        and not _BRACKET.search(_PLAIN_LINK.sub("", text))
    ):
        return [match[1] for match in _PLAIN_LINK.finditer(text) if match[1] is not None]
    return list(_parsed_case_links(text))


@lru_cache(maxsize=1 << 16)  # a dev server checks every case's links again after each edit
def _parsed_case_links(text: str) -> tuple[str, ...]:
    hrefs = (str(link.attrGet("href") or "") for link in _links(_parser().parse(text)))
    return tuple(href[len(CASE_SCHEME) :] for href in hrefs if href.startswith(CASE_SCHEME))


@lru_cache(maxsize=1 << 16)  # the same moment is listed on its stage, touchpoint, outcome and cell pages
def excerpt(text: str, words: int) -> str:
    """Return the first ``words`` words of contributor Markdown as plain text, "…" if cut.

    Listings show a moment in a line or two; its full text is on the case page.
    Links keep their text (an empty case link shows nothing), markup is dropped.
    """
    found = _first_words(text, words + 1)
    if len(found) <= words:
        return " ".join(found)
    # "Natale…", not "Natale.…": the ellipsis stands for the rest, punctuation included.
    return " ".join(found[:words]).rstrip(".,;:") + "…"


def _first_words(text: str, wanted: int) -> list[str]:
    """The words of ``text``'s content, the first ``wanted`` of them at least."""
    ends = [match.end() for match in islice(_WORD.finditer(text), wanted)]
    head = text[: ends[-1]] if len(ends) == wanted else text
    # The words of a head without Markdown are the first words, whatever follows it.
    return head.split() if _is_plain(head) else _parsed_words(text)


def _parsed_words(text: str) -> list[str]:
    # Paragraphs and line breaks separate words; emphasis and links inside a word do not.
    pieces = [
        child.content if child.type in ("text", "code_inline") else " "
        for token in _parser().parse(text)
        if token.type == "inline" and token.children
        for child in [*token.children, Token("softbreak", "", 0)]
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    ]
    return "".join(pieces).split()


def render_markdown(text: str, resolve_case: CaseLinkResolver) -> str:
    """Render contributor Markdown to sanitized HTML.

    Case links become links to the case page returned by ``resolve_case``; an
    empty link text takes the case title. External links open with
    ``rel="noopener noreferrer"``. Nothing else than the safe subset survives.
    """
    parser = _parser()
    tokens = _plain_tokens(text) if _is_plain(text) else parser.parse(text)
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children = token.children
        for index, child in enumerate(children):
            if child.type != "link_open":
                continue
            href = str(child.attrGet("href") or "")
            if href.startswith(CASE_SCHEME):
                target = resolve_case(href[len(CASE_SCHEME) :])
                if target is None:
                    continue
                url, title = target[0], target[1]
                child.attrSet("href", url)
                child.attrSet("class", "cb-case-link")
                if len(target) > 2:
                    child.attrSet("data-print", target[2])
                if children[index + 1].type == "link_close":
                    label = Token("text", "", 0, content=title)
                    children.insert(index + 1, label)
            else:
                child.attrSet("rel", "noopener noreferrer")
    html = parser.renderer.render(tokens, parser.options, {})
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel=None,
        strip_comments=True,
    ).strip()
