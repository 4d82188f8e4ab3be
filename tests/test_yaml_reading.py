"""Reading YAML: stored broken files, aliases, size and depth, and the fast path, each
reported with file, line, column and field."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from casebook.loader import schema, yaml_reader
from casebook.loader.yaml_reader import MAX_DEPTH, MAX_FILE_BYTES, YamlDocument, read_yaml

from tests.casefiles import (
    BROKEN,
    CORPUS,
    LINE,
    PLAIN_FILES,
    assert_problem,
    edit,
    find,
    load,
    load_broken_fixture,
    one_problem,
    valid_text,
)

# --------------------------------------------------------------------------- stored broken files

# name -> (line, column, field, message fragment, hint fragment)
STORED = {
    "yaml-syntax-error.yaml": (7, 8, "", "YAML syntax error", "indentation, colons and quotes"),
    "tab-indentation.yaml": (9, 1, "", "tab character", "only spaces"),
    "carriage-return-tab.yaml": (9, 1, "", "tab character", "only spaces"),
    "invalid-utf8.yaml": (5, 15, "", "byte 0xe8 is not valid UTF-8", "UTF-8"),
    "byte-order-mark.yaml": (1, 1, "", "byte-order mark", "without BOM"),
    "control-character.yaml": (9, 11, "", "U+0000 NULL", "remove it"),
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


# --------------------------------------------------------------------------- fast paths and their fallbacks
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
