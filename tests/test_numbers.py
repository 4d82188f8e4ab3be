"""Two files claiming one case number: check blames the newcomer and says which number to take."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from casebook.cli import main
from click.testing import CliRunner

from tests.casefiles import LINE, edit, load, valid_text


def _numbered(case_id: str, number: int, published: str = "2024-01-10") -> str:
    text = re.sub(r"\nnumber: \d+\n", f"\nnumber: {number}\n", valid_text(case_id))
    return edit(text, ("published: 2024-01-10", f"published: {published}"))


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_the_file_not_on_main_is_blamed_even_when_it_sorts_first(tmp_path: Path) -> None:
    # The library's case sorts after the newcomer and was published later: only git can tell.
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "zeta-case.yaml").write_text(
        _numbered("zeta-case", 7, "2024-03-01"), encoding="utf-8"
    )
    (tmp_path / "cases" / "other-case.yaml").write_text(_numbered("other-case", 9), encoding="utf-8")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "library")
    _git(tmp_path, "checkout", "-q", "-b", "proposal")
    library = load(tmp_path, {"alpha-case.yaml": _numbered("alpha-case", 7, "2024-01-10")})
    clashes = [problem for problem in library.problems if problem.field == "number"]
    assert len(clashes) == 1, library.problems
    problem = clashes[0]
    assert (problem.file, problem.line) == ("cases/alpha-case.yaml", LINE["number"])
    assert "already taken by cases/zeta-case.yaml, which is already on the main branch" in problem.message
    assert "take the number 10" in problem.hint


def test_without_git_the_later_published_file_is_blamed(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "alpha-case.yaml": _numbered("alpha-case", 7, "2024-03-01"),
            "zeta-case.yaml": _numbered("zeta-case", 7, "2024-01-10"),
        },
    )
    (problem,) = [problem for problem in library.problems if problem.field == "number"]
    assert problem.file == "cases/alpha-case.yaml"
    assert "published earlier (2024-01-10)" in problem.message
    assert "take the number 8" in problem.hint


def test_three_claims_get_three_different_numbers_to_take(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {f"case-{n}.yaml": _numbered(f"case-{n}", 4, f"2024-01-1{n}") for n in range(3)},
    )
    clashes = [problem for problem in library.problems if problem.field == "number"]
    assert [problem.file for problem in clashes] == ["cases/case-1.yaml", "cases/case-2.yaml"]
    assert ["take the number 5" in clashes[0].hint, "take the number 6" in clashes[1].hint] == [True, True]


def test_the_github_annotation_carries_the_number_to_take(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "alpha-case.yaml").write_text(_numbered("alpha-case", 3, "2024-02-01"), encoding="utf-8")
    (cases / "beta-case.yaml").write_text(_numbered("beta-case", 3, "2024-01-10"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "github", "--workshops-dir", "none"])
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if "number" in line]
    assert line.startswith(f"::error file=cases/alpha-case.yaml,line={LINE['number']},")
    assert "take the number 4, the next free one" in line
