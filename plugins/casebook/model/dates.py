"""Dates known only to the year or the month, or not at all."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date with the precision its source gives: year, month, day, or unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | int) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``unknown``.

        Raises ``ValueError`` for a date that does not exist, such as 2023-02-30.
        """
        text = str(value)
        if text == "unknown":
            return cls()
        parts = [int(part) for part in text.split("-")]
        year, month, day = [*parts, None, None][:3]
        if day is not None:
            datetime.date(year, month, day)  # type: ignore[arg-type]
        elif month is not None and not 1 <= month <= 12:
            raise ValueError("month must be in 1..12")
        return cls(year, month, day)

    @property
    def known(self) -> bool:
        """Whether at least the year is known."""
        return self.year is not None

    def earliest(self) -> datetime.date | None:
        """Return the first day the date can stand for, or None if unknown."""
        if self.year is None:
            return None
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """Return the date as written in a case file."""
        if self.year is None:
            return "unknown"
        return "-".join(
            f"{part:02d}" if index else f"{part:04d}"
            for index, part in enumerate((self.year, self.month, self.day))
            if part is not None
        )
