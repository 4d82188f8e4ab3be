"""A translation marked reviewed has its reading on record in reviews/<id>.yaml."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from casebook.loader.review_writer import record_review

from tests.casefiles import ROOT, edit, find, load, valid_text

REVIEWED = edit(
    valid_text(),
    ("\nlanguage: en\n", "\nlanguage: en\ntranslations: {it: reviewed}\n"),
    ("      en: A blog post\n", "      en: A blog post\n      it: Un post su un blog\n"),
)
RECORD = "file: cases/minimal-case.yaml\ntranslation: it\nreader: A second reader\ndate: 2026-12-07\n"


def _with_record(tmp_path: Path, record: str | None) -> None:
    if record is not None:
        (tmp_path / "reviews").mkdir()
        (tmp_path / "reviews" / "minimal-case.yaml").write_text(record, encoding="utf-8")


def test_a_reviewed_translation_with_its_record_is_valid(tmp_path: Path) -> None:
    _with_record(tmp_path, RECORD)
    # The fingerprints of what the reader compared, as casebook review writes them (tests/test_stale.py).
    case = load(tmp_path, {"minimal-case.yaml": REVIEWED}).cases["minimal-case"]
    record_review(case, "it", tmp_path / "reviews", None, datetime.date(2026, 12, 8))
    library = load(tmp_path, {"minimal-case.yaml": REVIEWED})
    assert library.problems == []
    assert library.cases["minimal-case"].translation_status("it") == "reviewed"


@pytest.mark.parametrize(
    ("record", "said"),
    [
        (None, "reviews/minimal-case.yaml does not exist"),
        (RECORD.replace("reader: A second reader\n", ""), "does not say: reader"),
        (RECORD.replace("translation: it", "translation: en"), "a reading of the 'en' translation"),
        (RECORD.replace("2026-12-07", "yesterday"), "no real date"),
        ("- just: a list\n", "not a readable YAML mapping"),
        (RECORD + "notes: - a: b: c\n", "not a readable YAML mapping"),
    ],
)
def test_a_reviewed_translation_without_its_record_is_an_error(
    tmp_path: Path, record: str | None, said: str
) -> None:
    _with_record(tmp_path, record)
    library = load(tmp_path, {"minimal-case.yaml": REVIEWED})
    problem = find(library, "translations.it", "marked reviewed")
    assert said in problem.message
    assert (problem.line, problem.column) == (7, 20)  # the value "reviewed"
    assert "set it back to draft" in problem.hint


def test_a_draft_needs_no_record(tmp_path: Path) -> None:
    assert load(tmp_path, {"minimal-case.yaml": valid_text()}).problems == []


def test_every_record_of_the_project_is_a_readable_record() -> None:
    """The records of cases and workshops alike say what a record must (workshops have no status to check)."""
    records = sorted((ROOT / "reviews").glob("*.yaml"))
    assert records
    for path in records:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path.name
        assert {"file", "translation", "reader", "date"} <= set(data), path.name
        assert (ROOT / data["file"]).is_file(), path.name
        assert data["reader"], path.name
        if data["file"].startswith("cases/"):
            # What the reader compared, recorded by casebook review (workshops have no status to go stale).
            assert data["fingerprints"], path.name
