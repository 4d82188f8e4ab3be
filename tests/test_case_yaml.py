"""Corrections change only what changed: the form edits a case file's own text (under Node).

Every case of the library goes through the form's reader and editor: unchanged it comes
back byte for byte; with one field changed, only that field's lines differ, dates stay
dates, and casebook check accepts the file with exactly the new values.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from casebook.loader import ReadCache, load_cases, load_taxonomy
from casebook.resources import TAXONOMY_DIR

from tests.conftest import ROOT, copy_library
from tests.nodeform import FormYaml

CASES = sorted((ROOT / "cases").glob("*.yaml"))
TAXONOMY = load_taxonomy(TAXONOMY_DIR)


@pytest.fixture(scope="module")
def form() -> Iterator[FormYaml]:
    node = FormYaml()
    yield node
    node.close()


def changed_lines(before: str, after: str) -> list[int]:
    """Line numbers (1-based) of ``before`` that ``after`` replaced or removed, and where it added lines."""
    lines = []
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, first, last, _, _ in matcher.get_opcodes():
        if tag != "equal":
            lines += list(range(first + 1, max(last, first + 1) + 1))
    return lines


@pytest.fixture(scope="module")
def library_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the library's cases and review records, where a test puts one edited file at a time."""
    return copy_library(tmp_path_factory.mktemp("library"))


CACHE = ReadCache()


def check_one(folder: Path, name: str, text: str) -> Any:
    """casebook check's reading of ``text`` as ``cases/<name>``, among the library."""
    target = folder / name
    original = target.read_bytes()
    target.write_text(text, encoding="utf-8")
    try:
        return load_cases(folder, TAXONOMY, only=[target], display_root=folder.parent, cache=CACHE)
    finally:
        target.write_bytes(original)


def span(text: str, *path: str | int) -> set[int]:
    """The lines (1-based) the value at ``path`` takes in ``text``."""
    node = yaml.compose(text)
    for part in path:
        node = (
            node.value[part] if isinstance(part, int) else next(v for k, v in node.value if k.value == part)
        )
    return set(range(node.start_mark.line + 1, node.end_mark.line + 2))


def test_every_case_unchanged_comes_back_byte_for_byte(form: FormYaml) -> None:
    assert CASES
    for path in CASES:
        text = path.read_text(encoding="utf-8")
        assert form.edit(text, form.read(text)) == text, path.name


def test_the_form_reads_dates_as_the_text_they_are(form: FormYaml) -> None:
    for path in CASES:
        text = path.read_text(encoding="utf-8")
        data = form.read(text)
        written = yaml.safe_load(text)
        assert data["published"] == str(written["published"]), path.name
        assert data["when"] == str(written["when"]), path.name


def test_a_changed_summary_changes_only_its_own_lines_in_every_case(form: FormYaml, tmp_path: Path) -> None:
    for path in CASES:
        text = path.read_text(encoding="utf-8")
        data = form.read(text)
        lang = data["language"]
        data["summary"][lang] += " One more sentence."
        edited = form.edit(text, data)
        before = yaml.safe_load(text)
        after = yaml.safe_load(edited)
        # The value changed, nothing else did: dates are still dates, nothing was added.
        assert after["summary"][lang] == data["summary"][lang], path.name
        after["summary"][lang] = before["summary"][lang]
        assert as_text(after) == as_text(before), path.name
        # And only the summary's own lines differ.
        assert set(changed_lines(text, edited)) <= span(text, "summary"), path.name


def moment_edit(data: dict[str, Any]) -> dict[str, Any]:
    data["moments"][-1]["outcome"] = "success" if data["moments"][-1]["outcome"] == "failure" else "failure"
    return data


EDITS = {
    "one moment's outcome": moment_edit,
    "a topic added": lambda data: (
        {**data, "tags": [*data.get("tags", []), "apology"]}
        if "apology" not in data.get("tags", [])
        else {**data, "tags": [tag for tag in data["tags"] if tag != "apology"]}
    ),
    "a source added": lambda data: {
        **data,
        "sources": [
            *data["sources"],
            {"title": {data["language"]: "A new source: “quoted”"}, "language": "en"},
        ],
    },
    "the last moment removed": lambda data: {**data, "moments": data["moments"][:-1]},
    "a country set": lambda data: {**data, "country": "IT" if data.get("country") != "IT" else "FR"},
}


@pytest.mark.parametrize("name", EDITS)
def test_each_kind_of_change_gives_a_file_check_accepts_with_the_new_values(
    form: FormYaml, library_copy: Path, name: str
) -> None:
    # Every third case (the unchanged and summary tests above take every one), to stay quick.
    for path in CASES[::3]:
        text = path.read_text(encoding="utf-8")
        data = EDITS[name](form.read(text))
        edited = form.edit(text, data)
        library = check_one(library_copy, path.name, edited)
        assert not library.errors, (path.name, library.errors)
        assert as_text(yaml.safe_load(edited)) == as_text(data), path.name
        # Only the lines of the change: a removed moment's, or a few.
        changed = set(changed_lines(text, edited))
        if name == "the last moment removed":
            assert changed <= span(text, "moments", len(data["moments"])), path.name
        else:
            assert len(changed) <= 3, (path.name, sorted(changed))


#: The fields that hold dates: the form keeps each as the text written (a bare year too).
DATE_KEYS = {"when", "published", "date"}


def as_text(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {name: as_text(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [as_text(item) for item in value]
    if isinstance(value, datetime.date) or (key in DATE_KEYS and isinstance(value, int)):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value
