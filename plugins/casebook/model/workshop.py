"""A workshop: cases in order, with the trainer's questions, for a training session."""

from __future__ import annotations

from dataclasses import dataclass

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
