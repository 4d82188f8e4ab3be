"""`make offline`: a zip of the site that works from disk, search included."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import ROOT, BuildResult, built_once
from tests.test_browser import browser, search  # noqa: F401  (fixture)
from tests.test_policy import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make offline``'s zip, unzipped: the site as a trainer opens it from disk (once a run)."""

    def build(work: Path) -> BuildResult:
        archive = work / "casebook-offline.zip"
        made = subprocess.run(
            ["make", "-s", "offline", f"OFFLINE_SITE={work / 'site-offline'}", f"OFFLINE_ZIP={archive}"],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        target = work / "unzipped"
        if made.returncode == 0:
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(target)
        return BuildResult(target / "site-offline", made.returncode, made.stdout + made.stderr)

    result = built_once(tmp_path_factory, "offline", build)
    assert result.returncode == 0, result.output
    return result.site


@pytest.mark.parametrize(
    ("prefix", "query", "case_id"),
    [("", "LeapPad", "boots-leappad-out-of-stock"), ("it/", "bambina", "amazon-it-apology-email-to-child")],
)
def test_offline_zip_finds_a_case_through_search_from_disk(
    unzipped: Path,
    browser: Browser,  # noqa: F811
    prefix: str,
    query: str,
    case_id: str,
) -> None:
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto((unzipped / prefix / "index.html").as_uri())
    paths = search(page, query)
    # The search worker's frame works under the page's security policy, from disk too.
    assert page.evaluate("window.__violations") == []
    assert any(path.endswith(f"/{prefix}cases/{case_id}.html") for path in paths), paths
    page.locator(".md-search-result__item a").first.click()
    expect(page.locator("h1")).to_be_visible()
    assert page.url.startswith("file://")
    context.close()
