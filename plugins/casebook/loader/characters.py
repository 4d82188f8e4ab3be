"""Characters that a case file may not hold: what the site's files (XML, JSON, HTML) cannot carry.

YAML refuses most control characters written into a file, but its escapes
(``"\\v"``, ``"\\x00"``, ``"\\ud800"``) still put them into a text, and a text holding
one makes ``feed.xml`` ill-formed. Such characters are refused wherever they come
from, named and explained, since the contributor cannot see them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from casebook.errors import FieldPath, Problem, format_field

if TYPE_CHECKING:
    from casebook.loader.yaml_reader import YamlDocument

#: What XML 1.0 cannot carry: C0 controls other than tab, line feed and carriage return,
#: lone surrogates (half of a character), and the noncharacters U+FFFE and U+FFFF. Written
#: with escapes that Python's ``re`` and JavaScript's ``RegExp`` (with the ``u`` flag, where a
#: surrogate range matches only a lone surrogate) read alike: the propose form gets it as data.
UNCARRIABLE_PATTERN = r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]"
UNCARRIABLE = re.compile(UNCARRIABLE_PATTERN)

#: Unicode names the ``unicodedata`` module does not give (controls have aliases only).
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION (vertical tab)",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}
#: The likely way each character got into the text, for the hint.
_CAUSES = {
    0x0B: "a manual line break (Shift+Enter) pasted from a word processor",
    0x0C: "a page break pasted from a word processor",
    0x00: "a broken copy, or bytes that are not text",
    0x07: "a broken copy, or a terminal's bell written out",
    0x08: "a backspace that a terminal or an old editor wrote into the text",
}


def character_name(char: str) -> str:
    """``U+000B LINE TABULATION (vertical tab)``: the code point and its Unicode name or kind."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate (half of a character)"
    elif code in (0xFFFE, 0xFFFF):
        name = "a noncharacter"
    else:
        name = _CONTROL_NAMES.get(code) or str(unicodedata.name(char, "a control character"))
    return f"U+{code:04X} {name}"


def likely_cause(char: str) -> str:
    """How ``char`` usually gets into a text, so the contributor knows where to look."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "an emoji or other character cut in two when the text was copied or shortened"
    if code in (0xFFFE, 0xFFFF):
        return "a text converted with the wrong encoding"
    return _CAUSES.get(code, "an invisible character from a copy and paste")


def uncarriable_problems(document: YamlDocument, display_path: str) -> list[Problem]:
    """A problem for every text (or key) of ``document`` holding a character the site cannot carry."""
    problems = []
    for field_path, text in _texts(document.data, ()):
        found = UNCARRIABLE.search(text)
        if found is None:
            continue
        char = found.group()
        line, column = document.position(field_path)
        problems.append(
            Problem(
                display_path,
                line,
                column,
                format_field(field_path),
                f"the text holds {character_name(char)} (character {found.start() + 1} of the text), "
                "which web pages and feeds cannot carry",
                f"remove it: it is likely {likely_cause(char)}; use a plain space or a line break",
            )
        )
    return problems


def _texts(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and UNCARRIABLE.search(key):
                yield path, key
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
