"""A workshop: cases in order, with the trainer's questions and teaching notes, for a training session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from casebook.model.text import Localized


@dataclass(frozen=True)
class CaseNotes:
    """The trainer's notes on one case of a workshop: never on a handout or the audience's screen.
    Its minutes are those of its part of the plan (one source for each figure)."""

    look_for: tuple[Localized, ...]
    discussion: tuple[Localized, ...]
    takeaway: Localized


@dataclass(frozen=True)
class WorkshopCase:
    """One case of a workshop, the trainer's questions about it and the notes on it."""

    case_id: str
    questions: tuple[Localized, ...]
    notes: CaseNotes | None = None


@dataclass(frozen=True)
class PlanPart:
    """One part of a session's plan: the discussion of one or more cases, or anything else."""

    minutes: int
    text: Localized
    case_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkshopNotes:
    """The trainer's notes on the whole session: what it teaches, and its parts with their minutes."""

    objectives: tuple[Localized, ...]
    plan: tuple[PlanPart, ...]
    #: Status of each translated language, as in a case (``{"it": "draft"}``).
    translations: Mapping[str, str] = field(default_factory=dict)


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
    notes: WorkshopNotes | None = None

    def translation_status(self, lang: str) -> str:
        """Return ``original``, ``reviewed`` or ``draft`` (every text is in both languages)."""
        if lang == self.language:
            return "original"
        return self.translations.get(lang, "draft")

    def case_number(self, case_id: str) -> int:
        """The position of a case in the session, from 1."""
        return next(index for index, item in enumerate(self.cases, 1) if item.case_id == case_id)

    def part_of(self, case_id: str) -> PlanPart | None:
        """The part of the plan in which a case is discussed (None without a plan)."""
        parts = self.notes.plan if self.notes else ()
        return next((part for part in parts if case_id in part.case_ids), None)
