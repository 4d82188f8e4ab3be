# ruff: noqa: F811  (the fixtures of test_browser, imported, are parameters here)
"""``casebook diff-sites``: the pages a pull request changes, compared on two real builds.

The base is the project as it is (the shared ``built_site``); the head changes one case's
English summary (its Italian translation is reviewed, so it goes stale), removes a case
nobody links to, changes a topic's label in the taxonomy and a template. The comparison
must list exactly the pages whose bytes differ, tell which case file each shows, and list
the template's and the label's pages as changed where no changed case file appears.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from casebook.cli import main
from casebook.i18n import load_labels
from casebook.resources import PAGE_TEMPLATES_DIR, TAXONOMY_DIR
from casebook.sitediff import CHANGED, NEW, REMOVED, diff_sites, page_files, to_markdown
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from tests.conftest import REPO_URL, ROOT, SITE_URL, BuildResult, copy_project, run_build
from tests.seen import expect_seen
from tests.test_browser import browser, page, serve  # noqa: F401  (fixtures)

LABELS = load_labels()
MARKER = "A line only the head's template has"


def _case(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _named_elsewhere(case_id: str) -> bool:
    """Whether any other file of the project names ``case_id`` (a link, a related case, a workshop)."""
    files = [*(ROOT / "cases").glob("*.yaml"), *(ROOT / "workshops").glob("*.yaml")]
    files += (ROOT / "docs").rglob("*.md")
    return any(case_id in path.read_text(encoding="utf-8") for path in files if path.stem != case_id)


@pytest.fixture(scope="module")
def change(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The head project and its build, with what it changed."""
    cases = {path.stem: _case(path) for path in sorted((ROOT / "cases").glob("*.yaml"))}
    edited = next(
        case_id
        for case_id, case in cases.items()
        if case["language"] == "en" and case.get("translations") == {"it": "reviewed"}
    )
    removed = next(case_id for case_id in cases if case_id != edited and not _named_elsewhere(case_id))
    used = {tag for case_id in (edited, removed) for tag in cases[case_id].get("tags", [])}
    relabelled = next(tag for case in cases.values() for tag in case.get("tags", []) if tag not in used)
    project = copy_project(
        tmp_path_factory.mktemp("head") / "project", {f"{removed}.yaml": None}, "taxonomy_dir: taxonomy"
    )
    text = (project / f"cases/{edited}.yaml").read_text(encoding="utf-8")
    summary = cases[edited]["summary"]["en"]
    first_words = " ".join(summary.split()[:3])
    assert text.count(first_words) >= 1
    (project / f"cases/{edited}.yaml").write_text(
        text.replace(first_words, "Changed in the head: " + first_words, 1), encoding="utf-8"
    )
    shutil.copytree(TAXONOMY_DIR, project / "taxonomy")
    tags = project / "taxonomy/tags.yaml"
    label = next(tag["label"]["en"] for tag in yaml.safe_load(tags.read_text()) if tag["id"] == relabelled)
    assert tags.read_text().count(f"en: {label},") == 1
    tags.write_text(tags.read_text().replace(f"en: {label},", f"en: {label} (renamed),"), encoding="utf-8")
    template = (PAGE_TEMPLATES_DIR / "workshops.md.j2").read_text(encoding="utf-8")
    override = project / "overrides/casebook/workshops.md.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    intro = '{{ page.t("workshops.intro") }}\n'
    assert template.count(intro) == 1
    override.write_text(template.replace(intro, f"{intro}\n{MARKER}\n"), encoding="utf-8")
    # The way CI builds (strict, quiet), and with the settings of the base build.
    head = run_build(
        project,
        project.parent / "site",
        "--strict",
        "-q",
        env={"CASEBOOK_REPO_URL": REPO_URL, "CASEBOOK_SITE_URL": SITE_URL},
    )
    return {
        "head": head,
        "edited": edited,
        "removed": removed,
        "number": cases[removed]["number"],
        "tag": relabelled,
        "files": [f"cases/{edited}.yaml", f"cases/{removed}.yaml", "overrides/casebook/workshops.md.j2"],
    }


def test_a_stale_translation_shows_in_a_quiet_strict_build_without_failing_it(change: dict) -> None:
    head: BuildResult = change["head"]
    assert head.returncode == 0, head.output
    assert f"cases/{change['edited']}.yaml" in head.output
    assert "summary.it: the English text changed after this Italian translation was reviewed" in head.output
    notice = head.html(f"it/cases/{change['edited']}/").select(".cb-stale")
    assert len(notice) == 1


