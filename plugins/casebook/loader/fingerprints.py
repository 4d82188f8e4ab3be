"""Fingerprints of original texts: what a translation was reviewed against.

When a translation is reviewed, ``casebook review`` records a fingerprint of the original
text of each field it translates (:func:`case_fingerprints`). A field whose original no
longer has that fingerprint is *stale*: its translation describes an older text.

A fingerprint is taken of what a reader sees, not of the bytes in the file: a Markdown
text is rendered first (case links keep their target, not the other case's title), and
runs of whitespace become one space, so that folding a long line again or changing the
spaces between words changes nothing, while a word, a mark of emphasis, a link or a new
paragraph does.
"""

from __future__ import annotations

import hashlib
import re

from casebook.errors import format_field
from casebook.markup import render_markdown
from casebook.model import Case

#: Hex digits kept of each SHA-256: enough that two different texts never meet in practice,
#: short enough to read in a review record.
_DIGITS = 16
_SPACE = re.compile(r"\s+")


def _keep_target(case_id: str) -> tuple[str, str]:
    # A case link counts by its target: the other case's title may change without this text changing.
    return f"#{case_id}", case_id


def fingerprint(text: str, markdown: bool) -> str:
    """The fingerprint of ``text`` as a reader sees it (Markdown rendered, whitespace folded)."""
    seen = render_markdown(text, _keep_target) if markdown else text
    folded = _SPACE.sub(" ", seen).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:_DIGITS]


def case_fingerprints(case: Case, lang: str) -> dict[str, str]:
    """The fingerprint of the original of every field that has a translation in ``lang``, by field name."""
    return {
        format_field(path): fingerprint(text.texts[case.language], markdown)
        for path, text, markdown in case.texts()
        if text.has(lang) and text.has(case.language)
    }
