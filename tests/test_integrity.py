"""Nothing crashes, nothing is lost, nothing is written outside the site."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

from casebook.i18n import load_labels
from casebook.loader import load_cases, load_taxonomy
from casebook.model import Localized
from casebook.pages import Site, render_case
from casebook.resources import TAXONOMY_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, ProjectFactory, pagefind_unstable, run_build

BROKEN = ROOT / "tests/fixtures/broken"


def tree_digest(root: Path, skip: str) -> dict[str, str]:
    """Hash every file below ``root`` except those under the folder ``skip``."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and skip not in path.relative_to(root).parts
    }


def test_strict_build_reports_every_broken_file_with_its_line(make_project: ProjectFactory) -> None:
    project = make_project()
    for fixture in BROKEN.glob("*.yaml"):
        shutil.copy(fixture, project / "cases" / fixture.name)
    seed = (project / "cases/boots-leappad-out-of-stock.yaml").read_text(encoding="utf-8")
    semantic = {
        "unknown-stage.yaml": seed.replace("stage: buy", "stage: purchase", 1),
        "future-date.yaml": seed.replace('when: "2011"', "when: 2999-01-01"),
        "impossible-date.yaml": seed.replace('when: "2011"', "when: 2023-02-30"),
    }
    for name, text in semantic.items():
        (project / "cases" / name).write_text(
            text.replace("id: boots-leappad-out-of-stock", f"id: {name[:-5]}")
        )
    result = run_build(project, project / "site", "--strict")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    # It stops once the files are read, before a single page is written (no time bound: see benchmarks/).
    assert not list((project / "site").rglob("*.html"))
    broken_names = [path.name for path in BROKEN.glob("*.yaml")] + list(semantic)
    for name in broken_names:
        assert f"cases/{name}" in result.output, name
    # The semantic errors point at the line of the wrong field, not at the top of the file.
    for name in (*semantic, "duplicate-key-top.yaml", "duplicate-key-moment.yaml"):
        lines = [int(line) for line in re.findall(rf"cases/{re.escape(name)}:(\d+):\d+: ", result.output)]
        assert lines and max(lines) > 1, (name, lines)
    assert len(broken_names) > 1
    summary = f"{len(broken_names)} case files have errors and are NOT on the site"
    assert summary in result.output


def test_build_never_writes_outside_the_site_and_is_reproducible(make_project: ProjectFactory) -> None:
    project = make_project()
    before = tree_digest(project, skip="site")
    first = run_build(project, project / "site", "--strict")
    assert first.returncode == 0, first.output
    assert tree_digest(project, skip="site") == before
    shutil.move(project / "site", project.parent / "first-site")
    second = run_build(project, project / "site", "--strict")
    assert second.returncode == 0, second.output
    one, two = tree_digest(project.parent / "first-site", skip=""), tree_digest(project / "site", skip="")
    # Documented exception: Pagefind's filter and metadata indexes (see pagefind_unstable).
    one, two = ({name: h for name, h in tree.items() if not pagefind_unstable(name)} for tree in (one, two))
    assert any(name.startswith("pagefind/fragment/") for name in one)
    assert one.keys() == two.keys()
    # Documented exception: sitemap.xml carries the build date; it differs only across midnight.
    different = sorted(name for name in one if one[name] != two[name])
    assert set(different) <= {"sitemap.xml", "sitemap.xml.gz"}, different


TAXONOMY = load_taxonomy(TAXONOMY_DIR)
SEEDS = load_cases(ROOT / "cases", TAXONOMY)
SITE = Site.from_cases(SEEDS.cases, TAXONOMY, load_labels())
CASE = SEEDS.cases["boots-leappad-out-of-stock"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.text(max_size=300), st.sampled_from(["en", "it"]))
def test_any_text_renders_without_crashing_or_leaking_markup(summary: str, title: str, lang: str) -> None:
    case = replace(CASE, summary=Localized({"en": summary or "x"}), title=Localized({"en": title or "x"}))
    page = render_case(SITE, case, lang)
    body = page.content.split("\n---\n", 1)[1]
    # The one script element a case page carries besides the presenter's own file is the
    # presenter's data: JSON that nothing in it can close, and that parses.
    data = re.search(r'<script type="application/json" id="cb-presenter-data">(.*?)</script>', body, re.S)
    assert data is not None and not set("<>&") & set(data[1])
    json.loads(data[1])
    rest = body.replace(data[0], "")
    rest = re.sub(r'<script src="[./]*assets/javascripts/presenter\.js" defer></script>', "", rest)
    assert "<script" not in rest.lower()
