"""The case loader: every kind of broken case file is reported with file, line, column and field.

Each test copies what it needs into a throw-away ``cases/`` folder. Broken files are
either stored in ``tests/fixtures/broken/`` (where the raw bytes matter) or made here
from the minimal valid case by changing one line, so that each test shows its mistake.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
import time
import zlib
from pathlib import Path

import pytest
from casebook.errors import Problem
from casebook.loader import Library, ReadCache, load_cases, load_taxonomy, schema, yaml_reader
from casebook.loader.schema import load_validator, validate
from casebook.loader.yaml_reader import MAX_DEPTH, MAX_FILE_BYTES, YamlDocument, read_yaml
from casebook.model import Taxonomy
from casebook.resources import SCHEMA_DIR, TAXONOMY_DIR

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


# --------------------------------------------------------------------------- the valid fixture


def test_minimal_case_is_valid_and_fully_read(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text()})
    assert library.problems == []
    assert library.broken_files == []
    case = library.cases["minimal-case"]
    assert case.path == "cases/minimal-case.yaml"
    assert case.title.texts == {"en": "A minimal case", "it": "Un caso minimo"}
    assert [m.stage for m in case.moments] == ["buy", "wait-for-delivery"]
    assert case.when.iso() == "2020-05-17"
    assert case.sources[0].url == "https://example.org/post"


def test_minimal_case_starts_with_the_schema_comment() -> None:
    first = VALID.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../plugins/casebook/schemas/case.schema.json"


def test_missing_schema_comment_is_reported(tmp_path: Path) -> None:
    text = valid_text().split("\n", 1)[1]
    library = load(tmp_path, {"minimal-case.yaml": text})
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        1,
        1,
        "",
        "does not name the case schema",
        "yaml-language-server",
    )


def test_line_table_matches_the_fixture() -> None:
    """The named lines above really are where those fields stand (guards the table itself)."""
    lines = valid_text().splitlines()
    assert lines[LINE["id"] - 1] == "id: minimal-case"
    assert lines[LINE["moments[1]"] - 1] == "  - stage: wait-for-delivery"
    assert lines[LINE["sources[0].url"] - 1] == "    url: https://example.org/post"
    assert len(lines) == LINE["end"] - 1


# --------------------------------------------------------------------------- stored broken files

# name -> (line, column, field, message fragment, hint fragment)
STORED = {
    "yaml-syntax-error.yaml": (7, 8, "", "YAML syntax error", "indentation, colons and quotes"),
    "tab-indentation.yaml": (9, 1, "", "tab character", "only spaces"),
    "carriage-return-tab.yaml": (9, 1, "", "tab character", "only spaces"),
    "invalid-utf8.yaml": (5, 15, "", "byte 0xe8 is not valid UTF-8", "UTF-8"),
    "byte-order-mark.yaml": (1, 1, "", "byte-order mark", "without BOM"),
    "control-character.yaml": (9, 11, "", "control character U+0000", "remove it"),
    "empty-file.yaml": (1, 1, "", "the file is empty", "casebook new"),
    "comments-only.yaml": (1, 1, "", "only comments", "casebook new"),
    "top-level-list.yaml": (
        2,
        1,
        "",
        "expected a mapping (key: value), found list",
        "customer-experience case",
    ),
    "top-level-scalar.yaml": (
        2,
        1,
        "",
        "expected a mapping (key: value), found text",
        "customer-experience case",
    ),
    "duplicate-key-top.yaml": (
        11,
        1,
        "country",
        "duplicate key 'country': it is already set on line 10",
        "silently drop",
    ),
    "duplicate-key-moment.yaml": (
        27,
        5,
        "moments[1].stage",
        "duplicate key 'stage': it is already set on line 24",
        "silently drop",
    ),
}


def test_every_stored_fixture_has_an_expectation() -> None:
    stored = {path.name for path in BROKEN.glob("*.yaml")}
    assert stored == {*STORED, "alias-bomb.yaml"}


@pytest.mark.parametrize("name", sorted(STORED))
def test_stored_broken_file(tmp_path: Path, name: str) -> None:
    line, column, field, message, hint = STORED[name]
    library = load_broken_fixture(tmp_path, name)
    assert_problem(one_problem(library), f"cases/{name}", line, column, field, message, hint)
    assert library.cases == {}
    assert library.broken_files == [f"cases/{name}"]


def test_stored_fixtures_keep_their_bytes() -> None:
    """Guards against an editor or git silently "fixing" the fixtures."""
    assert (BROKEN / "byte-order-mark.yaml").read_bytes().startswith(b"\xef\xbb\xbf# yaml")
    assert b"\xe8 minimo" in (BROKEN / "invalid-utf8.yaml").read_bytes()
    assert b"Ac\x00me" in (BROKEN / "control-character.yaml").read_bytes()
    carriage = (BROKEN / "carriage-return-tab.yaml").read_bytes()
    assert b"\n" not in carriage and b"\r\tname: Acme\r" in carriage
    assert b"\n\tname: Acme\n" in (BROKEN / "tab-indentation.yaml").read_bytes()
    assert (BROKEN / "empty-file.yaml").read_bytes() == b""


@pytest.mark.parametrize("name", ["duplicate-key-top.yaml", "duplicate-key-moment.yaml"])
def test_duplicate_key_never_loads_the_case(tmp_path: Path, name: str) -> None:
    """PyYAML would keep the second value and drop the first without a word."""
    library = load_broken_fixture(tmp_path, name)
    assert library.cases == {}
    assert library.errors


def test_duplicate_key_is_the_only_difference_from_a_valid_case(tmp_path: Path) -> None:
    """Without the second key the file is valid: the duplicate alone keeps it out."""
    text = (BROKEN / "duplicate-key-moment.yaml").read_text(encoding="utf-8")
    fixed = edit(text, ("    outcome: failure\n    stage: get-support\n", "    outcome: failure\n"))
    library = load(tmp_path, {"duplicate-key-moment.yaml": fixed})
    assert library.problems == []
    assert library.cases["duplicate-key-moment"].moments[1].stage == "wait-for-delivery"


def test_alias_bomb_is_refused_quickly_at_each_alias(tmp_path: Path) -> None:
    name = "alias-bomb.yaml"
    text = (BROKEN / name).read_text(encoding="utf-8")
    # Where every alias (*name) stands in the file, 1-based.
    aliases = {
        (number, match.start() + 1)
        for number, line in enumerate(text.splitlines(), 1)
        for match in re.finditer(r"\*a\d", line)
    }
    assert len(aliases) == 9 * 9 + 1
    start = time.perf_counter()
    library = load_broken_fixture(tmp_path, name)
    assert time.perf_counter() - start < 2
    alias_problems = [p for p in library.problems if "aliases (*name) are not allowed" in p.message]
    assert {(p.line, p.column) for p in alias_problems} == aliases
    assert find(library, "lol3[4]", "aliases").line == 39
    assert find(library, "country", "aliases").line == 46
    assert library.cases == {}
    assert library.broken_files == [f"cases/{name}"]


def test_aliases_never_expand(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    shutil.copy(BROKEN / "alias-bomb.yaml", path)
    document, _ = read_yaml(path, "bomb.yaml")
    assert document is not None
    assert document.data["lol1"] == [None] * 9
    assert document.data["country"] is None


def test_alias_as_a_key_is_refused(tmp_path: Path) -> None:
    text = edit(valid_text(), ("sector: online-retail\n", "sector: &s online-retail\n*s : another\n"))
    library = load(tmp_path, {"minimal-case.yaml": text})
    problem = find(library, "", "aliases (*name) are not allowed")
    assert (problem.line, problem.column) == (LINE["sector"] + 1, 1)
    assert library.cases == {}


# --------------------------------------------------------------------------- size and depth


def test_very_large_file_is_refused_without_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Valid YAML, so that only the size can be the problem.
    text = valid_text() + "# " + "x" * MAX_FILE_BYTES + "\n"

    def no_parsing(stream: str) -> None:
        raise AssertionError("an oversized file must not be parsed")

    monkeypatch.setattr(yaml_reader, "_Composer", no_parsing)
    start = time.perf_counter()
    library = load(tmp_path, {"minimal-case.yaml": text})
    assert time.perf_counter() - start < 1
    size = len(text.encode())
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        None,
        None,
        "",
        f"the file is {size:,} bytes long, more than the limit of {MAX_FILE_BYTES:,}",
        "few kilobytes",
    )
    assert library.cases == {}


def test_file_just_under_the_limit_is_read(tmp_path: Path) -> None:
    text = valid_text()
    text += "# " + "x" * (MAX_FILE_BYTES - len(text.encode()) - 3) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    library = load(tmp_path, {"minimal-case.yaml": text})
    assert library.problems == []


@pytest.mark.parametrize("levels", [60, 1_000, 200_000])
def test_deeply_nested_flow_is_refused_quickly(tmp_path: Path, levels: int) -> None:
    text = valid_text() + "deep: " + "[" * levels + "]" * levels + "\n"
    start = time.perf_counter()
    library = load(tmp_path, {"minimal-case.yaml": text})
    assert time.perf_counter() - start < 3
    problem = one_problem(library)
    assert problem.line == LINE["end"]
    # The column points into the run of brackets, past the levels a case may use.
    assert len("deep: ") + MAX_DEPTH < problem.column <= len("deep: ") + levels
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
    assert problem.field == "deep"
    assert library.cases == {}


def test_deeply_nested_block_mappings_are_refused(tmp_path: Path) -> None:
    levels = 80
    nested = "".join("  " * level + f"k{level}:\n" for level in range(levels))
    library = load(tmp_path, {"minimal-case.yaml": valid_text() + "deep:\n" + nested})
    problem = one_problem(library)
    assert "levels deep" in problem.message
    assert LINE["end"] + MAX_DEPTH - 2 <= problem.line <= LINE["end"] + MAX_DEPTH + 2


def test_nesting_just_past_the_limit_names_the_field(tmp_path: Path) -> None:
    # The root mapping is level 0: "deep" holding 40 nested lists reaches level 40, the limit.
    at_limit = valid_text() + "deep: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    library = load(tmp_path, {"minimal-case.yaml": at_limit})
    assert [p.message for p in library.problems] == ["unknown field 'deep'"]
    past = valid_text() + "deep: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    library = load(tmp_path, {"minimal-case.yaml": past})
    problem = find(library, "deep" + "[0]" * MAX_DEPTH, "levels deep")
    assert (problem.line, problem.column) == (LINE["end"], len("deep: ") + MAX_DEPTH + 1)


# --------------------------------------------------------------------------- one-line mistakes

#: The whole ``moments:`` block of the minimal case.
MOMENTS = valid_text()[valid_text().index("moments:\n") : valid_text().index("tags:\n")]

# id -> (changes, (line, column, field, message fragment, hint fragment))
VARIANTS: dict[str, tuple[list[tuple[str, str]], tuple[int, int, str, str, str]]] = {
    # wrong types
    "title-as-text": (
        [("title:\n  en: A minimal case\n  it: Un caso minimo\n", "title: A minimal case\n")],
        (
            LINE["title"],
            8,
            "title",
            "expected a mapping (key: value), found text",
            "Short headline of the case",
        ),
    ),
    "published-as-number": (
        [("published: 2024-01-10", "published: 2024")],
        (LINE["published"], 12, "published", "expected text, found number", "YYYY-MM-DD"),
    ),
    "outcome-as-list": (
        [("    outcome: failure\n", "    outcome: [failure]\n")],
        (
            LINE["moments[1].outcome"],
            14,
            "moments[1].outcome",
            "expected text, found list",
            "Outcome id from `data/taxonomy/outcomes.yaml`: did the service succeed or fail at this moment?; "
            'e.g. "failure"',
        ),
    ),
    "tags-as-text": (
        [("tags:\n  - delivery-delay\n", "tags: delivery-delay\n")],
        (LINE["tags"], 7, "tags", "expected a list (lines starting with '-'), found text", "Topic tag ids"),
    ),
    "title-text-as-boolean": (
        [("  en: A minimal case", "  en: true")],
        (LINE["title.en"], 7, "title.en", "expected text, found true/false", "English text"),
    ),
    "company-as-list": (
        [("company:\n  id: acme\n  name: Acme\n", "company: [acme, Acme]\n")],
        (7, 10, "company", "expected a mapping (key: value), found list", "The company the case is about"),
    ),
    # unknown keys
    "unknown-top-level-key": (
        [("country: GB\n", "country: GB\nsumary: oops\n")],
        (LINE["country"] + 1, 1, "sumary", "unknown field 'sumary'", "did you mean 'summary'?"),
    ),
    "unknown-company-key": (
        [("  name: Acme\n", "  name: Acme\n  nmae: Acme\n")],
        (LINE["company.name"] + 1, 3, "company.nmae", "unknown field 'nmae'", "did you mean 'name'?"),
    ),
    "unknown-source-key": (
        [("    url: https://example.org/post\n", "    ulr: https://example.org/post\n")],
        (LINE["sources[0].url"], 5, "sources[0].ulr", "unknown field 'ulr'", "did you mean 'url'?"),
    ),
    "unknown-language-in-text": (
        [("  it: Un caso minimo", "  fr: Un caso minimo")],
        (LINE["title.en"] + 1, 3, "title.fr", "unknown field 'fr'", "allowed fields: en, it"),
    ),
    # unknown taxonomy ids
    "unknown-stage": (
        [("  - stage: wait-for-delivery", "  - stage: wait-delivery")],
        (
            LINE["moments[1]"],
            12,
            "moments[1].stage",
            "unknown stage 'wait-delivery'",
            "nearest valid ids: wait-for-delivery",
        ),
    ),
    "unknown-touchpoint": (
        [("touchpoint: email", "touchpoint: e-mail")],
        (
            LINE["moments[1].touchpoint"],
            17,
            "moments[1].touchpoint",
            "unknown touchpoint 'e-mail'",
            "nearest valid ids: email",
        ),
    ),
    "unknown-outcome": (
        [("outcome: failure", "outcome: failed")],
        (
            LINE["moments[1].outcome"],
            14,
            "moments[1].outcome",
            "unknown outcome 'failed'",
            "nearest valid ids: failure",
        ),
    ),
    "unknown-sector": (
        [("sector: online-retail", "sector: online-retailer")],
        (LINE["sector"], 9, "sector", "unknown sector 'online-retailer'", "nearest valid ids: online-retail"),
    ),
    "unknown-tag": (
        [("  - delivery-delay", "  - delivery-delays")],
        (LINE["tags[0]"], 5, "tags[0]", "unknown tag 'delivery-delays'", "nearest valid ids: delivery-delay"),
    ),
    # A short taxonomy kind is listed whole when nothing is close ...
    "unknown-sector-far-from-all": (
        [("sector: online-retail", "sector: zzzz")],
        (LINE["sector"], 9, "sector", "unknown sector 'zzzz'", "valid ids: online-retail, "),
    ),
    # ... a long one (tags have more than 20 ids) by its three least far ids.
    "unknown-tag-far-from-all": (
        [("  - delivery-delay", "  - zzzz")],
        (LINE["tags[0]"], 5, "tags[0]", "unknown tag 'zzzz'", "nearest valid ids: "),
    ),
    # ids
    "id-differs-from-file-name": (
        [("id: minimal-case", "id: another-case")],
        (
            LINE["id"],
            5,
            "id",
            "the id 'another-case' differs from the file name 'minimal-case.yaml'",
            "rename the file to 'another-case.yaml' or set id: minimal-case",
        ),
    ),
    "sector-not-a-slug": (
        [("sector: online-retail", "sector: Online Retail")],
        (LINE["sector"], 9, "sector", '"Online Retail" is not valid', 'e.g. "online-retail"'),
    ),
    "company-id-not-a-slug": (
        [("  id: acme", "  id: Acme Corp")],
        (LINE["company.id"], 7, "company.id", '"Acme Corp" is not valid', "Slug of the company"),
    ),
    # missing fields
    "missing-when": (
        [("when: 2020-05-17\n", "")],
        (LINE["id"], 1, "when", "the required field 'when' is missing", "When the case happened"),
    ),
    "missing-moment-touchpoint": (
        [("    touchpoint: email\n", "")],
        (
            LINE["moments[1]"],
            5,
            "moments[1].touchpoint",
            "the required field 'touchpoint' is missing",
            "Touchpoint id",
        ),
    ),
    "missing-source-language": (
        [("    language: en\n", "")],
        (
            LINE["sources[0]"],
            5,
            "sources[0].language",
            "the required field 'language' is missing",
            "Language the source is written in",
        ),
    ),
    "moments-as-mapping": (
        [
            (
                MOMENTS,
                "moments:\n  stage: buy\n  touchpoint: website\n  outcome: success\n  text: {en: Bought.}\n",
            )
        ],
        (
            LINE["moments"] + 1,
            3,
            "moments",
            "expected a list (lines starting with '-'), found mapping",
            "The story",
        ),
    ),
    "no-moments": (
        [(MOMENTS, "moments: []\n")],
        (LINE["moments"], 10, "moments", "needs at least 1 item(s)", "The story"),
    ),
    # the case's own language
    "summary-without-english": (
        [("  en: A parcel arrives late.\n", "")],
        (LINE["summary"] + 1, 3, "summary", "the English text is missing", "every text needs 'en:'"),
    ),
    "moment-without-english": (
        [("      en: The parcel is late.\n", "")],
        (
            LINE["moments[1].text.it"] - 1,
            7,
            "moments[1].text",
            "the English text is missing",
            "the case's language is 'en'",
        ),
    ),
    "italian-case-without-italian-title": (
        [
            ("\nlanguage: en\n", "\nlanguage: it\n"),
            ("      en: A blog post\n", "      en: A blog post\n      it: Un post\n"),
            ("  it: Un caso minimo\n", ""),
        ],
        (LINE["title.en"], 3, "title", "the Italian text is missing", "every text needs 'it:'"),
    ),
    "own-language-as-translation": (
        [("\nlanguage: en\n", "\nlanguage: en\ntranslations: {en: draft}\n")],
        (
            LINE["language"] + 1,
            20,
            "translations.en",
            "the case's own language is not a translation",
            "remove 'en' from translations",
        ),
    ),
    "unknown-case-language": (
        [("\nlanguage: en\n", "\nlanguage: fr\n")],
        (LINE["language"], 11, "language", "'fr' is not one of: en, it", ""),
    ),
    "case-language-as-list": (
        [("\nlanguage: en\n", "\nlanguage: [en]\n")],
        (LINE["language"], 11, "language", "is not one of: en, it", ""),
    ),
    # empty strings
    "empty-company-name": (
        [("  name: Acme", "  name: ''")],
        (LINE["company.name"], 9, "company.name", "must not be empty", "Name of the company"),
    ),
    "empty-title": (
        [("  en: A minimal case", '  en: ""')],
        (LINE["title.en"], 7, "title.en", "must not be empty", "English text"),
    ),
    # dates
    "date-that-does-not-exist": (
        [("when: 2020-05-17", "when: 2023-02-30")],
        (LINE["when"], 7, "when", "'2023-02-30' is not a real date", "check the day and the month"),
    ),
    "month-that-does-not-exist": (
        [("when: 2020-05-17", "when: 2023-13")],
        (LINE["when"], 7, "when", "'2023-13' is not a real date", "check the day and the month"),
    ),
    "year-zero": (
        [("when: 2020-05-17", "when: '0000'")],
        (LINE["when"], 7, "when", "'0000' is not a real date", "check the day and the month"),
    ),
    "year-zero-month": (
        [("when: 2020-05-17", "when: 0000-05")],
        (LINE["when"], 7, "when", "'0000-05' is not a real date", "check the day and the month"),
    ),
    "date-in-the-future": (
        [("when: 2020-05-17", "when: 2999-01")],
        (LINE["when"], 7, "when", "'2999-01' is in the future", "the date the case happened"),
    ),
    "when-as-words": (
        [("when: 2020-05-17", "when: last spring")],
        (LINE["when"], 7, "when", '"last spring" is not valid', "When the case happened: a full date"),
    ),
    "when-before-1900": (
        [("when: 2020-05-17", "when: 1850")],
        (LINE["when"], 7, "when", "1850 is not valid", "YYYY-MM-DD"),
    ),
    "published-without-day": (
        [("published: 2024-01-10", "published: 2024-01")],
        (LINE["published"], 12, "published", '"2024-01" is not valid', "(YYYY-MM-DD)"),
    ),
    "published-without-padding": (
        [("published: 2024-01-10", "published: 2024-1-10")],
        (LINE["published"], 12, "published", '"2024-1-10" is not valid', "(YYYY-MM-DD)"),
    ),
    "published-not-a-day": (
        [("published: 2024-01-10", "published: 2024-02-30")],
        (
            LINE["published"],
            12,
            "published",
            "'2024-02-30' is not a real date",
            "check the day and the month",
        ),
    ),
    "source-date-not-a-day": (
        [("    url: https", "    date: 2021-02-29\n    url: https")],
        (LINE["sources[0].url"], 11, "sources[0].date", "'2021-02-29' is not a real date", "check the day"),
    ),
    # sources and country
    "javascript-url": (
        [("url: https://example.org/post", "url: javascript:alert(1)")],
        (LINE["sources[0].url"], 10, "sources[0].url", '"javascript:alert(1)" is not valid', "http or https"),
    ),
    "ftp-url": (
        [("url: https://example.org/post", "url: ftp://example.org/post")],
        (
            LINE["sources[0].url"],
            10,
            "sources[0].url",
            '"ftp://example.org/post" is not valid',
            "http or https",
        ),
    ),
    "url-with-space": (
        [("url: https://example.org/post", "url: https://example.org/a post")],
        (LINE["sources[0].url"], 10, "sources[0].url", "is not valid", "http or https"),
    ),
    "unknown-source-kind": (
        [("    language: en\n", "    language: en\n    kind: blogpost\n")],
        (
            LINE["sources[0].url"],
            11,
            "sources[0].kind",
            "'blogpost' is not one of",
            "did you mean 'blog-post'?",
        ),
    ),
    "unknown-country": (
        [("country: GB", "country: XX")],
        (LINE["country"], 10, "country", "unknown country code 'XX'", "ISO 3166-1 alpha-2"),
    ),
    "uk-is-not-a-country-code": (
        [("country: GB", "country: UK")],
        (LINE["country"], 10, "country", "unknown country code 'UK'", "such as GB or IT"),
    ),
    # YAML features that have no place in a case
    "python-tag": (
        [("country: GB", "country: !!python/object:os.system GB")],
        (
            LINE["country"],
            10,
            "country",
            "the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
            "remove the tag",
        ),
    ),
    "two-documents": (
        [("sources:\n", "---\nsources:\n")],
        (LINE["sources[0]"] - 1, 1, "", "YAML syntax error", ""),
    ),
    "number-too-long": (
        [("when: 2020-05-17", "when: " + "9" * 5000)],
        (
            LINE["when"],
            7,
            "when",
            "'9999999999999999999999999999999999999...' is not a valid value",
            "quote it",
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_one_line_mistake(tmp_path: Path, name: str) -> None:
    changes, (line, column, field, message, hint) = VARIANTS[name]
    library = load(tmp_path, {"minimal-case.yaml": edit(valid_text(), *changes)})
    problem = find(library, field, message)
    assert_problem(problem, "cases/minimal-case.yaml", line, column, field, message, hint)
    assert library.cases == {}
    assert library.broken_files == ["cases/minimal-case.yaml"]


@pytest.mark.parametrize(
    "changes",
    [changes for changes, _ in VARIANTS.values()],
    ids=sorted(VARIANTS, key=list(VARIANTS).index),
)
def test_one_line_mistake_has_no_unrelated_problems(tmp_path: Path, changes: list[tuple[str, str]]) -> None:
    """Each variant breaks one thing: at most two problems (the thing and its direct echo)."""
    library = load(tmp_path, {"minimal-case.yaml": edit(valid_text(), *changes)})
    assert 1 <= len(library.problems) <= 2, "\n".join(map(repr, library.problems))


def test_missing_fields_are_all_reported(tmp_path: Path) -> None:
    text = edit(
        valid_text(),
        ("title:\n  en: A minimal case\n  it: Un caso minimo\n", ""),
        ("\nlanguage: en\n", "\n"),
        ("published: 2024-01-10\n", ""),
    )
    library = load(tmp_path, {"minimal-case.yaml": text})
    missing = {p.field for p in library.problems if "required field" in p.message}
    assert missing == {"title", "language", "published"}
    assert {(p.line, p.column) for p in library.problems} == {(LINE["id"], 1)}


@pytest.mark.parametrize(
    "bad_id", ["minimal case", "../minimal-case", "cases/minimal-case", "Minimal-Case", "-minimal"]
)
def test_id_that_is_not_a_slug(tmp_path: Path, bad_id: str) -> None:
    text = edit(valid_text(), ("id: minimal-case\n", f"id: '{bad_id}'\n"))
    library = load(tmp_path, {"minimal-case.yaml": text})
    problem = find(library, "id", "is not valid")
    assert_problem(
        problem,
        "cases/minimal-case.yaml",
        LINE["id"],
        5,
        "id",
        f'"{bad_id}" is not valid',
        "lowercase letters, digits and hyphens",
    )
    assert library.cases == {}


def test_future_relative_to_today(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text()}, today=datetime.date(2020, 5, 16))
    assert [(p.line, p.field) for p in library.problems] == [
        (LINE["when"], "when"),
        (LINE["published"], "published"),
    ]
    assert all("is in the future" in p.message for p in library.problems)
    on_the_day = load(tmp_path, {"minimal-case.yaml": valid_text()}, today=datetime.date(2024, 1, 10))
    assert on_the_day.problems == []


def test_a_month_is_not_in_the_future_during_that_month(tmp_path: Path) -> None:
    text = edit(valid_text(), ("when: 2020-05-17", "when: 2020-05"))
    library = load(tmp_path, {"minimal-case.yaml": text}, today=datetime.date(2024, 1, 10))
    assert library.problems == []
    later = load(tmp_path, {"minimal-case.yaml": text}, today=datetime.date(2020, 4, 30))
    assert find(later, "when", "is in the future").line == LINE["when"]


# --------------------------------------------------------------------------- several files


def test_duplicate_id_in_the_same_folder(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text(), "copied-case.yaml": valid_text()})
    problem = one_problem(library)
    assert_problem(
        problem,
        "cases/copied-case.yaml",
        LINE["id"],
        5,
        "id",
        "the id 'minimal-case' differs from the file name 'copied-case.yaml', "
        "and 'minimal-case.yaml' already exists",
        "each case needs its own id",
    )
    assert "rename the file to 'minimal-case.yaml'" not in problem.hint
    assert list(library.cases) == ["minimal-case"]
    assert library.broken_files == ["cases/copied-case.yaml"]


def test_duplicate_id_in_a_file_named_outside_the_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "minimal-case.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(valid_text(), encoding="utf-8")
    library = load(tmp_path, {"minimal-case.yaml": valid_text()}, only=[elsewhere])
    assert_problem(
        one_problem(library),
        "elsewhere/minimal-case.yaml",
        LINE["id"],
        5,
        "id",
        "the id 'minimal-case' is already used by cases/minimal-case.yaml",
        "choose another id",
    )
    assert library.broken_files == ["elsewhere/minimal-case.yaml"]


def test_related_to_a_case_that_exists(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n",
            "other-case.yaml": valid_text("other-case"),
        },
    )
    assert library.problems == []
    assert library.cases["minimal-case"].related == ("other-case",)


def test_related_id_that_does_not_exist(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n  - other-cases\n",
            "other-case.yaml": valid_text("other-case"),
        },
    )
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["end"] + 2,
        5,
        "related[1]",
        "no case has the id 'other-cases'",
        "nearest valid ids: other-case",
    )
    assert library.errors


def test_related_to_itself(tmp_path: Path) -> None:
    library = load(tmp_path, {"minimal-case.yaml": valid_text() + "related:\n  - minimal-case\n"})
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["end"] + 1,
        5,
        "related[0]",
        "a case cannot be related to itself",
        "remove it",
    )


def test_related_twice(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n  - other-case\n",
            "other-case.yaml": valid_text("other-case"),
        },
    )
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["end"] + 1,
        3,
        "related",
        "lists the same value twice",
        "remove the duplicate",
    )


def test_case_link_to_a_missing_case(tmp_path: Path) -> None:
    text = edit(
        valid_text(),
        ("  en: A parcel arrives late.", "  en: A parcel arrives late, [again](case:missing-id)."),
    )
    library = load(tmp_path, {"minimal-case.yaml": text, "other-case.yaml": valid_text("other-case")})
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["summary.en"],
        7,
        "summary.en",
        "the link (case:missing-id) points to no case",
        "valid ids: minimal-case, other-case",
    )


def test_case_link_in_a_moment_names_the_language(tmp_path: Path) -> None:
    text = edit(valid_text(), ("      it: Il pacco è in ritardo.", "      it: Come [qui](case:other-cse)."))
    library = load(tmp_path, {"minimal-case.yaml": text, "other-case.yaml": valid_text("other-case")})
    assert_problem(
        one_problem(library),
        "cases/minimal-case.yaml",
        LINE["moments[1].text.it"],
        11,
        "moments[1].text.it",
        "the link (case:other-cse) points to no case",
        "nearest valid ids: other-case",
    )


def test_case_link_to_an_existing_case(tmp_path: Path) -> None:
    text = edit(valid_text(), ("  en: A parcel arrives late.", "  en: Like [this one](case:other-case)."))
    library = load(tmp_path, {"minimal-case.yaml": text, "other-case.yaml": valid_text("other-case")})
    assert library.problems == []


def test_a_broken_case_does_not_break_the_cases_that_link_to_it(tmp_path: Path) -> None:
    """One typo is one error: links and related ids to the broken file are not errors too."""
    linking = edit(valid_text(), ("  en: A parcel arrives late.", "  en: Like [this one](case:other-case)."))
    broken = edit(valid_text("other-case"), ("stage: buy", "stage: buyy"))
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": linking + "related:\n  - other-case\n",
            "other-case.yaml": broken,
        },
    )
    assert_problem(
        one_problem(library),
        "cases/other-case.yaml",
        LINE["moments[0]"],
        12,
        "moments[0].stage",
        "unknown stage 'buyy'",
        "nearest valid ids: buy",
    )
    assert list(library.cases) == ["minimal-case"]


def test_every_problem_in_every_file_in_one_run(tmp_path: Path) -> None:
    first = edit(
        valid_text("first-case"),
        ("  - stage: wait-for-delivery", "  - stage: wait"),
        ("country: GB", "country: XX"),
        ("url: https://example.org/post", "url: javascript:alert(1)"),
    )
    second = edit(
        valid_text("second-case"),
        ("  name: Acme\n", "  name: Acme\n  nmae: Acme\n"),
        ("when: 2020-05-17", "when: 2023-02-30"),
        ("outcome: failure", "outcome: fail"),
    )
    library = load(
        tmp_path,
        {"first-case.yaml": first, "second-case.yaml": second, "third-case.yaml": valid_text("third-case")},
    )
    found = [(p.file, p.line, p.field) for p in library.problems]
    assert found == [
        ("cases/first-case.yaml", LINE["country"], "country"),
        ("cases/first-case.yaml", LINE["moments[1]"], "moments[1].stage"),
        ("cases/first-case.yaml", LINE["sources[0].url"], "sources[0].url"),
        ("cases/second-case.yaml", LINE["company.name"] + 1, "company.nmae"),
        ("cases/second-case.yaml", LINE["when"] + 1, "when"),
        ("cases/second-case.yaml", LINE["moments[1].outcome"] + 1, "moments[1].outcome"),
    ]
    assert list(library.cases) == ["third-case"]
    assert library.broken_files == ["cases/first-case.yaml", "cases/second-case.yaml"]


def test_files_starting_with_underscore_are_ignored(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text(),
            "_draft.yaml": "this: [is not: valid\n",
            "_template.yaml": valid_text("template"),
        },
    )
    assert library.problems == []
    assert list(library.cases) == ["minimal-case"]


def test_only_reports_on_the_named_files_but_reads_all(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    library = load(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n",
            "other-case.yaml": edit(valid_text("other-case"), ("country: GB", "country: XX")),
        },
        only=[cases / "minimal-case.yaml"],
    )
    assert library.problems == []


def test_problems_sort_across_files_with_and_without_lines(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "big-case.yaml": valid_text("big-case") + "#" + "x" * MAX_FILE_BYTES,
            "minimal-case.yaml": edit(valid_text(), ("country: GB", "country: XX")),
        },
    )
    assert [(p.file, p.line) for p in library.problems] == [
        ("cases/big-case.yaml", None),
        ("cases/minimal-case.yaml", LINE["country"]),
    ]


# --------------------------------------------------------------------------- read_yaml and validate directly


def test_read_yaml_keeps_text_as_text(tmp_path: Path) -> None:
    """YAML 1.1 would turn these into booleans and dates, losing what was written."""
    path = tmp_path / "values.yaml"
    path.write_text("a: no\nb: 2020-05-17\nc: 1.0\nd: 12\ne: ~\nf: on\ng: true\n", encoding="utf-8")
    document, problems = read_yaml(path, "values.yaml")
    assert problems == []
    assert document is not None
    assert document.data == {"a": "no", "b": "2020-05-17", "c": 1.0, "d": 12, "e": None, "f": "on", "g": True}
    assert document.position(("b",)) == (2, 4)
    assert document.position(("b",), key=True) == (2, 1)


def test_read_yaml_missing_file(tmp_path: Path) -> None:
    document, problems = read_yaml(tmp_path / "nope.yaml", "nope.yaml")
    assert document is None
    assert [(p.file, p.line, p.message.split(":")[0]) for p in problems] == [
        ("nope.yaml", None, "cannot read the file")
    ]


def test_validate_returns_problems_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "minimal-case.yaml"
    path.write_text(
        edit(valid_text(), ("country: GB", "country: gb"), ("  name: Acme", "  name: ''")), "utf-8"
    )
    document, problems = read_yaml(path, "x.yaml")
    assert problems == [] and document is not None
    found = validate(document, "case")
    assert [(p.line, p.field) for p in found] == [
        (LINE["company.name"], "company.name"),
        (LINE["country"], "country"),
    ]


# --------------------------------------------------------------------------- fast paths and their fallbacks

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


def reading(document: YamlDocument | None) -> object:
    """Everything read_yaml returns about a document; repr tells 1 from 1.0 from true, and keeps key order."""
    if document is None:
        return None
    return (
        document.path,
        repr(document.data),
        document.positions,
        document.key_positions,
        document.first_line,
    )


def read_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """(read_yaml as it is, read_yaml with the precise path alone)."""
    document, problems = read_yaml(path, path.name)
    with monkeypatch.context() as patched:
        patched.setattr(yaml_reader, "_read_plain", lambda text: None)
        precise_document, precise_problems = read_yaml(path, path.name)
    return (reading(document), problems), (reading(precise_document), precise_problems)


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_fast_and_precise_yaml_paths_agree_on_every_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, precise = read_both_ways(path, monkeypatch)
    assert fast == precise


@pytest.mark.parametrize("name", sorted(path.name for path in BROKEN.glob("*.yaml")))
def test_fast_and_precise_paths_report_the_same_problems_on_broken_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    (tmp_path / "fast").mkdir()
    (tmp_path / "precise").mkdir()
    fast = load_broken_fixture(tmp_path / "fast", name)
    monkeypatch.setattr(yaml_reader, "_read_plain", lambda text: None)
    monkeypatch.setattr(schema, "_quick_check", lambda name: lambda value: False)
    precise = load_broken_fixture(tmp_path / "precise", name)
    assert fast.problems == precise.problems
    assert fast.problems
    assert (fast.cases, fast.broken_files) == (precise.cases, precise.broken_files)


@pytest.mark.parametrize("path", PLAIN_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_plain_files_take_the_fast_path(path: Path) -> None:
    """Otherwise the agreement above would hold for a fast path that never answers."""
    assert yaml_reader._read_plain(path.read_text(encoding="utf-8")) is not None


def nested(levels: int) -> str:
    return "deep: " + "[" * levels + "]" * levels + "\n"


# Each is valid YAML, but needs the precise path: it is refused there, or it needs care.
NOT_PLAIN = {
    "anchor without alias": "a: &x 1\n",
    "alias": "a: &x 1\nb: *x\n",
    "standard tag": "a: !!str 12\n",
    "custom tag": "a: !thing 12\n",
    "non-specific tag": "a: ! 12\n",
    "tagged key": "!!str a: 1\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "same key as text and number": "1: one\n'1': uno\n",
    "list as a key": "? [a]\n: 1\n",
    "mapping as a key": "{a: 1}: 2\n",
    "merge key": "a: {x: 1}\nb:\n  !!merge <<: {y: 2}\n",
    "too deep": nested(MAX_DEPTH + 1),
    "number too long to convert": "a: " + "1" * 5000 + "\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: [1\n",
    "only comments": "# nothing\n",
}


@pytest.mark.parametrize("name", sorted(NOT_PLAIN))
def test_the_fast_path_leaves_what_is_not_plain_to_the_precise_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    text = NOT_PLAIN[name]
    assert yaml_reader._read_plain(text) is None
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    fast, precise = read_both_ways(path, monkeypatch)
    assert fast == precise


@pytest.mark.parametrize(
    "text",
    [
        nested(MAX_DEPTH),  # the deepest allowed
        "a: null\nb: ~\nc:\nd: -1.5e3\ne: .5\nf: +7\ng: 'true'\nh: FALSE\ni: 0x1F\nj: 1_000\n",
        "- [a, {b: c}]\n- ? d\n  : e\n- |\n  block\n- >-\n  folded\n",
        "'quoted key': 1\n\"other\": 2\n",
        "---\nplain: document\n...\n",
        "just text\n",
        "~\n",
    ],
)
def test_the_fast_path_reads_plain_data_as_the_precise_path_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    assert yaml_reader._read_plain(text) is not None
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    fast, precise = read_both_ways(path, monkeypatch)
    assert fast == precise


def full_schema_problems(document: YamlDocument, name: str, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    with monkeypatch.context() as patched:
        patched.setattr(schema, "_quick_check", lambda name: lambda value: False)
        return validate(document, name)


@pytest.mark.parametrize("path", PLAIN_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_quick_schema_check_passes_every_shipped_file(path: Path) -> None:
    """The quick check compiles for every shipped schema and passes the files that follow it."""
    name = (
        "taxonomy"
        if path.parent == TAXONOMY_DIR
        else "workshop"
        if path.parent.name == "workshops"
        else "case"
    )
    document, problems = read_yaml(path, path.name)
    assert document is not None and problems == []
    assert list(load_validator(name).iter_errors(document.data)) == []
    assert schema._quick_check(name)(document.data)


def test_the_files_above_cover_every_shipped_schema() -> None:
    """A new schema needs its files in the test above, or its quick check could go unchecked."""
    assert {path.name.removesuffix(".schema.json") for path in SCHEMA_DIR.glob("*.schema.json")} == {
        "case",
        "workshop",
        "taxonomy",
    }


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        # JSON Schema counts 1.0 as a whole number; the quick check leaves floats to jsonschema.
        (lambda data: data.update(number=1.0), True),
        (lambda data: data.update(number=True), False),
        (lambda data: data.update(number=1.5), False),
        (lambda data: data.update(number=float("nan")), False),
        (lambda data: data.update(number=0), False),
        (lambda data: data.update(tags=[1, True]), False),
        (lambda data: data.update(tags=["apology", "apology"]), False),
        (lambda data: data.update(language=True), False),
        (lambda data: data.update(when=2015), True),
        (lambda data: data.update(when=2015.0), True),
        (lambda data: data.update(extra="field"), False),
        (lambda data: data["company"].pop("name"), False),
        (lambda data: data["title"].update(fr="Titre"), False),
        (lambda data: data["title"].update(en=""), False),
        (lambda data: data.update(country="GB\n"), True),  # re.search("^[A-Z]{2}$") lets a final newline pass
    ],
)
def test_the_quick_schema_check_never_passes_what_jsonschema_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object, valid: bool
) -> None:
    document, _ = read_yaml(VALID, "minimal-case.yaml")
    assert document is not None
    change(document.data)  # type: ignore[operator]
    full = full_schema_problems(document, "case", monkeypatch)
    assert (full == []) is valid
    if schema._quick_check("case")(document.data):
        assert full == []
    assert validate(document, "case") == full


def test_a_schema_keyword_the_quick_check_does_not_know_leaves_every_value_to_jsonschema() -> None:
    for unknown in ({"oneOf": [{"type": "string"}]}, {"$ref": "#/nowhere"}, {"enum": [1, True]}):
        with pytest.raises(schema._NotCompiled):
            schema._compile_check({"properties": {"a": unknown}}, {}, ())


def test_a_schema_that_refers_to_itself_is_left_to_jsonschema() -> None:
    root = {"$defs": {"node": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}
    with pytest.raises(schema._NotCompiled):
        schema._compile_check({"$ref": "#/$defs/node"}, root, ())


@pytest.mark.parametrize(
    "link",
    ["[again](case&#58;missing-id)", "[again](&#99;ase:missing-id)", "[again](case\\:missing-id)"],
)
def test_a_case_link_spelled_with_references_or_escapes_is_checked(tmp_path: Path, link: str) -> None:
    """The parser decodes ``&#58;`` and ``\\:`` in a link: such texts are not skipped as link-free."""
    text = edit(valid_text(), ("  en: A parcel arrives late.", f"  en: A parcel arrives late, {link}."))
    library = load(tmp_path, {"minimal-case.yaml": text})
    problem = one_problem(library)
    assert (problem.line, problem.field) == (LINE["summary.en"], "summary.en")
    assert problem.message == "the link (case:missing-id) points to no case"


