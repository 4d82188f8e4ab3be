"""Problems found in user input, the error type that carries them, and how messages count."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from babel import Locale

FieldPath = tuple[str | int, ...]


_ENGLISH = Locale("en")


def counted(count: int, one: str, other: str) -> str:
    """``count`` and an English noun in its form for it ("1 case file", "2 case files").

    For messages to contributors and maintainers (the command line, the build log),
    which are in English; the site's own counts come from ``Labels.n``.
    """
    return f"{count} {one if _ENGLISH.plural_form(count) == 'one' else other}"


def format_field(path: FieldPath) -> str:
    """Format a field path as contributors write it, e.g. ``moments[2].stage``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class Severity(StrEnum):
    """How bad a problem is: errors stop a strict build, notices never do."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, with where it is and what would be right."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def location(self) -> str:
        """Return ``file:line:column`` with as much of the position as is known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def describe(self) -> str:
        """Return a one-line plain-text description, without the location."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{text} ({self.hint})" if self.hint else text


class CasebookError(Exception):
    """Raised when user input (cases, workshops, taxonomy) has errors.

    Carries every problem found, so that a contributor can fix them all at once.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: Sequence[Problem] = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """Return all problems, one per line, as ``file:line:col: field: message``."""
        return "\n".join(f"{p.location()}: {p.describe()}" for p in self.problems)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems that are errors, dropping warnings."""
    return [p for p in problems if p.severity is Severity.ERROR]
