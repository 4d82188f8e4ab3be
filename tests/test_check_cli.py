"""``casebook check``: exit code, what it prints, and the real seed library."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from casebook.cli import main
from click.testing import CliRunner, Result

from tests.casefiles import edit
from tests.conftest import copy_library

ROOT = Path(__file__).resolve().parent.parent
SEED_CASES = ROOT / "cases"
FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "minimal-case.yaml"
BROKEN = FIXTURES / "broken"
CASEBOOK = Path(sys.executable).parent / "casebook"

#: One line of ``--format github``: a GitHub Actions error annotation.
GITHUB_LINE = re.compile(
    r"::error file=(?P<file>[^,:]+)(?:,line=(?P<line>\d+),col=(?P<col>\d+))?::(?P<message>.+)"
)


def valid_text(case_id: str = "minimal-case", number: int = 1) -> str:
    text = VALID.read_text(encoding="utf-8").replace("\nnumber: 1\n", f"\nnumber: {number}\n", 1)
    return text.replace("id: minimal-case\n", f"id: {case_id}\n", 1)


def check(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """Run ``casebook check --cases-dir cases ARGS`` in ``project``."""
    monkeypatch.chdir(project)
    return CliRunner().invoke(main, ["check", "--cases-dir", "cases", *args])


def write_cases(project: Path, files: dict[str, str | bytes]) -> None:
    cases = project / "cases"
    cases.mkdir(exist_ok=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            (cases / name).write_bytes(content)
        else:
            (cases / name).write_text(content, encoding="utf-8")


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    # The command ends with SystemExit; any other exception is a crash.
    assert isinstance(result.exception, SystemExit), result.exception


# --------------------------------------------------------------------------- clean and broken libraries


def test_clean_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_cases(tmp_path, {"minimal-case.yaml": valid_text(), "other-case.yaml": valid_text("other-case", 2)})
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip().splitlines()[0] == "All 2 case files are valid."


@pytest.mark.parametrize("make_folder", [True, False], ids=["empty-folder", "no-folder"])
def test_nothing_to_check_is_a_failure_that_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_folder: bool
) -> None:
    if make_folder:
        (tmp_path / "cases").mkdir()
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.startswith("No case files to check: looked for ")
    assert "cases/" in result.stderr and str(tmp_path) in result.stderr and "--cases-dir" in result.stderr
    assert "valid" not in result.output


@pytest.mark.parametrize("command", [["-h"], ["check", "-h"], ["--help"]])
def test_short_and_long_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")


def test_python_dash_m_runs_the_command(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "casebook", "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Usage: casebook ")


def test_one_error_gives_exit_code_1_with_location_and_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_cases(
        tmp_path,
        {"minimal-case.yaml": edit(valid_text(), ("  - stage: wait-for-delivery", "  - stage: wait"))},
    )
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "cases/minimal-case.yaml:24:12: error: moments[1].stage: unknown stage 'wait'",
        "    hint: nearest valid ids: wait-for-delivery",
    ]
    assert result.stderr.strip() == "1 error in 1 file; 1 file checked."


def test_every_problem_in_every_file_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = edit(
        valid_text("first-case"),
        ("  - stage: wait-for-delivery", "  - stage: wait"),
        ("country: GB", "country: XX"),
        ("url: https://example.org/post", "url: javascript:alert(1)"),
    )
    second = edit(
        valid_text("second-case"),
        ("title:\n  en: A minimal case\n  it: Un caso minimo\n", ""),
        ("when: 2020-05-17", "when: 2023-02-30"),
        ("outcome: failure", "outcome: fail"),
        ("  name: Acme\n", "  name: Acme\n  nmae: Acme\n"),
    )
    write_cases(
        tmp_path,
        {"first-case.yaml": first, "second-case.yaml": second, "third-case.yaml": valid_text("third-case")},
    )
    result = check(tmp_path, monkeypatch)
    assert_no_traceback(result)
    assert result.exit_code == 1
    located = [line.split(": error: ") for line in result.stdout.splitlines() if ": error: " in line]
    assert located == [
        ["cases/first-case.yaml:10:10", "country: unknown country code 'XX'"],
        ["cases/first-case.yaml:24:12", "moments[1].stage: unknown stage 'wait'"],
        ["cases/first-case.yaml:36:10", 'sources[0].url: "javascript:alert(1)" is not valid'],
        ["cases/second-case.yaml:2:1", "title: the required field 'title' is missing"],
        ["cases/second-case.yaml:7:3", "company.nmae: unknown field 'nmae'"],
        ["cases/second-case.yaml:10:7", "when: '2023-02-30' is not a real date"],
        ["cases/second-case.yaml:24:14", "moments[1].outcome: unknown outcome 'fail'"],
    ]
    assert result.stderr.strip() == "7 errors in 2 files; 3 files checked."


def test_files_starting_with_underscore_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_cases(tmp_path, {"minimal-case.yaml": valid_text(), "_draft.yaml": "not: [valid\n"})
    shutil.copy(BROKEN / "alias-bomb.yaml", tmp_path / "cases" / "_alias-bomb.yaml")
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[0] == "1 case file is valid."


def test_only_the_named_files_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_cases(
        tmp_path,
        {
            "minimal-case.yaml": valid_text() + "related:\n  - other-case\n",
            "other-case.yaml": edit(valid_text("other-case", 2), ("country: GB", "country: XX")),
        },
    )
    result = check(tmp_path, monkeypatch, "cases/minimal-case.yaml")
    assert result.exit_code == 0, result.output
    result = check(tmp_path, monkeypatch, "cases/other-case.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("cases/other-case.yaml:10:10: error: country: unknown country code 'XX'")


def test_named_files_that_are_not_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_cases(tmp_path, {"minimal-case.yaml": valid_text()})
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = check(tmp_path, monkeypatch, "cases/missing.yaml", "notes.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "cases/missing.yaml: error: no such file",
        "notes.txt: error: not a .yaml case file",
    ]


# --------------------------------------------------------------------------- every broken fixture

# name -> the first line ``casebook check`` prints for it
FIRST_LINES = {
    "alias-bomb.yaml": "cases/alias-bomb.yaml:36:1: error: lol0: unknown field 'lol0'",
    "byte-order-mark.yaml": "cases/byte-order-mark.yaml:1:1: error: the file starts with a byte-order mark",
    "carriage-return-tab.yaml": "cases/carriage-return-tab.yaml:9:1: error: "
    "YAML syntax error: a tab character is used for indentation",
    "comments-only.yaml": "cases/comments-only.yaml:1:1: error: the file has only comments",
    "control-character.yaml": "cases/control-character.yaml:9:11: error: "
    "the file holds U+0000 NULL, which YAML does not allow",
    "duplicate-key-moment.yaml": "cases/duplicate-key-moment.yaml:27:5: error: "
    "moments[1].stage: duplicate key 'stage': it is already set on line 24",
    "duplicate-key-top.yaml": "cases/duplicate-key-top.yaml:11:1: error: "
    "country: duplicate key 'country': it is already set on line 10",
    "empty-file.yaml": "cases/empty-file.yaml:1:1: error: the file is empty",
    "invalid-utf8.yaml": "cases/invalid-utf8.yaml:5:15: error: byte 0xe8 is not valid UTF-8",
    "tab-indentation.yaml": "cases/tab-indentation.yaml:9:1: error: "
    "YAML syntax error: a tab character is used for indentation",
    "top-level-list.yaml": "cases/top-level-list.yaml:2:1: error: "
    "expected a mapping (key: value), found list",
    "top-level-scalar.yaml": "cases/top-level-scalar.yaml:2:1: error: "
    "expected a mapping (key: value), found text",
    "yaml-syntax-error.yaml": "cases/yaml-syntax-error.yaml:7:8: error: YAML syntax error: "
    "did not find expected ',' or ']' (while parsing a flow sequence)",
}


def test_every_broken_fixture_is_listed() -> None:
    assert set(FIRST_LINES) == {path.name for path in BROKEN.glob("*.yaml")}


@pytest.mark.parametrize("name", sorted(FIRST_LINES))
def test_broken_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    write_cases(tmp_path, {"minimal-case.yaml": valid_text()})
    shutil.copy(BROKEN / name, tmp_path / "cases" / name)
    result = check(tmp_path, monkeypatch)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == FIRST_LINES[name]
    # Only the broken file is reported; the valid one beside it is not.
    reported = {line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")}
    assert reported == {f"cases/{name}"}
    assert result.stderr.strip().endswith("in 1 file; 2 files checked.")


def test_all_broken_fixtures_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cases").mkdir()
    for path in BROKEN.glob("*.yaml"):
        shutil.copy(path, tmp_path / "cases" / path.name)
    result = check(tmp_path, monkeypatch)
    assert_no_traceback(result)
    assert result.exit_code == 1
    reported = {line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")}
    assert reported == {f"cases/{name}" for name in FIRST_LINES}
    count = len(FIRST_LINES)
    assert count > 1
    assert re.fullmatch(rf"\d+ errors in {count} files; {count} files checked\.", result.stderr.strip())


# --------------------------------------------------------------------------- --format github


def test_github_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_cases(
        tmp_path,
        {
            "minimal-case.yaml": edit(
                valid_text(),
                ("  - stage: wait-for-delivery", "  - stage: wait"),
                ("country: GB", "country: XX"),
            ),
            "other-case.yaml": edit(
                valid_text("other-case", 2), ("country: GB\n", "country: GB\n50%: off\n")
            ),
        },
    )
    result = check(tmp_path, monkeypatch, "--format", "github")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "::error file=cases/minimal-case.yaml,line=10,col=10::country: unknown country code 'XX' "
        "(use an ISO 3166-1 alpha-2 code such as GB or IT)",
        "::error file=cases/minimal-case.yaml,line=24,col=12::moments[1].stage: unknown stage 'wait' "
        "(nearest valid ids: wait-for-delivery)",
        # '%' is escaped as GitHub asks, so that the message is not cut.
        "::error file=cases/other-case.yaml,line=11,col=1::"
        "50%25: unknown field '50%25' "
        "(allowed fields: company, country, disputed, id, language, lessons, moments, number, old_ids, "
        "published, questions, related, sector, sources, summary, tags, title, translations, when)",
    ]


def test_github_format_for_every_broken_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cases").mkdir()
    for path in BROKEN.glob("*.yaml"):
        shutil.copy(path, tmp_path / "cases" / path.name)
    (tmp_path / "cases" / "huge-case.yaml").write_text(
        valid_text("huge-case") + "#" * 2_000_000, encoding="utf-8"
    )
    result = check(tmp_path, monkeypatch, "--format", "github")
    assert_no_traceback(result)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines
    for line in lines:
        match = GITHUB_LINE.fullmatch(line)
        assert match, line
        assert "\n" not in match["message"] and "\r" not in match["message"]
        if match["file"] != "cases/huge-case.yaml":
            assert match["line"] and match["col"], line
    assert sum(line.startswith("::error file=cases/huge-case.yaml::") for line in lines) == 1


# --------------------------------------------------------------------------- the real seed library


SEEDS = sorted(path.name for path in SEED_CASES.glob("*.yaml") if not path.name.startswith("_"))
#: Cases spread over the library for the one-mistake tests: each runs a check of the whole
#: library, so a test per case would grow with the square of the library.
SAMPLE = SEEDS[:: max(1, len(SEEDS) // 6)]
WORKSHOPS = sorted((ROOT / "workshops").glob("*.yaml"))
#: What ``casebook check`` says of the whole library, counted from the files.
LIBRARY_VALID = f"All {len(SEEDS)} case files and {len(WORKSHOPS)} workshop files are valid."


def expected_summary(folder: Path, workshops_dir: Path | None = None) -> str:
    """The library line, counted here from the files themselves (every case has text in both languages).

    Translations are counted over cases and the workshops in ``workshops_dir``, if any.
    """
    cases = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("[!_]*.yaml"))]
    workshops = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (workshops_dir.glob("*.yaml") if workshops_dir else ())
    ]
    languages = {"en": "English", "it": "Italian"}
    originals = sorted({case["language"] for case in cases})
    written = ", ".join(
        f"{sum(c['language'] == lang for c in cases)} written in {languages[lang]}" for lang in originals
    )
    statuses = [
        status
        for item in [*cases, *workshops]
        for status in (item.get("translations") or {"_": "draft"}).values()
    ]
    countries = len({case["country"] for case in cases if case.get("country")})
    sectors = len({case["sector"] for case in cases if case.get("sector")})
    drafts = statuses.count("draft")
    return (
        f"Library: {len(cases)} case{'s' * (len(cases) != 1)} ({written}); "
        f"{countries} countr{'ies' if countries != 1 else 'y'}, {sectors} sector{'s' * (sectors != 1)}; "
        f"translations: {statuses.count('reviewed')} reviewed, {drafts} draft{'s' * (drafts != 1)}, "
        "0 missing."
    )


def copy_seeds(project: Path) -> Path:
    return copy_library(project)


def test_seed_library_passes_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        LIBRARY_VALID,
        expected_summary(SEED_CASES, ROOT / "workshops"),
    ]


def test_seed_library_passes_when_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_seeds(tmp_path)
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        f"All {len(SEEDS)} case files are valid.",
        expected_summary(SEED_CASES),
    ]


def first_line(text: str, pattern: str) -> tuple[int, re.Match[str]]:
    """1-based number and match of the first line matching ``pattern``."""
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(pattern, line)
        if match:
            return number, match
    raise AssertionError(f"no line matches {pattern!r}")


@pytest.mark.parametrize("name", SAMPLE)
def test_seed_with_an_unknown_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    cases = copy_seeds(tmp_path)
    text = (cases / name).read_text(encoding="utf-8")
    line, match = first_line(text, r"^(  - stage: )([a-z-]+)$")
    lines = text.splitlines(keepends=True)
    lines[line - 1] = match[1] + "checkout\n"
    (cases / name).write_text("".join(lines), encoding="utf-8")
    result = check(tmp_path, monkeypatch)
    assert_no_traceback(result)
    assert result.exit_code == 1
    column = len(match[1]) + 1
    # One error only: the cases that link to this one are not reported too.
    assert (
        result.stdout.splitlines()[0]
        == f"cases/{name}:{line}:{column}: error: moments[0].stage: unknown stage 'checkout'"
    )
    assert result.stdout.splitlines()[1].startswith("    hint: ")
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr.strip() == f"1 error in 1 file; {len(SEEDS)} files checked."


@pytest.mark.parametrize("name", SAMPLE)
def test_seed_with_broken_indentation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    cases = copy_seeds(tmp_path)
    text = (cases / name).read_text(encoding="utf-8")
    line, _ = first_line(text, r"^  name: ")
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace("  name: ", "\tname: ", 1)
    (cases / name).write_text("".join(lines), encoding="utf-8")
    result = check(tmp_path, monkeypatch)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"cases/{name}:{line}:1: error: YAML syntax error: a tab character is used for indentation"
    )
    assert result.stderr.strip() == f"1 error in 1 file; {len(SEEDS)} files checked."


@pytest.mark.parametrize("name", SAMPLE)
def test_seed_with_a_duplicate_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    cases = copy_seeds(tmp_path)
    text = (cases / name).read_text(encoding="utf-8")
    first, _ = first_line(text, r"^language: ")
    lines = text.splitlines(keepends=True)
    lines.insert(first, "language: it\n")
    (cases / name).write_text("".join(lines), encoding="utf-8")
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"cases/{name}:{first + 1}:1: error: "
        f"language: duplicate key 'language': it is already set on line {first}"
    )


# --------------------------------------------------------------------------- the installed command


def test_installed_command_survives_hostile_files(tmp_path: Path) -> None:
    """A real process, so that a crash in C code (not just an exception) would show."""
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("alias-bomb.yaml", "control-character.yaml", "invalid-utf8.yaml"):
        shutil.copy(BROKEN / name, cases / name)
    (cases / "deep-case.yaml").write_text(
        valid_text("deep-case") + "deep: " + "[" * 300_000 + "]" * 300_000 + "\n"
    )
    (cases / "deep-block-case.yaml").write_text(
        valid_text("deep-block-case") + "deep:\n" + "".join(" " * i + "- \n" for i in range(1, 1500)),
        encoding="utf-8",
    )
    completed = subprocess.run(
        [str(CASEBOOK), "check", "--cases-dir", "cases"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert "cases/deep-case.yaml:38:" in completed.stdout
    assert "cases/deep-block-case.yaml:" in completed.stdout
    assert completed.stderr.strip().endswith("in 5 files; 5 files checked.")


def test_installed_command_on_the_seed_library() -> None:
    completed = subprocess.run([str(CASEBOOK), "check"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stderr.strip().splitlines()[0] == LIBRARY_VALID
