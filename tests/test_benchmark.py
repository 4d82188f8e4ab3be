"""The build benchmark runs end to end, and its synthetic cases are valid, varied and shared.

Nothing here asserts a time: the benchmark measures, the tests only check that it works.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
import synthetic
from casebook.cli import main
from casebook.loader import load_cases, load_taxonomy
from casebook.resources import TAXONOMY_DIR
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "build.py"
LAST_LINE = re.compile(
    r"^cases=20 build_s=[0-9.]+ baseline_s=[0-9.]+ overhead=[0-9.]+ peak_mib=[0-9.]+"
    r" cached_s=[0-9.]+ cached_ratio=[0-9.]+$"
)


def run_script(script: Path, *args: str, cwd: Path) -> list[str]:
    """Run a benchmark script as CI does; return its output lines (the test fails if it fails)."""
    completed = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout.rstrip("\n").splitlines()


def test_benchmark_runs_and_ends_with_the_summary_line(tmp_path: Path) -> None:
    last_line = run_script(SCRIPT, "--cases", "20", "--repeat", "1", cwd=tmp_path)[-1]
    assert LAST_LINE.match(last_line), last_line


def test_keep_refuses_a_folder_that_is_not_empty(benchmark: ModuleType, tmp_path: Path) -> None:
    keep = tmp_path / "kept"
    (keep / "something").mkdir(parents=True)
    with pytest.raises(SystemExit):
        benchmark.main(["--cases", "3", "--keep", str(keep)])


def test_synthetic_cases_load_without_errors(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    paths = synthetic.write_cases(tmp_path / "cases", 60, seed=3, taxonomy=taxonomy)
    assert len(paths) == 60
    assert all(path.read_text(encoding="utf-8").startswith(synthetic.SCHEMA_LINE + "\n") for path in paths)
    library = load_cases(tmp_path / "cases", taxonomy, display_root=tmp_path)
    assert library.errors == []
    assert library.broken_files == []
    assert len(library.cases) == 60
    for case in library.cases.values():
        assert 3 <= len(case.moments) <= 6
        for field_path, text, _ in case.texts():
            assert text.has("en") and text.has("it"), (case.id, field_path)


def test_synthetic_cases_are_spread_and_shared() -> None:
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    cases = synthetic.generate_cases(200, seed=1, taxonomy=taxonomy)
    companies = Counter(case["company"]["id"] for case in cases)
    assert len(companies) == 20  # N/10 companies
    assert companies.most_common(1)[0][1] >= 10  # skewed: a few big companies
    assert sum(1 for count in companies.values() if count > 1) >= 10  # most companies have several cases
    assert all(len(case["id"]) <= 80 for case in cases)
    assert len({case["id"] for case in cases}) == len({case["number"] for case in cases}) == 200
    used_stages = {moment["stage"] for case in cases for moment in case["moments"]}
    used_touchpoints = {moment["touchpoint"] for case in cases for moment in case["moments"]}
    used_tags = {tag for case in cases for tag in case["tags"]}
    assert used_stages == set(taxonomy.kind("stages"))
    assert used_touchpoints == set(taxonomy.kind("touchpoints"))
    assert used_tags == set(taxonomy.kind("tags"))
    assert any(case.get("related") for case in cases)
    assert {case["language"] for case in cases} == {"en", "it"}
    precisions = Counter(
        len(str(case["when"]).split("-")) if case["when"] != "unknown" else 0 for case in cases
    )
    assert set(precisions) == {0, 1, 2, 3}  # unknown, year, month and day
    for lang in ("en", "it"):
        words = sum(synthetic.count_words(case, lang) for case in cases) / len(cases)
        assert 400 <= words <= 650, (lang, words)


def test_synthetic_cases_are_reproducible() -> None:
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    first = synthetic.generate_cases(15, seed=7, taxonomy=taxonomy)
    again = synthetic.generate_cases(15, seed=7, taxonomy=taxonomy)
    other = synthetic.generate_cases(15, seed=8, taxonomy=taxonomy)
    assert first == again
    assert first != other


def test_serve_edit_benchmark_times_an_edit_and_its_build_steps() -> None:
    """``serve_edit.py --steps`` serves a copy of the seed library and reports one edit."""
    lines = run_script(ROOT / "benchmarks" / "serve_edit.py", "--edits", "1", "--steps", cwd=ROOT)
    n = r"([0-9.]+)"
    line = rf"edit 1: visible after {n} s \(config {n}, files {n}, pages {n}, written {n}\)"
    edit = re.fullmatch(line, lines[-2])
    assert edit, lines[-2]
    visible, *steps = map(float, edit.groups())
    assert steps == sorted(steps) and steps[-1] <= visible
    summary = r"edit_to_visible_median_s=[0-9.]+ edits=1 field=title page=cases/[a-z0-9-]+/"
    assert re.fullmatch(summary, lines[-1]), lines[-1]


def test_serve_start_benchmark_starts_cold_then_from_the_cache() -> None:
    """``serve_start.py``: a second dev server takes every page from the first one's cache."""
    lines = run_script(ROOT / "benchmarks" / "serve_start.py", "--repeat", "1", "--changed", "2", cwd=ROOT)
    reused = re.compile(r"build cache: (\d+) of (\d+) generated files")
    starts = {line.split(" start ")[0]: reused.search(line) for line in lines[:-1]}
    assert set(starts) == {"cold", "unchanged", "changed"}, lines
    counts = {kind: (int(found.group(1)), int(found.group(2))) for kind, found in starts.items() if found}
    assert counts["cold"][0] == 0
    assert counts["unchanged"][0] == counts["unchanged"][1] > 0
    assert 0 < counts["changed"][0] < counts["changed"][1]
    summary = r"cases=\d+ cold_s=[0-9.]+ unchanged_s=[0-9.]+ changed_s=[0-9.]+ changed=2"
    assert re.fullmatch(summary, lines[-1]), lines[-1]


def test_the_site_needs_no_md_in_html(tmp_path: Path) -> None:
    """mkdocs.yml leaves md_in_html out: every page of the site must convert the same without it.

    A template or hand-written page that put Markdown inside HTML (``markdown="1"``)
    would need it again; this measures it on the real site's pages.
    """
    tree = tmp_path / "tree"
    sources = ["--cases-dir", str(ROOT / "cases"), "--docs-dir", str(ROOT / "docs")]
    rendered = CliRunner().invoke(main, ["render", "--out", str(tree), *sources])
    assert rendered.exit_code == 0, rendered.output
    script = ROOT / "benchmarks" / "markdown_extensions.py"
    last_line = run_script(script, str(tree), "--extension", "md_in_html", "--repeat", "1", cwd=tmp_path)[-1]
    summary = r"extension=md_in_html with_s=\S+ without_s=\S+ ratio=\S+ different_pages=0"
    assert re.fullmatch(summary, last_line), last_line