def test_diff_sites_lists_exactly_the_pages_whose_bytes_differ(built_site: BuildResult, change: dict) -> None:
    head: BuildResult = change["head"]
    diff = diff_sites(built_site.site, head.site, LABELS, change["files"])
    listed = {(c.path, c.change) for c in diff.changes}
    before, after = page_files(built_site.site), page_files(head.site)
    differing = {
        (path, REMOVED if path not in after else NEW if path not in before else CHANGED)
        for path in before.keys() | after.keys()
        if path not in before or path not in after or before[path].read_bytes() != after[path].read_bytes()
    }
    assert listed == differing
    edited, removed, tag = change["edited"], change["removed"], change["tag"]
    # The edited case, in both languages; the removed one and its short address, in both.
    for prefix in ("", "it/"):
        assert (f"{prefix}cases/{edited}/", CHANGED) in listed
        assert (f"{prefix}cases/{removed}/", REMOVED) in listed
        assert (f"{prefix}c/{change['number']}/", REMOVED) in listed
        assert (f"{prefix}workshops/", CHANGED) in listed  # the template
    assert (f"tags/{tag}/", CHANGED) in listed  # the English label
    # A case none of the changes touches keeps its page.
    untouched = [
        path
        for path in before
        if path.startswith("cases/") and path.count("/") == 2 and path not in {p for p, _ in listed}
    ]
    assert untouched


def test_diff_sites_tells_which_case_file_each_page_shows(built_site: BuildResult, change: dict) -> None:
    diff = diff_sites(built_site.site, change["head"].site, LABELS, change["files"])
    edited, removed = change["edited"], change["removed"]
    shown = {name: {c.path for c in changes} for name, changes in diff.by_case_file.items()}
    assert {f"cases/{edited}/", f"it/cases/{edited}/"} <= shown[f"cases/{edited}.yaml"]
    assert {f"cases/{removed}/", f"it/cases/{removed}/", f"c/{change['number']}/"} <= shown[
        f"cases/{removed}.yaml"
    ]
    without = {c.path for c in diff.without_case_file}
    assert {"workshops/", "it/workshops/", f"tags/{change['tag']}/"} <= without
    assert not without & (shown[f"cases/{edited}.yaml"] | shown[f"cases/{removed}.yaml"])
    assert diff.other_files == ["overrides/casebook/workshops.md.j2"]


def test_the_pull_request_comment_lists_pages_by_address_in_both_languages(
    built_site: BuildResult, change: dict
) -> None:
    files = "\n".join(change["files"]) + "\n"
    result = CliRunner().invoke(
        main,
        [
            "diff-sites",
            str(built_site.site),
            str(change["head"].site),
            "--format",
            "markdown",
            "--changed-files",
            "-",
            "--preview-url",
            "https://previews.example.org/pr-7/",
        ],
        input=files,
    )
    assert result.exit_code == 0, result.output
    comment = result.output
    assert comment.startswith("### Pages this pull request changes\n")
    edited, removed = change["edited"], change["removed"]
    preview = "https://previews.example.org/pr-7"
    both = f"[changed]({preview}/cases/{edited}/) | [changed]({preview}/it/cases/{edited}/)"
    assert f"| `cases/{edited}/` | {both} |" in comment
    assert f"| `cases/{removed}/` | removed | removed |" in comment
    assert "Other files changed: `overrides/casebook/workshops.md.j2`" in comment


def test_no_change_says_so_and_a_long_list_is_cut(built_site: BuildResult, change: dict) -> None:
    same = diff_sites(built_site.site, built_site.site, LABELS, [])
    assert same.changes == []
    assert "No page of the site changes." in to_markdown(same, LABELS)
    diff = diff_sites(built_site.site, change["head"].site, LABELS, change["files"])
    addresses = len(diff.by_address())
    assert addresses > 2
    cut = to_markdown(diff, LABELS, limit=2)
    assert f"… and {addresses - 2} more." in cut


@pytest.mark.browser
def test_the_explorer_finds_the_translations_to_read_again(change: dict, page: Page) -> None:
    """A reader ticks the translation filter's stale option with the mouse: the cases cases.json says."""
    head: BuildResult = change["head"]
    cases = json.loads((head.site / "cases.json").read_text(encoding="utf-8"))["cases"]
    stale = sorted(case["id"] for case in cases if case["stale"].get("it"))
    assert stale == [change["edited"]]
    reviewed = [case for case in cases if case["translations"].get("it") == "reviewed" and not case["stale"]]
    for url in serve(head.site):
        page.goto(f"{url}it/explore/")
        facet = page.locator(".cb-facet[data-facet='translation']")
        facet.locator("summary").click()
        option = facet.locator("input[value='it-stale']")
        label = LABELS.t(
            "explore.translation.option",
            "it",
            language="italiano",
            status=LABELS.t("translation.status.stale", "it"),
        )
        expect(option.locator("~ .cb-facet__value")).to_have_text(label)
        # The counts come once the list's data is loaded: as long as the explorer's other waits.
        expect(option.locator("~ .cb-facet__count")).to_have_text(f"({len(stale)})", timeout=15_000)
        expect(facet.locator("input[value='it-reviewed'] ~ .cb-facet__count")).to_have_text(
            f"({len(reviewed)})", timeout=15_000
        )
        option.scroll_into_view_if_needed()  # the last filter: a reader scrolls down to it
        expect_seen(option)
        option.click()
        expect(page).to_have_url(f"{url}it/explore/?translation=it-stale")
        results = page.locator(".cb-card__title")
        expect(results).to_have_count(len(stale))
        assert [link.split("/")[-2] for link in results.evaluate_all("ls => ls.map(a => a.href)")] == stale
