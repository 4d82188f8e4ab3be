"""Translation reviews on record: a translation marked ``reviewed`` names its reader and the day.

Only an independent second reader may mark a translation ``reviewed`` (CONTRIBUTING.md), and
the word has to stay checkable: each such case or workshop has ``reviews/<id>.yaml`` beside ``cases/``,
saying who read it, when, and what changed. A ``reviewed`` without that record is an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path

from casebook.errors import Problem
from casebook.loader.yaml_reader import YamlDocument, read_yaml
from casebook.model import Case

#: The folder of the review records, beside the cases folder.
REVIEWS_DIR = "reviews"
#: What a record must say, and what each field holds.
_REQUIRED = {
    "translation": "the language of the translation that was read (it, en)",
    "reader": "who read it: never the translator",
    "date": "the day of the reading, YYYY-MM-DD",
}


def check_review_records(
    cases: Mapping[str, Case], documents: Mapping[str, YamlDocument], reviews_dir: Path
) -> list[Problem]:
    """A problem for every case translation marked ``reviewed`` whose review is not on record."""
    return [
        problem
        for case in cases.values()
        for problem in review_problems(case.id, case.path, case.translations, documents[case.id], reviews_dir)
    ]


def review_problems(
    item_id: str,
    display_path: str,
    translations: Mapping[str, str],
    document: YamlDocument,
    reviews_dir: Path,
) -> list[Problem]:
    """Problems of one case or workshop file: each ``reviewed`` translation needs its record."""
    problems = []
    for lang, status in translations.items():
        if status != "reviewed":
            continue
        line, column = document.position(("translations", lang))
        record = reviews_dir / f"{item_id}.yaml"
        shown = f"{REVIEWS_DIR}/{item_id}.yaml"
        missing = _missing(record, shown, lang)
        if missing:
            problems.append(
                Problem(
                    display_path,
                    line,
                    column,
                    f"translations.{lang}",
                    f"the translation is marked reviewed, but {missing}",
                    f"record the reading in {shown} (translation, reader, date; see CONTRIBUTING.md), "
                    "or set it back to draft",
                )
            )
    return problems


def _missing(record: Path, shown: str, lang: str) -> str:
    """What the record lacks, in words ('' when it says all it must)."""
    if not record.is_file():
        return f"{shown} does not exist"
    document, problems = read_yaml(record, shown)
    if document is None or problems or not isinstance(document.data, dict):
        return f"{shown} is not a readable YAML mapping"
    data = document.data
    absent = [f"{name} ({meaning})" for name, meaning in _REQUIRED.items() if not data.get(name)]
    if absent:
        return f"{shown} does not say: " + "; ".join(absent)
    if data["translation"] != lang:
        return f"{shown} records a reading of the '{data['translation']}' translation, not '{lang}'"
    try:
        datetime.date.fromisoformat(str(data["date"]))
    except ValueError:
        return f"{shown} has no real date ('{data['date']}')"
    return ""
