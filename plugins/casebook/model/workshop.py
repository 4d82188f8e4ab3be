"""A workshop: cases in order, with the trainer's questions, for a training session."""

from __future__ import annotations

from dataclasses import dataclass, field

from casebook.model.text import Localized


@dataclass(frozen=True)
class WorkshopCase:
    """One case of a workshop and the trainer's questions about it."""

    case_id: str
    questions: tuple[Localized, ...]


@dataclass(frozen=True)
class Workshop:
    """A set of cases for a session, read from ``workshops/<id>.yaml``."""

    id: str
    path: str
    title: Localized
    audience: Localized
    duration: int
    cases: tuple[WorkshopCase, ...]
    introduction: Localized | None = None
    #: The language the workshop was written in; the other is a translation.
    language: str = "en"
    #: Review status of each translation, as in a case: ``reviewed`` or ``draft``.
    translations: dict[str, str] = field(default_factory=dict)

    def translation_status(self, lang: str) -> str:
        """Return ``original``, ``reviewed`` or ``draft`` (every text is in both languages)."""
        if lang == self.language:
            return "original"
        return self.translations.get(lang, "draft")
