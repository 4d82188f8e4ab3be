"""Case files for the loader tests: the minimal valid case, its line table, and helpers
that load a throw-away library and find its problems.

Each test copies what it needs into a throw-away ``cases/`` folder. Broken files are
either stored in ``tests/fixtures/broken/`` (where the raw bytes matter) or made from the
minimal valid case by changing one line, so that each test shows its mistake.
"""

from __future__ import annotations

import datetime
import shutil
import zlib
from pathlib import Path

from casebook.errors import Problem
from casebook.loader import Library, load_cases, load_taxonomy
from casebook.resources import TAXONOMY_DIR

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "minimal-case.yaml"
BROKEN = FIXTURES / "broken"
TAXONOMY = load_taxonomy(TAXONOMY_DIR)
#: Far enough from the fixture dates that the tests do not depend on the real date.
TODAY = datetime.date(2030, 1, 1)

# Line numbers in the minimal valid case, named so that the expectations read well.
LINE = {
    "id": 2,
    "title": 3,
    "title.en": 4,
    "language": 6,
    "company.id": 8,
    "company.name": 9,
    "country": 10,
    "sector": 11,
    "when": 12,
    "published": 13,
    "summary": 14,
    "summary.en": 15,
    "moments": 17,
    "moments[0]": 18,
    "moments[1]": 24,
    "moments[1].touchpoint": 25,
    "moments[1].outcome": 26,
    "moments[1].text.it": 29,
    "tags": 30,
    "tags[0]": 31,
    "sources[0]": 33,
    "sources[0].url": 36,
    "number": 37,
    "end": 38,
}


# --------------------------------------------------------------------------- helpers


def valid_text(case_id: str = "minimal-case") -> str:
    """The minimal valid case, with another id (and so another number) if asked."""
    text = VALID.read_text(encoding="utf-8")
    if case_id != "minimal-case":
        text = text.replace("\nnumber: 1\n", f"\nnumber: {zlib.crc32(case_id.encode()) % 900 + 2}\n", 1)
    return text.replace("id: minimal-case\n", f"id: {case_id}\n", 1)


def edit(text: str, *changes: tuple[str, str]) -> str:
    """Apply (old, new) replacements, each of which must match exactly once."""
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} must occur once in the case"
        text = text.replace(old, new)
    return text


def load(
    tmp_path: Path,
    files: dict[str, str | bytes],
    *,
    today: datetime.date = TODAY,
    only: list[Path] | None = None,
) -> Library:
    """Write ``files`` (name -> text or bytes) into ``tmp_path/cases`` and load them."""
    cases = tmp_path / "cases"
    cases.mkdir(exist_ok=True)
    for name, content in files.items():
        path = cases / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return load_cases(cases, TAXONOMY, display_root=tmp_path, today=today, only=only)


def load_broken_fixture(tmp_path: Path, name: str) -> Library:
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(BROKEN / name, cases / name)
    return load_cases(cases, TAXONOMY, display_root=tmp_path, today=TODAY)


def one_problem(library: Library) -> Problem:
    assert len(library.problems) == 1, "\n".join(map(repr, library.problems))
    return library.problems[0]


def find(library: Library, field: str, fragment: str) -> Problem:
    """The problem on ``field`` whose message contains ``fragment``."""
    found = [p for p in library.problems if p.field == field and fragment in p.message]
    assert len(found) == 1, f"no single problem {field!r} / {fragment!r} in:\n" + "\n".join(
        map(repr, library.problems)
    )
    return found[0]


def assert_problem(
    problem: Problem,
    file: str,
    line: int | None,
    column: int | None,
    field: str,
    message: str,
    hint: str = "",
) -> None:
    assert (problem.file, problem.line, problem.column, problem.field) == (file, line, column, field), problem
    assert message in problem.message, problem
    assert hint in problem.hint, problem


ROOT = Path(__file__).parent.parent
#: Every YAML file the project ships or tests with: broken and valid fixtures, seed cases,
#: workshops and the taxonomy.
CORPUS = sorted(
    [
        *FIXTURES.rglob("*.yaml"),
        *(ROOT / "cases").glob("*.yaml"),
        *(ROOT / "workshops").glob("*.yaml"),
        *TAXONOMY_DIR.glob("*.yaml"),
    ]
)
PLAIN_FILES = [path for path in CORPUS if BROKEN not in path.parents]
