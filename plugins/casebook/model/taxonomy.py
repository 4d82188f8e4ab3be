"""The journey taxonomy: stages, touchpoints, outcomes, sectors and tags."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from casebook.model.text import Localized


@dataclass(frozen=True)
class Term:
    """One taxonomy entry, with its label and definition in each language."""

    id: str
    label: Localized
    description: Localized
    group: str = ""
    symbol: str = ""


@dataclass(frozen=True)
class Taxonomy:
    """Every id a case may use, in display order."""

    stages: tuple[Term, ...]
    channels: tuple[Term, ...]
    touchpoints: tuple[Term, ...]
    outcomes: tuple[Term, ...]
    case_outcomes: tuple[Term, ...]
    sectors: tuple[Term, ...]
    tags: tuple[Term, ...]

    def kind(self, name: str) -> dict[str, Term]:
        """Return the terms of one kind (``stages``, ``tags``...) by id, in order."""
        return self._by_kind[name]

    @cached_property
    def _by_kind(self) -> dict[str, dict[str, Term]]:
        # Looked up for every label on every page: built once.
        return {
            name: {term.id: term for term in getattr(self, name)}
            for name in ("stages", "channels", "touchpoints", "outcomes", "case_outcomes", "sectors", "tags")
        }
