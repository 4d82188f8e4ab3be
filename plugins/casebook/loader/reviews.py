"""Translation reviews on record: a translation marked ``reviewed`` names its reader and the day.

Only an independent second reader may mark a translation ``reviewed`` (CONTRIBUTING.md), and
the word has to stay checkable: each such case or workshop has ``reviews/<id>.yaml`` beside ``cases/``,
saying who read it, when, and what changed. A ``reviewed`` without that record is an error.

The record also holds, under ``fingerprints``, a fingerprint of the original text of each
field the reader compared (:mod:`casebook.loader.fingerprints`), written by ``casebook
review``. A field whose original changed since is *stale*: a warning, never a hidden change.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.errors import FieldPath, Problem, Severity, format_field
from casebook.loader.case_file import english_name
from casebook.loader.fingerprints import fingerprint
from casebook.loader.yaml_reader import YamlDocument, read_yaml
from casebook.model import Case

#: The folder of the review records, beside the cases folder.
REVIEWS_DIR = "reviews"
#: The key of the fingerprints in a record, written by ``casebook review`` only.
FINGERPRINTS = "fingerprints"
#: What a record must say, and what each field holds.
_REQUIRED = {
    "translation": "the language of the translation that was read (it, en)",
    "reader": "who read it: never the translator",
    "date": "the day of the reading, YYYY-MM-DD",
}


@dataclass
class ReviewCheck:
    """What the review records say about the library: problems, and each case's stale fields."""

    problems: list[Problem] = field(default_factory=list)
    #: Case id -> language -> the fields whose original changed since the review, in file order.
    stale: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)


def record_path(reviews_dir: Path, case_id: str) -> Path:
    """Where the review record of case ``case_id`` is."""
    return reviews_dir / f"{case_id}.yaml"


def review_command(case: Case, lang: str) -> str:
    """The command that records the reading of ``case``'s translation into ``lang``."""
    return f"casebook review {case.id} --lang {lang} --reader 'Your name'"


def check_review_records(
    cases: Mapping[str, Case], documents: Mapping[str, YamlDocument], reviews_dir: Path
) -> ReviewCheck:
    """Check every case translation marked ``reviewed``: its record, and which of its fields are stale."""
    check = ReviewCheck()
    for case in cases.values():
        for lang, status in case.translations.items():
            if status != "reviewed":
                continue
            document = documents[case.id]
            data, problem = _record(case.id, case.path, lang, document, reviews_dir)
            if problem is not None or data is None:
                check.problems += [problem] if problem is not None else []
                continue
            recorded = data.get(FINGERPRINTS)
            if not isinstance(recorded, dict) or not all(isinstance(v, str) for v in recorded.values()):
                line, column = document.position(("translations", lang))
                check.problems.append(
                    Problem(
                        case.path,
                        line,
                        column,
                        f"translations.{lang}",
                        f"the translation is marked reviewed, but {REVIEWS_DIR}/{case.id}.yaml does not say "
                        f"what the reader compared ({FINGERPRINTS}, which only casebook review writes)",
                        f"after reading the translation, run: {review_command(case, lang)}",
                    )
                )
                continue
            stale = stale_fields(case, lang, recorded)
            if stale:
                check.stale.setdefault(case.id, {})[lang] = tuple(name for name, _ in stale)
            check.problems += [
                _stale_problem(case, lang, document, path, name in recorded) for name, path in stale
            ]
    return check


def review_problems(
    item_id: str,
    display_path: str,
    translations: Mapping[str, str],
    document: YamlDocument,
    reviews_dir: Path,
    where: tuple[str, ...] = ("translations",),
) -> list[Problem]:
    """Problems of one case or workshop file: each ``reviewed`` translation needs its record.

    ``where`` is the field that holds the statuses (a workshop's teaching notes have their own).
    """
    problems = []
    for lang, status in translations.items():
        if status == "reviewed":
            _, problem = _record(item_id, display_path, lang, document, reviews_dir, where)
            problems += [problem] if problem is not None else []
    return problems


def _record(
    item_id: str,
    display_path: str,
    lang: str,
    document: YamlDocument,
    reviews_dir: Path,
    where: tuple[str, ...] = ("translations",),
) -> tuple[dict[str, Any] | None, Problem | None]:
    """The review record of ``item_id``'s ``lang`` translation, or the problem of one that is not there."""
    shown = f"{REVIEWS_DIR}/{item_id}.yaml"
    data, missing = read_record(record_path(reviews_dir, item_id), shown, lang)
    if not missing:
        return data, None
    line, column = document.position((*where, lang))
    return data, Problem(
        display_path,
        line,
        column,
        ".".join((*where, lang)),
        f"the translation is marked reviewed, but {missing}",
        f"record the reading in {shown} (translation, reader, date; see CONTRIBUTING.md), "
        "or set it back to draft",
    )


def stale_fields(case: Case, lang: str, recorded: Mapping[str, Any]) -> list[tuple[str, FieldPath]]:
    """The translated fields whose original is not the text the reader compared: (name, path)."""
    stale = []
    for path, text, markdown in case.texts():
        if not (text.has(lang) and text.has(case.language)):
            continue
        name = format_field(path)
        if recorded.get(name) != fingerprint(text.texts[case.language], markdown):
            stale.append((name, path))
    return stale


def _stale_problem(case: Case, lang: str, document: YamlDocument, path: FieldPath, known: bool) -> Problem:
    """The warning for one stale field, at the line of its translation."""
    line, column = document.position((*path, lang))
    original, translation = english_name(case.language), english_name(lang)
    what = "changed after" if known else "was added after"
    return Problem(
        case.path,
        line,
        column,
        format_field((*path, lang)),
        f"the {original} text {what} this {translation} translation was reviewed",
        f"read the {translation} against the new {original} and correct it, then run: "
        f"{review_command(case, lang)}",
        Severity.WARNING,
    )


def read_record(record: Path, shown: str, lang: str) -> tuple[dict[str, Any] | None, str]:
    """The record's data, and what it lacks in words ('' when it says all it must)."""
    if not record.is_file():
        return None, f"{shown} does not exist"
    document, problems = read_yaml(record, shown)
    if document is None or problems or not isinstance(document.data, dict):
        return None, f"{shown} is not a readable YAML mapping"
    data = document.data
    absent = [f"{name} ({meaning})" for name, meaning in _REQUIRED.items() if not data.get(name)]
    if absent:
        return data, f"{shown} does not say: " + "; ".join(absent)
    if data["translation"] != lang:
        return data, f"{shown} records a reading of the '{data['translation']}' translation, not '{lang}'"
    try:
        datetime.date.fromisoformat(str(data["date"]))
    except ValueError:
        return data, f"{shown} has no real date ('{data['date']}')"
    return data, ""
