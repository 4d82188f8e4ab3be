"""What page builders hand to templates and what they make: a listed moment, a generated page."""

from __future__ import annotations

from dataclasses import dataclass

from casebook.model import Case, CaseEntry, Moment

#: A case in full (its own page) or as listings show it.
AnyCase = Case | CaseEntry


@dataclass(frozen=True)
class ListedMoment:
    """A moment as the stage, touchpoint, outcome and journey-cell pages list it."""

    case: CaseEntry
    moment: Moment


@dataclass(frozen=True)
class GeneratedPage:
    """One Markdown page to add to the site, at ``src_uri`` below the docs root."""

    src_uri: str
    lang: str
    content: str
