"""Plain text that no later layer can read as markup: not HTML, not Markdown, not an extension's syntax.

Every value a page template prints goes through :func:`inert_text` (the environment's
``finalize``), unless it is already :class:`~markupsafe.Markup` made by Casebook itself
(sanitized case Markdown, structured data, an SVG code). The generated pages are
Markdown that Python-Markdown, its extensions (``attr_list``, ``admonition``, ``toc``) and
whatever a site adds (``pymdownx``) read again, so HTML escaping alone is not enough: a
company name ending in ``{: onfocus=… }`` became attributes of a heading. Here every
character that Markdown or an extension gives a meaning to is written as a character
reference, which every Markdown parser passes through as text and every browser shows as
the character itself; line breaks and leading spaces, which start blocks, are references too.
"""

from __future__ import annotations

import re

from markupsafe import Markup

#: Characters that start or close Markdown syntax anywhere in a line: escapes, code, emphasis,
#: links and images (``![``), attribute lists, headings' closing hashes, tables, and the
#: syntax of common extensions (strike, mark, insert, super- and subscript, keys, critic
#: marks, maths). Colons and exclamation marks mean something only where a line starts.
_ANYWHERE = "\\`*_[]{}#|~^=+$"
_SYNTAX = {ord(char): f"&#{ord(char)};" for char in _ANYWHERE}
#: Plain text: HTML's characters and Markdown's as references. Line breaks start new blocks
#: (headings, lists, admonitions, setext underlines). The placeholders Python-Markdown keeps
#: its stashed HTML under (STX, ETX) and the other C0 controls never reach a page
#: (``casebook check`` refuses them) but are made harmless here too.
_TEXT = (
    _SYNTAX
    # HTML's as markupsafe writes them, so that both escapers give the same bytes.
    | {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&#34;", ord("'"): "&#39;"}
    | {ord(char): f"&#{ord(char)};" for char in "\n\r\t"}
    | {code: "\ufffd" for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
)
#: What makes a block where a value begins a line: an indented code block, a list item
#: (``-``, ``1.``), a definition (``:``) or an admonition (``!!!``).
_BLOCK_START = re.compile(r"^(?: +|[-:!]|[0-9]+(?=[.)]))")


def _start(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(char)};" for char in match[0])


def inert_text(value: object) -> Markup:
    """``value`` as text that HTML and Markdown both show exactly as it is, and nothing else.

    >>> inert_text("Boots {: onfocus=alert(1) }")
    Markup('Boots &#123;: onfocus&#61;alert(1) &#125;')
    """
    if isinstance(value, Markup):
        return value
    text = str(value).translate(_TEXT)
    return Markup(_BLOCK_START.sub(_start, text, count=1))


def inert_html(html: str) -> Markup:
    """Sanitized HTML on one line, its text between the tags made inert as :func:`inert_text` does.

    The HTML of case Markdown sits in HTML blocks, which Python-Markdown leaves alone; this
    keeps it text even where a template or an extension puts it inline.
    """
    return Markup(_TAG_OR_SYNTAX.sub(_inert_piece, html))


#: A tag as nh3 writes it (attribute values in double quotes, with ``"`` escaped), a
#: character reference, or a character of Markdown's syntax in text.
_TAG_OR_SYNTAX = re.compile(
    r'(<[^>"]*(?:"[^"]*"[^>"]*)*>|&#?[0-9A-Za-z]+;)|([\n' + re.escape(_ANYWHERE) + "])"
)


def _inert_piece(match: re.Match[str]) -> str:
    # Text from nh3 is escaped already. A line break is a space to HTML (the subset has no
    # <pre>), and where Markdown reads the HTML, no line of it may start a block.
    if match[1] is not None:
        return match[1]
    return " " if match[2] == "\n" else f"&#{ord(match[2])};"
