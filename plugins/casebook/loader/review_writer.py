"""``casebook review``: put on record what a reader compared, so that nobody edits hashes by hand.

The part of a review record a person writes (file, reader, date, what was read and
changed) is kept byte for byte. Below it, after :data:`MARK`, the command writes the
fingerprints of the originals the translation was read against and, when a stale
translation is read again, who read which fields and when (``rereadings``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook.loader.fingerprints import case_fingerprints
from casebook.loader.reviews import FINGERPRINTS, REVIEWS_DIR, read_record, record_path, stale_fields
from casebook.model import Case

#: The line above what ``casebook review`` writes; everything from it on is written again each time.
MARK = "# Written by `casebook review` (do not edit): the originals this translation was read against."
REREADINGS = "rereadings"


class ReviewRefused(Exception):
    """The reading cannot be recorded as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Recorded:
    """What ``casebook review`` wrote: the record, the stale fields it cleared, and whether it is new."""

    path: Path
    cleared: tuple[str, ...]
    created: bool


def record_review(
    case: Case, lang: str, reviews_dir: Path, reader: str | None, today: datetime.date
) -> Recorded | None:
    """Record that ``reader`` read ``case``'s ``lang`` translation against its original as it is now.

    A new record needs the reader. An existing record without fingerprints (a reading from
    before they existed) gets them as the text is now. A record whose fields went stale
    gets fresh fingerprints and a ``rereadings`` entry naming the reader and those fields.
    Returns None when the record is already current.
    """
    if lang == case.language:
        raise ReviewRefused(f"'{lang}' is the language {case.path} was written in, not a translation")
    missing = case.untranslated_fields(lang)
    if missing:
        raise ReviewRefused(
            f"{case.path} has no '{lang}' text in {', '.join(missing)}: a review covers the whole "
            "translation; translate those fields first"
        )
    path = record_path(reviews_dir, case.id)
    shown = f"{REVIEWS_DIR}/{case.id}.yaml"
    fingerprints = case_fingerprints(case, lang)
    if not path.exists():
        if not reader:
            raise ReviewRefused(f"{shown} does not exist yet: say who read the translation with --reader")
        head = yaml.safe_dump(
            {
                "file": f"cases/{case.id}.yaml",
                "original": case.language,
                "translation": lang,
                "reader": reader,
                "date": today.isoformat(),
            },
            allow_unicode=True,
            sort_keys=False,
        )
        _write(path, head, fingerprints, [])
        return Recorded(path, (), True)
    data, wrong = read_record(path, shown, lang)
    if data is None or wrong:
        raise ReviewRefused(f"{wrong}; correct it first (see CONTRIBUTING.md)")
    recorded = data.get(FINGERPRINTS)
    rereadings = list(data.get(REREADINGS) or [])
    text = path.read_text(encoding="utf-8")
    head = text.split(f"\n{MARK}\n", 1)[0].rstrip("\n") + "\n"
    if not isinstance(recorded, dict):
        # A reading recorded before fingerprints existed: it was of the text as it is now.
        _write(path, head, fingerprints, rereadings)
        return Recorded(path, (), False)
    stale = [name for name, _ in stale_fields(case, lang, recorded)]
    if not stale and recorded == fingerprints:
        return None
    if stale and not reader:
        raise ReviewRefused(
            f"{', '.join(stale)} changed in the original since the last reading: say who read "
            "them again with --reader"
        )
    if stale:
        rereadings.append({"reader": reader, "date": today.isoformat(), "fields": stale})
    _write(path, head, fingerprints, rereadings)
    return Recorded(path, tuple(stale), False)


def _write(path: Path, head: str, fingerprints: dict[str, str], rereadings: list[Any]) -> None:
    written: dict[str, Any] = {}
    if rereadings:
        written[REREADINGS] = rereadings
    written[FINGERPRINTS] = fingerprints
    tail = yaml.safe_dump(written, allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{head}{MARK}\n{tail}", encoding="utf-8")