# --------------------------------------------------------------------------- dev-server cache


def test_the_read_cache_reads_again_only_a_changed_file(tmp_path: Path) -> None:
    """A dev server keeps each file's reading until the file, the taxonomy or the day change."""
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "first-case.yaml").write_text(valid_text("first-case"), encoding="utf-8")
    (cases / "second-case.yaml").write_text(valid_text("second-case"), encoding="utf-8")
    cache = ReadCache()

    def read(taxonomy: Taxonomy = TAXONOMY, today: datetime.date = TODAY) -> Library:
        return load_cases(cases, taxonomy, display_root=tmp_path, today=today, cache=cache)

    before = read()
    # An equal taxonomy loaded again (each rebuild does) keeps every reading.
    again = read(load_taxonomy(TAXONOMY_DIR))
    assert again.cases["first-case"] is before.cases["first-case"]
    assert again.cases["second-case"] is before.cases["second-case"]

    changed = edit(valid_text("first-case"), ("  en: A minimal case", "  en: An edited case"))
    (cases / "first-case.yaml").write_text(changed, encoding="utf-8")
    edited = read()
    assert edited.cases["first-case"].title.texts["en"] == "An edited case"
    assert edited.cases["second-case"] is before.cases["second-case"]
    assert [problem.file for problem in edited.problems] == []

    # Another day can make a publication date valid or not: everything is read again.
    assert (
        read(today=TODAY + datetime.timedelta(days=1)).cases["second-case"] is not before.cases["second-case"]
    )
    # So does another taxonomy, which decides which terms exist.
    without_tags = read(dataclasses.replace(TAXONOMY, tags=()))
    assert without_tags.cases == {}
    assert {problem.field for problem in without_tags.problems} == {"tags[0]"}
