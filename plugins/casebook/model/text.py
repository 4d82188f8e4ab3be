"""Text that exists in several languages, some of which may be missing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Localized:
    """One text in each language it was written in, e.g. ``{en: ..., it: ...}``."""

    texts: Mapping[str, str]

    def has(self, lang: str) -> bool:
        """Whether the text exists in ``lang``."""
        return bool(self.texts.get(lang))

    def get(self, lang: str, fallback: str) -> str:
        """Return the text in ``lang``, or in ``fallback`` when it is missing."""
        return self.texts.get(lang) or self.texts.get(fallback) or ""
