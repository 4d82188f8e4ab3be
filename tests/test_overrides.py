"""A template override that reads a name its template does not receive stops with its file and line.

The person who wrote the override sees which file and line, the name, and what the
template receives; never a Jinja traceback (``README``: What a page template receives).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from casebook.errors import CasebookError
from casebook.i18n import load_labels
from casebook.loader import load_taxonomy
from casebook.pages import Site, SiteOptions
from casebook.pages.builders import render_home
from casebook.pages.environment import template_environment
from casebook.resources import PAGE_TEMPLATES_DIR, TAXONOMY_DIR

from tests.conftest import ProjectFactory, run_build

#: A line an override author might write, expecting the library (templates no longer get it).
READS_THE_LIBRARY = "{% for case in site.cases %}{{ case }}{% endfor %}\n"


def override_home(project: Path, line: str) -> tuple[Path, int]:
    """Put an override of ``home.md.j2`` into ``project``: the shipped one with ``line`` after its 5th line.

    Returns the override's path relative to the project and the line number ``line`` is on.
    """
    shipped = (PAGE_TEMPLATES_DIR / "home.md.j2").read_text(encoding="utf-8").splitlines(keepends=True)
    override = Path("overrides/casebook/home.md.j2")
    (project / override).parent.mkdir(parents=True, exist_ok=True)
    (project / override).write_text("".join([*shipped[:5], line, *shipped[5:]]), encoding="utf-8")
    return override, 6


def assert_actionable(output: str, override: Path, line: int) -> None:
    """The message names the override, its line, the name read and what the template receives."""
    assert "Traceback" not in output and "UndefinedError" not in output, output
    assert f"{override.as_posix()}:{line}:" in output, output
    assert "site.cases" in output, output
    # What home.md.j2 receives, and what ``site`` holds.
    for name in ("newest", "page", "site", "stats", "urls", "taxonomy", "labels", "options"):
        assert name in output.split("site.cases", 1)[1], (name, output)


def test_mkdocs_build_names_the_override_line_and_what_a_template_receives(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    project = make_project()
    override, line = override_home(project, READS_THE_LIBRARY)
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert_actionable(result.output, override, line)


def test_casebook_render_names_the_override_line_and_applies_good_overrides(
    make_project: ProjectFactory, tmp_path: Path
) -> None:
    project = make_project()
    override, line = override_home(project, READS_THE_LIBRARY)
    render = [sys.executable, "-m", "casebook", "render", "--out", str(tmp_path / "tree")]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    failed = subprocess.run(render, cwd=project, env=environment, capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1
    assert_actionable(failed.stdout + failed.stderr, override, line)
    # The same override, fixed, is what ``casebook render`` writes (as ``mkdocs build`` would).
    override_home(project, "Overridden by the site.\n")
    done = subprocess.run(render, cwd=project, env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Overridden by the site." in (tmp_path / "tree/docs/index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "name", "holds"),
    [
        ("{{ cases | length }}", "cases", None),
        ("{{ site.options.cases }}", "site.options.cases", ["edit_url", "site_name", "site_url"]),
        ("{{ page.library }}", "page.library", ["t", "url"]),
    ],
)
def test_the_name_read_is_given_as_the_template_writes_it(
    tmp_path: Path, line: str, name: str, holds: list[str] | None
) -> None:
    """Top-level names, fields of ``site``'s settings and ``page``'s helpers, through an included file."""
    (tmp_path / "home.md.j2").write_text('{% include "_part.md.j2" %}\n', encoding="utf-8")
    (tmp_path / "_part.md.j2").write_text(f"One line.\n{line}\n", encoding="utf-8")
    site = Site.from_cases(
        {}, load_taxonomy(TAXONOMY_DIR), load_labels(), SiteOptions(template_dirs=(tmp_path,))
    )
    with pytest.raises(CasebookError) as raised:
        render_home(site, "en")
    (problem,) = raised.value.problems
    assert (Path(problem.file).resolve(), problem.line, problem.field) == (
        (tmp_path / "_part.md.j2"),
        2,
        name,
    )
    assert "home.md.j2 receives" in problem.hint
    for held in holds or []:
        assert held in problem.hint.split(";")[1], (held, problem.hint)


def test_a_shipped_template_mistake_keeps_its_traceback(tmp_path: Path) -> None:
    """Only overrides are the site's to fix: an undefined name in Casebook's own templates is a bug."""
    env = template_environment((tmp_path,), ())
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("home.md.j2").render()
